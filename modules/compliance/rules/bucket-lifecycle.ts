import { ComplianceRule } from '../rule';

export const bucketLifecycle: ComplianceRule = {
  id: 'bucket-lifecycle',
  level: 'error',
  description: 'Every bucket has an enabled lifecycle rule that expires current and noncurrent versions, so logs do not grow forever.',
  scannerIds: ['CKV2_AWS_61'],
  controls: ['Security Hub S3.13'],
  fix: 'add aws_s3_bucket_lifecycle_configuration with an Enabled rule carrying expiration and noncurrent_version_expiration',
  needs: ['logBucket'],
  check(stack) {
    return stack.resources('aws_s3_bucket').flatMap((bucket) => {
      const rules = stack.settingsOf(bucket, 'aws_s3_bucket_lifecycle_configuration').flatMap((lifecycle) => lifecycle.config.rule ?? []);
      const expires = rules.some((rule: any) => rule.status === 'Enabled' && rule.expiration?.length > 0 && rule.noncurrent_version_expiration?.length > 0);
      return expires ? [] : [{ resource: bucket.address, message: 'no enabled lifecycle rule expires current and noncurrent versions' }];
    });
  },
};
