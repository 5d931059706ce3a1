import { ComplianceRule } from '../rule';

export const logGroupKms: ComplianceRule = {
  id: 'log-group-kms',
  level: 'error',
  description: "Every log group is encrypted with the stack's KMS key.",
  scannerIds: ['CKV_AWS_158', 'AVD-AWS-0017'],
  fix: "set kms_key_id on the log group to the trail key's ARN",
  needs: ['detections'],
  check(stack) {
    const keys = stack.resources('aws_kms_key');
    return stack
      .resources('aws_cloudwatch_log_group')
      .filter((group) => !keys.some((key) => stack.refersTo(group.config.kms_key_id, key)))
      .map((group) => ({ resource: group.address, message: "the log group is not encrypted with the stack's key" }));
  },
};
