import { CloudTrailClient, GetTrailCommand } from '@aws-sdk/client-cloudtrail';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { AppliedExample, applyExample, secondPlan } from '../support/applied-example';

/**
 * GIVEN examples/organization-trail.json (management, log-archive and member accounts) WHEN its two
 * stacks are applied as the README says, each to an emulator of its own account THEN both converge,
 * and the trail is an organization trail delivering to the archive.
 */
describe('the organization-trail example, applied', () => {
  let applied: AppliedExample;
  beforeAll(async () => {
    applied = await applyExample('organization-trail.json');
  }, 900_000);
  afterAll(() => applied?.dispose());

  test.each(['archive', 'trail'] as const)('THEN a second plan of the %s stack changes nothing', async (which) => {
    expect(await secondPlan(applied[which])).toEqual({ code: 0, changes: '' });
  }, 300_000);

  test('THEN the emulator holds an organization trail, delivering to the archive bucket, whose policy admits the organization path', async () => {
    const cloudtrail = new CloudTrailClient(applied.trail.emulator.sdkConfig());
    const s3 = new S3Client(applied.archive.emulator.sdkConfig());
    try {
      const { Trail } = await cloudtrail.send(new GetTrailCommand({ Name: applied.trail.outputs.trail_arn }));
      expect(Trail).toMatchObject({ IsOrganizationTrail: true, IsMultiRegionTrail: true, S3BucketName: applied.archive.outputs.log_bucket_name, KmsKeyId: applied.archive.outputs.kms_key_arn });
      const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: applied.archive.outputs.log_bucket_name }))).Policy ?? '{}');
      expect(policy.Statement.map((statement: { Sid: string }) => statement.Sid)).toEqual(expect.arrayContaining(['AWSCloudTrailWrite', 'AWSCloudTrailOrganizationWrite']));
    } finally {
      cloudtrail.destroy();
      s3.destroy();
    }
  }, 120_000);
});
