import { ComplianceRule } from '../rule';
import { isUnconditionedPublicAllow } from '../rule-helpers';

export const kmsNoPublicPrincipal: ComplianceRule = {
  id: 'kms-no-public-principal',
  level: 'error',
  description: 'No key policy allows anyone ("*") without a condition.',
  scannerIds: ['CKV_AWS_33'],
  fix: 'name the principal, or add a condition that narrows "*"',
  check(stack) {
    return stack.resources('aws_kms_key').flatMap((key) =>
      (stack.statementsOf(key.config.policy) ?? [])
        .filter(isUnconditionedPublicAllow)
        .map((s) => ({ resource: key.address, message: `statement ${s.sid ?? '(no Sid)'} allows "*" without a condition` })),
    );
  },
};
