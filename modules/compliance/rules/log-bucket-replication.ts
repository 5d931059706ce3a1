import { ComplianceRule } from '../rule';
import { isViolation, theLogBucket } from '../rule-helpers';

export const logBucketReplication: ComplianceRule = {
  id: 'log-bucket-replication',
  level: 'warning',
  description: 'Log files are replicated to a bucket in another region or account, so the record survives the loss of this one.',
  scannerIds: ['CKV_AWS_144'],
  controls: ['Security Hub S3.7'],
  fix: 'set replication in the environment (destination bucket, account, KMS key), or suppress with the reason',
  needs: ['logBucket'],
  check(stack, context) {
    const bucket = theLogBucket(stack, context);
    if (isViolation(bucket)) return [bucket];
    const replicated = stack
      .settingsOf(bucket, 'aws_s3_bucket_replication_configuration')
      .some((replication) => (replication.config.rule ?? []).some((rule: any) => rule.status === 'Enabled'));
    return replicated ? [] : [{ resource: bucket.address, message: 'log files are not replicated anywhere' }];
  },
};
