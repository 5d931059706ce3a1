import { ComplianceRule } from '../rule';
import { isViolation, theLogBucket } from '../rule-helpers';

export const logBucketObjectLock: ComplianceRule = {
  id: 'log-bucket-object-lock',
  level: 'error',
  description: 'Where the environment asks for Object Lock, every log file written gets a default retention.',
  scannerIds: ['CKV_AWS_143'],
  controls: ['Security Hub S3.15'],
  fix: 'add aws_s3_bucket_object_lock_configuration with object_lock_enabled "Enabled" and a default_retention',
  needs: ['logBucket'],
  check(stack, context) {
    if (!context.objectLock) return [];
    const bucket = theLogBucket(stack, context);
    if (isViolation(bucket)) return [bucket];
    const locked = stack
      .settingsOf(bucket, 'aws_s3_bucket_object_lock_configuration')
      .some((lock) => lock.config.object_lock_enabled === 'Enabled' && lock.config.rule?.default_retention?.mode);
    return locked ? [] : [{ resource: bucket.address, message: 'the environment asks for Object Lock and the log bucket has no default retention' }];
  },
};
