import { ComplianceRule } from '../rule';

export const bucketVersioning: ComplianceRule = {
  id: 'bucket-versioning',
  level: 'error',
  description: 'Every bucket is versioned, so an overwritten or deleted log file can be recovered.',
  scannerIds: ['CKV_AWS_21', 'AVD-AWS-0090'],
  controls: ['Security Hub S3.14'],
  fix: 'add aws_s3_bucket_versioning with versioning_configuration.status = "Enabled"',
  needs: ['logBucket'],
  check(stack) {
    return stack.resources('aws_s3_bucket').flatMap((bucket) =>
      stack.settingsOf(bucket, 'aws_s3_bucket_versioning').some((v) => v.config.versioning_configuration?.status === 'Enabled')
        ? []
        : [{ resource: bucket.address, message: 'versioning is not enabled' }],
    );
  },
};
