import { ComplianceRule } from '../rule';
import { isViolation, theLogBucket } from '../rule-helpers';

export const logBucketKmsEncryption: ComplianceRule = {
  id: 'log-bucket-kms-encryption',
  level: 'error',
  description: "The log bucket's default encryption is SSE-KMS with the stack's own key.",
  scannerIds: ['CKV_AWS_145', 'AVD-AWS-0132'],
  controls: ['Security Hub S3.17'],
  fix: 'add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "aws:kms" and kms_master_key_id the trail key',
  needs: ['logBucket'],
  check(stack, context) {
    const bucket = theLogBucket(stack, context);
    if (isViolation(bucket)) return [bucket];
    const keys = stack.resources('aws_kms_key');
    const encrypted = stack.settingsOf(bucket, 'aws_s3_bucket_server_side_encryption_configuration').some((config) =>
      (config.config.rule ?? []).some((rule: any) => {
        const defaults = rule.apply_server_side_encryption_by_default ?? {};
        return defaults.sse_algorithm === 'aws:kms' && keys.some((key) => stack.refersTo(defaults.kms_master_key_id, key));
      }),
    );
    return encrypted ? [] : [{ resource: bucket.address, message: "default encryption is not SSE-KMS with the stack's key" }];
  },
};
