import { ComplianceRule, Violation } from '../rule';

const CHANNEL_TYPES = ['aws_chatbot_slack_channel_configuration', 'aws_chatbot_teams_channel_configuration'];
// The Chatbot "Notification permissions" policy: enough to render an alarm and its chart.
const NOTIFICATION_ACTION = /^cloudwatch:(Describe|Get|List)[A-Za-z]*\*?$/;
const AWS_MANAGED_READ_ONLY = /^arn:[^:]+:iam::aws:policy\/CloudWatchReadOnlyAccess$/;

/**
 * Chatbot applies AdministratorAccess as the guardrail of a channel that names none, so any
 * member with a broad user role could act from the channel. The guardrail must be read-only.
 */
export const chatChannelGuardrails: ComplianceRule = {
  id: 'chat-channel-guardrails',
  level: 'error',
  description: 'Every Chatbot channel names its guardrails, and they allow only reading CloudWatch: without any, Chatbot applies AdministratorAccess.',
  scannerIds: [],
  fix: 'set guardrail_policy_arns to the channel\'s own policy allowing only cloudwatch:Describe*, cloudwatch:Get* and cloudwatch:List* (or CloudWatchReadOnlyAccess)',
  needs: ['detections'],
  check(stack) {
    const policies = stack.resources('aws_iam_policy');
    return CHANNEL_TYPES.flatMap((type) => stack.resources(type)).flatMap((channel): Violation[] => {
      const guardrails: unknown[] = channel.config.guardrail_policy_arns ?? [];
      if (guardrails.length === 0) return [{ resource: channel.address, message: 'the channel names no guardrail, so Chatbot applies AdministratorAccess' }];
      return guardrails.flatMap((arn): Violation[] => {
        if (typeof arn === 'string' && AWS_MANAGED_READ_ONLY.test(arn)) return [];
        const policy = policies.find((p) => stack.refersTo(arn, p));
        if (!policy) return [{ resource: channel.address, message: `guardrail ${String(arn)} is neither a policy of this stack nor CloudWatchReadOnlyAccess` }];
        const statements = stack.statementsOf(policy.config.policy);
        if (!statements) return [{ resource: policy.address, message: 'the guardrail policy is not a policy document this stack writes' }];
        return statements
          .filter((s) => s.effect === 'Allow')
          .flatMap((s) => {
            const extra = s.actions.filter((action) => !NOTIFICATION_ACTION.test(action));
            return extra.length > 0 ? [{ resource: policy.address, message: `guardrail statement ${s.sid ?? '(no Sid)'} also allows ${extra.join(', ')}` }] : [];
          });
      });
    });
  },
};
