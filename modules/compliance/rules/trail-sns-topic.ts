import { ComplianceRule } from '../rule';
import { isViolation, theTrail } from '../rule-helpers';

export const trailSnsTopic: ComplianceRule = {
  id: 'trail-sns-topic',
  level: 'warning',
  description: 'The trail notifies an SNS topic of each log file it delivers.',
  scannerIds: ['CKV_AWS_252'],
  fix: 'set sns_topic_name on the trail, or suppress with the reason',
  needs: ['trail'],
  check(stack) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    return trail.config.sns_topic_name ? [] : [{ resource: trail.address, message: 'no SNS topic is notified of log file deliveries' }];
  },
};
