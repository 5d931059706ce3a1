import { ComplianceRule } from '../rule';

export const alarmsHaveActions: ComplianceRule = {
  id: 'alarms-have-actions',
  level: 'error',
  description: 'Every alarm notifies a topic of the stack when it fires: an alarm without an action tells nobody.',
  scannerIds: [],
  fix: 'set alarm_actions on the alarm to the alarm topic ARN',
  needs: ['detections'],
  check(stack) {
    const topics = stack.resources('aws_sns_topic');
    return stack
      .resources('aws_cloudwatch_metric_alarm')
      .filter((alarm) => !(alarm.config.alarm_actions ?? []).some((action: string) => topics.some((topic) => stack.refersTo(action, topic))))
      .map((alarm) => ({ resource: alarm.address, message: `alarm ${alarm.config.alarm_name} notifies no topic of this stack` }));
  },
};
