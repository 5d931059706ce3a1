import { ComplianceRule } from '../rule';
import { isViolation, theLogBucket } from '../rule-helpers';

export const logBucketAccessLogging: ComplianceRule = {
  id: 'log-bucket-access-logging',
  level: 'error',
  description: "The log bucket's server access logs go to the stack's access-log bucket: the record of who read or deleted log files.",
  scannerIds: ['CKV_AWS_18', 'AVD-AWS-0089', 'AVD-AWS-0161'],
  controls: ['CIS 3.6', 'Security Hub CloudTrail.7', 'Security Hub S3.9'],
  fix: 'add aws_s3_bucket_logging on the log bucket with target_bucket the access-log bucket (S3AuditTrail accessLogBucketName)',
  needs: ['logBucket'],
  check(stack, context) {
    const bucket = theLogBucket(stack, context);
    if (isViolation(bucket)) return [bucket];
    const target = context.accessLogBucketName ? stack.bucketNamed(context.accessLogBucketName) : undefined;
    if (!target) return [{ resource: bucket.address, message: 'the stack has no access-log bucket' }];
    const logs = stack.settingsOf(bucket, 'aws_s3_bucket_logging').some((logging) => stack.refersTo(logging.config.target_bucket, target));
    return logs ? [] : [{ resource: bucket.address, message: `server access logs are not delivered to ${context.accessLogBucketName}` }];
  },
};
