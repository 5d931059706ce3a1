import { ComplianceRule } from '../rule';

export const logGroupRetention: ComplianceRule = {
  id: 'log-group-retention',
  level: 'error',
  description: 'Every log group keeps events for at least a year (the log files in S3 keep the full record).',
  scannerIds: ['CKV_AWS_338', 'CKV_AWS_66'],
  controls: ['Security Hub CloudWatch.16'],
  fix: 'set logRetentionDays to 365 or more, or suppress with the reason',
  needs: ['detections'],
  check(stack) {
    return stack
      .resources('aws_cloudwatch_log_group')
      .filter((group) => !(typeof group.config.retention_in_days === 'number' && group.config.retention_in_days >= 365))
      .map((group) => ({ resource: group.address, message: `retention is ${group.config.retention_in_days ?? 'unset'} days, under a year` }));
  },
};
