import { ComplianceRule } from '../rule';

/**
 * What S3 server access logging needs of its destination, and nothing less (S3 User Guide,
 * "Enabling Amazon S3 server access logging"): SSE-S3 default encryption (SSE-KMS is not
 * supported there), no Object Lock default retention (it blocks delivery), and delivery granted
 * to logging.s3.amazonaws.com for the one log bucket of this account.
 */
export const accessLogBucketDelivery: ComplianceRule = {
  id: 'access-log-bucket-delivery',
  level: 'error',
  description: 'The access-log bucket takes deliveries only from S3 logging for the log bucket, with SSE-S3 and no Object Lock retention.',
  scannerIds: [],
  fix: 'encrypt the access-log bucket with AES256, give it no object lock configuration, and grant logging.s3.amazonaws.com s3:PutObject with aws:SourceArn the log bucket and aws:SourceAccount',
  needs: ['logBucket'],
  check(stack, context) {
    if (!context.accessLogBucketName) return [];
    const bucket = stack.bucketNamed(context.accessLogBucketName);
    if (!bucket) return [{ resource: `aws_s3_bucket.${context.accessLogBucketName}`, message: 'the access-log bucket is not in the stack' }];
    const violations = [];
    const sseS3 = stack
      .settingsOf(bucket, 'aws_s3_bucket_server_side_encryption_configuration')
      .some((config) => (config.config.rule ?? []).some((rule: any) => rule.apply_server_side_encryption_by_default?.sse_algorithm === 'AES256'));
    if (!sseS3) violations.push({ resource: bucket.address, message: 'default encryption is not SSE-S3 (AES256), which log delivery needs' });
    if (stack.settingsOf(bucket, 'aws_s3_bucket_object_lock_configuration').length > 0) {
      violations.push({ resource: bucket.address, message: 'an Object Lock configuration would block log delivery' });
    }
    const statements = stack.settingsOf(bucket, 'aws_s3_bucket_policy').flatMap((policy) => stack.statementsOf(policy.config.policy) ?? []);
    const delivery = statements.filter((s) => s.effect === 'Allow' && s.principals.Service?.includes('logging.s3.amazonaws.com'));
    const guarded = delivery.some(
      (s) =>
        s.actions.length === 1 && s.actions[0] === 's3:PutObject' &&
        s.conditions.some((c) => c.variable === 'aws:SourceArn' && c.values.length === 1 && c.values[0].endsWith(`:::${context.logBucketName}`)) &&
        s.conditions.some((c) => c.variable === 'aws:SourceAccount' && c.values.length === 1 && c.values[0] === context.accountId),
    );
    if (!guarded) {
      violations.push({ resource: bucket.address, message: 'no policy statement grants logging.s3.amazonaws.com s3:PutObject for the log bucket only, in this account only' });
    }
    return violations;
  },
};
