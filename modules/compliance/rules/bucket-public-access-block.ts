import { ComplianceRule } from '../rule';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

export const bucketPublicAccessBlock: ComplianceRule = {
  id: 'bucket-public-access-block',
  level: 'error',
  description: 'Every bucket of the stack has a public access block with all four flags on.',
  scannerIds: ['CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'AVD-AWS-0086', 'AVD-AWS-0087', 'AVD-AWS-0091', 'AVD-AWS-0093', 'AVD-AWS-0094'],
  controls: ['Security Hub S3.8', 'CIS 2.1.4'],
  fix: 'add an aws_s3_bucket_public_access_block for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true',
  needs: ['logBucket'],
  check(stack) {
    return stack.resources('aws_s3_bucket').flatMap((bucket) => {
      const blocks = stack.settingsOf(bucket, 'aws_s3_bucket_public_access_block');
      if (blocks.length === 0) return [{ resource: bucket.address, message: 'no public access block' }];
      const off = FLAGS.filter((flag) => !blocks.some((block) => block.config[flag] === true));
      return off.length === 0 ? [] : [{ resource: blocks[0].address, message: `${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} not on` }];
    });
  },
};
