/** Step 5 of smoke:aws: which buckets a failed destroy stopped at, and which of them may be emptied. */
import { DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { bucketsNotEmpty, destroyEnvironment } from '../../scripts/lib/smoke/destroy-step';
import { fakeDeployment } from './fakes';

const notEmpty = (bucket: string) =>
  `Error: deleting S3 Bucket (${bucket}): operation error S3: DeleteBucket, https response error StatusCode: 409, ` +
  'api error BucketNotEmpty: The bucket you tried to delete is not empty. You must delete all versions in the bucket.\n\n';

describe('bucketsNotEmpty', () => {
  test('GIVEN several errors WHEN read THEN each bucket refused as not empty is named once, other errors ignored', () => {
    const output =
      notEmpty('acme-test-audit-logs-123456789012') +
      'Error: deleting KMS Key (k): AccessDeniedException\n\n' +
      notEmpty('acme-test-access-logs-123456789012') +
      notEmpty('acme-test-audit-logs-123456789012');
    expect(bucketsNotEmpty(output)).toEqual(['acme-test-audit-logs-123456789012', 'acme-test-access-logs-123456789012']);
    expect(bucketsNotEmpty('Error: deleting S3 Bucket (b-1): AccessDenied')).toEqual([]);
  });
});

describe('destroyEnvironment', () => {
  const s3 = mockClient(S3Client);
  beforeEach(() => {
    s3.reset();
    s3.on(ListObjectVersionsCommand).resolves({ IsTruncated: false, Versions: [{ Key: 'AWSLogs/x.json.gz', VersionId: 'v1' }] });
    s3.on(DeleteObjectsCommand).resolves({});
  });
  const destroy = (script: Parameters<typeof fakeDeployment>[0]) => {
    const { deployment, calls } = fakeDeployment(script);
    const run = destroyEnvironment({ deployment, s3: new S3Client({ region: 'eu-west-1' }), stackBucketPrefix: 'acme-test-', log: () => undefined });
    return { run, calls };
  };

  test('GIVEN a bucket that is not the stack’s WHEN the destroy stops at it THEN it is not emptied and the step fails', async () => {
    const { run } = destroy({ destroys: [{ ok: false, output: notEmpty('customer-data') }] });
    const result = await run;
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('customer-data, not named like this stack');
    expect(s3.calls()).toHaveLength(0);
  });

  test('GIVEN a destroy that keeps stopping at a full bucket WHEN run THEN it gives up after three attempts', async () => {
    const full = { ok: false, output: notEmpty('acme-test-audit-logs-123456789012') };
    const { run, calls } = destroy({ destroys: [full, full, full, { ok: true, output: 'Destroy complete!' }] });
    const result = await run;
    expect(result.status).toBe('fail');
    expect(result.detail).toMatch(/^terraform destroy failed 3 times: Error: deleting S3 Bucket \(acme-test-audit-logs-123456789012\)/);
    expect(calls).toEqual(['destroy', 'destroy', 'destroy']);
  });
});
