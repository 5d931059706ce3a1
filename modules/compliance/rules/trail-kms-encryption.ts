import { ComplianceRule } from '../rule';
import { isViolation, theTrail } from '../rule-helpers';

export const trailKmsEncryption: ComplianceRule = {
  id: 'trail-kms-encryption',
  level: 'error',
  description: "Log files are encrypted with the stack's own customer managed KMS key.",
  scannerIds: ['CKV_AWS_35', 'AVD-AWS-0015'],
  controls: ['CIS 3.7', 'Security Hub CloudTrail.2'],
  fix: "set kms_key_id on the trail to the trail key's ARN",
  needs: ['trail'],
  check(stack, context) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    const keys = stack.resources('aws_kms_key');
    // With a log archive, the archive stack's key encrypts the log files (judged in that stack).
    const ours = keys.some((key) => stack.refersTo(trail.config.kms_key_id, key)) || (context.logArchiveKmsKeyArn !== undefined && trail.config.kms_key_id === context.logArchiveKmsKeyArn);
    return ours ? [] : [{ resource: trail.address, message: `kms_key_id is ${JSON.stringify(trail.config.kms_key_id)}, not a key of this stack` }];
  },
};
