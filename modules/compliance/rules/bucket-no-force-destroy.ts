import { ComplianceRule } from '../rule';

export const bucketNoForceDestroy: ComplianceRule = {
  id: 'bucket-no-force-destroy',
  level: 'error',
  description: 'No bucket is force-destroyed: Terraform must never empty an audit bucket on its way to deleting it.',
  scannerIds: [],
  fix: 'set force_destroy = false on the bucket',
  needs: ['logBucket'],
  check(stack) {
    return stack
      .resources('aws_s3_bucket')
      .filter((bucket) => bucket.config.force_destroy === true)
      .map((bucket) => ({ resource: bucket.address, message: 'force_destroy is true' }));
  },
};
