import { ComplianceRule } from '../rule';

export const bucketAclsDisabled: ComplianceRule = {
  id: 'bucket-acls-disabled',
  level: 'error',
  description: 'Every bucket enforces bucket-owner ownership, which turns ACLs off: access is decided by policy alone.',
  scannerIds: ['CKV2_AWS_65'],
  controls: ['Security Hub S3.12'],
  fix: 'add aws_s3_bucket_ownership_controls with object_ownership = "BucketOwnerEnforced"',
  needs: ['logBucket'],
  check(stack) {
    return stack.resources('aws_s3_bucket').flatMap((bucket) =>
      stack.settingsOf(bucket, 'aws_s3_bucket_ownership_controls').some((controls) => controls.config.rule?.object_ownership === 'BucketOwnerEnforced')
        ? []
        : [{ resource: bucket.address, message: 'object ownership is not BucketOwnerEnforced, so ACLs still grant access' }],
    );
  },
};
