import { ComplianceRule } from '../rule';
import { isViolation, theTrail } from '../rule-helpers';

export const trailKmsEncryption: ComplianceRule = {
  id: 'trail-kms-encryption',
  level: 'error',
  description: "Log files are encrypted with the stack's own customer managed KMS key.",
  scannerIds: ['CKV_AWS_35', 'AVD-AWS-0015'],
  controls: ['CIS 3.7', 'Security Hub CloudTrail.2'],
  fix: "set kms_key_id on the trail to the trail key's ARN",
  check(stack) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    const keys = stack.resources('aws_kms_key');
    const ours = keys.some((key) => stack.refersTo(trail.config.kms_key_id, key));
    return ours ? [] : [{ resource: trail.address, message: `kms_key_id is ${JSON.stringify(trail.config.kms_key_id)}, not a key of this stack` }];
  },
};
