import { CloudTrailClient, GetTrailCommand } from '@aws-sdk/client-cloudtrail';
import { AppliedExample, applyExample, secondPlan } from '../support/applied-example';

/**
 * GIVEN examples/central-log-archive.json (one account's trail, its log files in the log-archive
 * account) WHEN its stacks are applied THEN both converge and the trail delivers to the archive.
 */
describe('the central-log-archive example, applied', () => {
  let applied: AppliedExample;
  beforeAll(async () => {
    applied = await applyExample('central-log-archive.json');
  }, 900_000);
  afterAll(() => applied?.dispose());

  test.each(['archive', 'trail'] as const)('THEN a second plan of the %s stack changes nothing', async (which) => {
    expect(await secondPlan(applied[which])).toEqual({ code: 0, changes: '' });
  }, 300_000);

  test("THEN the member's trail delivers to the archive bucket with the archive key, and is not an organization trail", async () => {
    const cloudtrail = new CloudTrailClient(applied.trail.emulator.sdkConfig());
    try {
      const { Trail } = await cloudtrail.send(new GetTrailCommand({ Name: applied.trail.outputs.trail_arn }));
      expect(Trail).toMatchObject({ IsOrganizationTrail: false, S3BucketName: applied.archive.outputs.log_bucket_name, KmsKeyId: applied.archive.outputs.kms_key_arn });
    } finally {
      cloudtrail.destroy();
    }
  }, 120_000);
});
