import { COMPLIANCE_RULES } from '../../modules/compliance/pack';
import type { EnvironmentInput } from '../../stacks/environment-schema';
import { elementAt, reportOf, shippedStack, synthError } from '../support/compliance';

/** prod with a paging topic and a Slack channel on the paging topic: what the README shows. */
const withRouting = (env: EnvironmentInput): EnvironmentInput => ({
  ...env,
  paging: { emailAddresses: ['pager@example.com'] },
  chatChannel: { type: 'slack', workspaceId: 'T07EA123LEP', channelId: 'C07EZ1ABC23', alarms: 'paged' },
});

const failsWith = (rule: string, error: string | undefined) => {
  expect(error).toMatch(new RegExp(`\\[${rule}\\] (aws_|data\\.)[a-z0-9_]+\\.[A-Za-z0-9_-]+: .+ — `));
  expect(error).toContain(COMPLIANCE_RULES.find((r) => r.id === rule)?.fix ?? '');
};

describe('the compliance pack on a stack with two topics and a chat channel', () => {
  test('GIVEN prod with paging and a Slack channel THEN every rule passes and synth succeeds', () => {
    const stack = shippedStack('prod', withRouting);
    expect(reportOf(stack).findings).toEqual([]);
    expect(synthError(stack)).toBeUndefined();
  });

  test.each([
    ['alarm-topic-kms', 'AuditTrail/Alarms/PagingTopic/Resource', 'kms_master_key_id', 'alias/aws/sns'],
    ['alarm-topic-publishers', 'AuditTrail/Alarms/PagingTopic/TopicPolicyDocument', 'statement.1.condition', undefined],
    ['alarm-topic-tls-only', 'AuditTrail/Alarms/PagingTopic/TopicPolicyDocument', 'statement.2.effect', 'Allow'],
  ])('GIVEN the paging topic broken for %s WHEN synthesized THEN synth fails with that rule id and the fix', (rule, path, attribute, value) => {
    const stack = shippedStack('prod', withRouting);
    elementAt(stack, path).addOverride(attribute, value);
    failsWith(rule, synthError(stack));
  });

  test.each([
    ['no guardrail (Chatbot then applies AdministratorAccess)', 'AuditTrail/ChatChannel/Resource', 'guardrail_policy_arns', undefined, 'the channel names no guardrail'],
    ['AdministratorAccess as the guardrail', 'AuditTrail/ChatChannel/Resource', 'guardrail_policy_arns', ['arn:aws:iam::aws:policy/AdministratorAccess'], 'is neither a policy of this stack nor CloudWatchReadOnlyAccess'],
    ['a guardrail that also allows writes', 'AuditTrail/ChatChannel/GuardrailPolicyDocument', 'statement.0.actions', ['cloudwatch:Get*', 'cloudwatch:PutMetricAlarm'], 'also allows cloudwatch:PutMetricAlarm'],
  ])('GIVEN the chat channel with %s WHEN synthesized THEN chat-channel-guardrails fails', (_what, path, attribute, value, message) => {
    const stack = shippedStack('prod', withRouting);
    elementAt(stack, path).addOverride(attribute, value);
    const error = synthError(stack);
    failsWith('chat-channel-guardrails', error);
    expect(error).toContain(message);
  });

  test('GIVEN the AWS managed CloudWatchReadOnlyAccess as the guardrail WHEN synthesized THEN the rule accepts it', () => {
    const stack = shippedStack('prod', withRouting);
    elementAt(stack, 'AuditTrail/ChatChannel/Resource').addOverride('guardrail_policy_arns', undefined);
    elementAt(stack, 'AuditTrail/ChatChannel/Resource').addOverride('guardrail_policy_arns', ['arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess']);
    expect(reportOf(stack).findings.filter((f) => f.rule === 'chat-channel-guardrails')).toEqual([]);
  });
});
