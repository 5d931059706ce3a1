import { ComplianceRule } from '../rule';
import { isViolation, theLogBucket } from '../rule-helpers';

/**
 * "Configure AWS KMS key policies for CloudTrail": with an S3 Bucket Key on the log bucket,
 * CloudTrail needs kms:Decrypt to create or update the trail. Without it the first apply fails.
 */
export const kmsBucketKeyDecrypt: ComplianceRule = {
  id: 'kms-bucket-key-decrypt',
  level: 'error',
  description: 'Where the log bucket uses an S3 Bucket Key, the key policy lets CloudTrail decrypt, as CreateTrail requires.',
  scannerIds: [],
  fix: 'add a kms:Decrypt statement for cloudtrail.amazonaws.com with aws:SourceArn the trail, or turn the Bucket Key off',
  needs: ['logBucket'],
  check(stack, context) {
    const bucket = theLogBucket(stack, context);
    if (isViolation(bucket)) return [bucket];
    const encryption = stack.settingsOf(bucket, 'aws_s3_bucket_server_side_encryption_configuration');
    const bucketKey = encryption.some((config) => (config.config.rule ?? []).some((rule: any) => rule.bucket_key_enabled === true));
    if (!bucketKey) return [];
    const keys = stack.resources('aws_kms_key').filter((key) =>
      encryption.some((config) => (config.config.rule ?? []).some((rule: any) => stack.refersTo(rule.apply_server_side_encryption_by_default?.kms_master_key_id, key))),
    );
    return keys.flatMap((key) => {
      const decrypts = (stack.statementsOf(key.config.policy) ?? []).some(
        (s) => s.effect === 'Allow' && s.principals.Service?.includes('cloudtrail.amazonaws.com') && s.actions.some((a) => a === 'kms:Decrypt' || a === 'kms:Decrypt*'),
      );
      return decrypts ? [] : [{ resource: key.address, message: 'the log bucket uses an S3 Bucket Key and CloudTrail may not kms:Decrypt with this key' }];
    });
  },
};
