import { ComplianceRule } from '../rule';
import { isUnconditionedPublicAllow } from '../rule-helpers';

export const bucketNoPublicPrincipal: ComplianceRule = {
  id: 'bucket-no-public-principal',
  level: 'error',
  description: 'No bucket policy allows anyone ("*") without a condition.',
  scannerIds: ['CKV_AWS_70', 'AVD-AWS-0163'],
  controls: ['CIS 3.3'],
  fix: 'name the principal, or add a condition that narrows "*" to this account or service',
  needs: ['logBucket'],
  check(stack) {
    return stack.resources('aws_s3_bucket_policy').flatMap((policy) =>
      (stack.statementsOf(policy.config.policy) ?? [])
        .filter(isUnconditionedPublicAllow)
        .map((s) => ({ resource: policy.address, message: `statement ${s.sid ?? '(no Sid)'} allows "*" without a condition` })),
    );
  },
};
