import { ComplianceRule } from '../rule';

export const kmsKeyRotation: ComplianceRule = {
  id: 'kms-key-rotation',
  level: 'error',
  description: 'Every KMS key of the stack rotates its key material yearly.',
  scannerIds: ['CKV_AWS_7', 'AVD-AWS-0065'],
  controls: ['CIS 3.8', 'Security Hub KMS.4'],
  fix: 'set enable_key_rotation = true on the key',
  check(stack) {
    return stack
      .resources('aws_kms_key')
      .filter((key) => key.config.enable_key_rotation !== true)
      .map((key) => ({ resource: key.address, message: 'key rotation is off' }));
  },
};
