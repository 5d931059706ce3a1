import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AlarmChatChannel, AlarmChatChannelProps } from '../../modules/alarm-chat-channel';
import { follows } from '../support/policy-source';
import { Plan } from '../support/synth';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:acme-test-audit-alarms';
const SLACK: AlarmChatChannelProps = {
  configurationName: 'acme-test-audit-alarms',
  channel: { type: 'slack', workspaceId: 'T07EA123LEP', channelId: 'C07EZ1ABC23' },
  topicArns: [TOPIC],
};

describe('AlarmChatChannel', () => {
  describe('GIVEN a Slack channel on the alarm topic, with its defaults', () => {
    // WHEN the channel is added
    const plan = Plan.ofScope((scope) => void new AlarmChatChannel(scope, 'ChatChannel', SLACK));
    const policyArn = plan.ref('aws_iam_policy', 'arn');

    test('THEN Chatbot posts the topic to that workspace and channel, through the channel role, logging errors only', () => {
      expect(plan.only('aws_chatbot_slack_channel_configuration')).toEqual({
        configuration_name: 'acme-test-audit-alarms',
        slack_team_id: 'T07EA123LEP',
        slack_channel_id: 'C07EZ1ABC23',
        sns_topic_arns: [TOPIC],
        iam_role_arn: plan.ref('aws_iam_role', 'arn'),
        guardrail_policy_arns: [policyArn],
        logging_level: 'ERROR',
        user_authorization_required: false,
      });
      expect(plan.resources('aws_chatbot_teams_channel_configuration')).toEqual({});
    });

    test(`THEN only Chatbot may assume the role, with no condition it does not send ${follows('AllowChatbotToAssumeTheChannelRole')}`, () => {
      const role = plan.only('aws_iam_role');
      expect(role.name).toBe('acme-test-audit-alarms');
      expect(plan.statements(role.assume_role_policy)).toEqual({
        AllowChatbotToAssumeTheChannelRole: {
          effect: 'Allow',
          principals: { Service: ['chatbot.amazonaws.com'] },
          actions: ['sts:AssumeRole'],
          resources: [],
          conditions: {},
        },
      });
    });

    test(`THEN the guardrail, the role's only policy, reads CloudWatch and nothing else ${follows('AllowChatbotToReadCloudWatchForNotifications')}`, () => {
      const policy = plan.only('aws_iam_policy');
      expect(policy.name).toBe('acme-test-audit-alarms-notifications-only');
      expect(plan.statements(policy.policy)).toEqual({
        AllowChatbotToReadCloudWatchForNotifications: {
          effect: 'Allow',
          principals: {},
          actions: ['cloudwatch:Describe*', 'cloudwatch:Get*', 'cloudwatch:List*'],
          resources: ['*'],
          conditions: {},
        },
      });
      expect(plan.only('aws_iam_role_policy_attachment')).toEqual({ role: plan.ref('aws_iam_role', 'name'), policy_arn: policyArn });
      expect(plan.resources('aws_iam_role_policy')).toEqual({});
    });
  });

  test('GIVEN a Teams channel, a provider, INFO logging and user roles WHEN added THEN the Teams configuration carries them', () => {
    const plan = Plan.ofScope((scope) => {
      const provider = new AwsProvider(scope, 'chatbot', { alias: 'chatbot', region: 'us-east-2' });
      new AlarmChatChannel(scope, 'ChatChannel', {
        ...SLACK,
        channel: { type: 'teams', tenantId: 'a1b2c3d4-0000-1111-2222-333344445555', teamId: 'b1b2c3d4-0000-1111-2222-333344445555', channelId: '19%3aabc%40thread.tacv2' },
        loggingLevel: 'INFO',
        userAuthorizationRequired: true,
        provider,
      });
    });
    expect(plan.resources('aws_chatbot_slack_channel_configuration')).toEqual({});
    expect(plan.only('aws_chatbot_teams_channel_configuration')).toMatchObject({
      tenant_id: 'a1b2c3d4-0000-1111-2222-333344445555',
      team_id: 'b1b2c3d4-0000-1111-2222-333344445555',
      channel_id: '19%3aabc%40thread.tacv2',
      logging_level: 'INFO',
      user_authorization_required: true,
      provider: 'aws.chatbot',
      sns_topic_arns: [TOPIC],
    });
  });

  test('GIVEN a configuration name Chatbot or IAM would refuse WHEN added THEN it fails naming the value and what is accepted', () => {
    expect(() => Plan.ofScope((scope) => void new AlarmChatChannel(scope, 'ChatChannel', { ...SLACK, configurationName: 'acme prod' }))).toThrow(
      'configurationName: "acme prod" is not accepted; expected 1 to 64 letters, digits, hyphens and underscores',
    );
    expect(() => Plan.ofScope((scope) => void new AlarmChatChannel(scope, 'ChatChannel', { ...SLACK, configurationName: 'a'.repeat(65) }))).toThrow('is not accepted');
  });
});
