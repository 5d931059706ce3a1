import { ComplianceRule } from '../rule';
import { isViolation, theTrail } from '../rule-helpers';

export const trailCloudWatchLogs: ComplianceRule = {
  id: 'trail-cloudwatch-logs',
  level: 'error',
  description: "The trail delivers to the stack's log group through a role of the stack, where the metric filters read.",
  scannerIds: ['CKV2_AWS_10', 'AVD-AWS-0162'],
  controls: ['CIS 3.4', 'Security Hub CloudTrail.5'],
  fix: 'set cloud_watch_logs_group_arn to the log group ARN with ":*" and cloud_watch_logs_role_arn to the delivery role',
  needs: ['trail'],
  check(stack) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    const problems: string[] = [];
    if (!stack.resources('aws_cloudwatch_log_group').some((group) => stack.refersTo(trail.config.cloud_watch_logs_group_arn, group))) {
      problems.push('cloud_watch_logs_group_arn is not a log group of this stack');
    }
    if (!stack.resources('aws_iam_role').some((role) => stack.refersTo(trail.config.cloud_watch_logs_role_arn, role))) {
      problems.push('cloud_watch_logs_role_arn is not a role of this stack');
    }
    return problems.map((message) => ({ resource: trail.address, message }));
  },
};
