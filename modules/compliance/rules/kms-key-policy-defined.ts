import { ComplianceRule } from '../rule';

export const kmsKeyPolicyDefined: ComplianceRule = {
  id: 'kms-key-policy-defined',
  level: 'error',
  description: "Every KMS key carries the stack's own key policy, not the default that any IAM policy in the account can widen.",
  scannerIds: ['CKV2_AWS_64'],
  fix: 'set policy on the key to a policy document of the stack',
  check(stack) {
    return stack
      .resources('aws_kms_key')
      .filter((key) => stack.statementsOf(key.config.policy) === undefined)
      .map((key) => ({ resource: key.address, message: 'the key has no policy document of this stack' }));
  },
};
