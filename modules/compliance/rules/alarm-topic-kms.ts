import { ComplianceRule } from '../rule';

export const alarmTopicKms: ComplianceRule = {
  id: 'alarm-topic-kms',
  level: 'error',
  description: "Every SNS topic is encrypted with the stack's customer managed key.",
  scannerIds: ['CKV_AWS_26', 'AVD-AWS-0095', 'AVD-AWS-0136'],
  controls: ['Security Hub SNS.1'],
  fix: "set kms_master_key_id on the topic to the trail key's ARN",
  needs: ['detections'],
  check(stack) {
    const keys = stack.resources('aws_kms_key');
    return stack
      .resources('aws_sns_topic')
      .filter((topic) => !keys.some((key) => stack.refersTo(topic.config.kms_master_key_id, key)))
      .map((topic) => ({ resource: topic.address, message: "the topic is not encrypted with the stack's key" }));
  },
};
