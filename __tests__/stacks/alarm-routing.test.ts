import { definitionWarnings } from '../../stacks/definition-warnings';
import { parseEnvironments } from '../../stacks/load-environments';
import type { EnvironmentInput } from '../../stacks/environment-schema';
import { ENVIRONMENTS } from '../../stacks/environments';
import { definitionProblems, validEnvironment } from '../support/environments';
import { Plan } from '../support/synth';

const SLACK = { type: 'slack', workspaceId: 'T07EA123LEP', channelId: 'C07EZ1ABC23' } as const;
const TEAMS = {
  type: 'teams',
  tenantId: 'a1b2c3d4-0000-1111-2222-333344445555',
  teamId: 'b1b2c3d4-0000-1111-2222-333344445555',
  channelId: '19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2',
} as const;

const planOf = (input: EnvironmentInput) => Plan.ofEnvironment(parseEnvironments([input])[0]);

/** The problems an invalid definition reports. */
const problemsOf = (input: EnvironmentInput): string[] => definitionProblems([input]);

describe('where alarms go, per environment', () => {
  test('GIVEN the shipped environments THEN only prod has a paging topic, none a chat channel, and the main topic keeps its Terraform addresses', () => {
    for (const env of parseEnvironments(ENVIRONMENTS)) {
      const plan = Plan.ofEnvironment(env);
      // The addresses the topic had before it moved into modules/alarm-topic.ts: no replacement on upgrade.
      expect(Object.keys(plan.resources('aws_sns_topic'))).toEqual(env.name === 'prod' ? ['AuditTrail_Alarms_62214698', 'AuditTrail_Alarms_PagingTopic_B7FF454C'] : ['AuditTrail_Alarms_62214698']);
      expect(Object.keys(plan.resources('aws_sns_topic_policy'))[env.name === 'prod' ? 1 : 0]).toBe('AuditTrail_Alarms_TopicPolicy_CC8FADB4');
      expect(Object.keys(plan.resources('aws_sns_topic_subscription'))[0]).toBe('AuditTrail_Alarms_EmailSubscription0_01D76E06');
      expect(plan.resources('aws_chatbot_slack_channel_configuration')).toEqual({});
      expect(plan.resources('aws_chatbot_teams_channel_configuration')).toEqual({});
      expect(plan.json.provider.aws).toHaveLength(1);
      expect(plan.json.output.paging_topic_arn === undefined).toBe(env.name !== 'prod');
    }
  });

  describe('GIVEN an environment in eu-west-1 with paging and a Slack channel', () => {
    // WHEN it is synthesized
    const plan = planOf(validEnvironment({ paging: { emailAddresses: ['pager@example.com'] }, chatChannel: SLACK }));
    const topics = plan.resources('aws_sns_topic');
    const ref = (id: string | undefined) => `\${aws_sns_topic.${id}.arn}`;
    const main = ref(Object.keys(topics).find((id) => !id.includes('PagingTopic')));
    const paging = ref(Object.keys(topics).find((id) => id.includes('PagingTopic')));

    test('THEN the paging topic is an output beside the alarm topic', () => {
      expect(plan.json.output.paging_topic_arn).toEqual({ value: paging });
      expect(plan.json.output.alarm_topic_arn).toEqual({ value: main });
    });

    test('THEN the channel reads the main topic, which every alarm notifies, through a provider in the same region', () => {
      const channel = plan.only('aws_chatbot_slack_channel_configuration');
      expect(channel).toMatchObject({ configuration_name: 'acme-test-audit-alarms', sns_topic_arns: [main], provider: 'aws.chatbot' });
      const chatbot = plan.json.provider.aws.find((p: any) => p.alias === 'chatbot');
      expect(chatbot).toMatchObject({ region: 'eu-west-1', allowed_account_ids: ['123456789012'] });
      expect(chatbot.endpoints).toBeUndefined();
    });
  });

  test('GIVEN a Teams channel for paged alarms in us-east-1 WHEN synthesized THEN it reads the paging topic, through the Chatbot API in us-east-2', () => {
    const plan = planOf(validEnvironment({ region: 'us-east-1', paging: {}, chatChannel: { ...TEAMS, alarms: 'paged' } }));
    const pagingId = Object.keys(plan.resources('aws_sns_topic')).find((id) => id.includes('PagingTopic'));
    expect(plan.only('aws_chatbot_teams_channel_configuration')).toMatchObject({
      tenant_id: TEAMS.tenantId,
      team_id: TEAMS.teamId,
      channel_id: TEAMS.channelId,
      sns_topic_arns: [`\${aws_sns_topic.${pagingId}.arn}`],
      provider: 'aws.chatbot',
    });
    expect(plan.json.provider.aws.find((p: any) => p.alias === 'chatbot').region).toBe('us-east-2');
  });

  test('GIVEN an apiRegion WHEN synthesized THEN the channel configuration is created there', () => {
    const plan = planOf(validEnvironment({ chatChannel: { ...SLACK, apiRegion: 'ap-southeast-1' } }));
    expect(plan.json.provider.aws.find((p: any) => p.alias === 'chatbot').region).toBe('ap-southeast-1');
  });

  describe('risky but valid routing warns at synth', () => {
    const warningsOf = (change: Partial<EnvironmentInput>) => definitionWarnings(parseEnvironments([validEnvironment(change)]));

    test('WHEN the paging topic has no address and no channel reads it THEN synth warns that it pages nobody', () => {
      expect(warningsOf({ paging: {} })).toEqual([
        'environment "test", field paging.emailAddresses: is empty, so the paging topic pages nobody. Add your pager\'s email address, or subscribe its endpoint to the paging topic (output paging_topic_arn)',
      ]);
      expect(warningsOf({ paging: {}, chatChannel: { ...SLACK, alarms: 'paged' } })).toEqual([]);
      expect(warningsOf({ paging: { emailAddresses: ['pager@example.com'] } })).toEqual([]);
    });

    test('WHEN no address gets the alarms THEN synth warns, unless a chat channel gets every alarm', () => {
      expect(warningsOf({ alarmEmails: [] })).toHaveLength(1);
      expect(warningsOf({ alarmEmails: [], chatChannel: SLACK })).toEqual([]);
    });
  });

  describe('bad input names the environment, the field, the value and what is accepted', () => {
    test.each([
      [{ chatChannel: { ...SLACK, workspaceId: 't07ea123lep' } }, 'environment "test", field chatChannel.workspaceId: "t07ea123lep" is not a Slack workspace id; expected capital letters and digits'],
      [{ chatChannel: { ...SLACK, channelId: '#alerts' } }, 'environment "test", field chatChannel.channelId: "#alerts" is not a Slack channel id; expected letters and digits'],
      [{ chatChannel: { ...TEAMS, tenantId: 'contoso' } }, 'environment "test", field chatChannel.tenantId: "contoso" is not a Microsoft Teams tenant id; expected a UUID'],
      [{ chatChannel: { ...TEAMS, teamId: 'b1b2c3d4' } }, 'environment "test", field chatChannel.teamId: "b1b2c3d4" is not a Microsoft Teams team id; expected a UUID'],
      [
        { chatChannel: { ...TEAMS, channelId: '19:b6ef35dc342d56ba5654e6fc6d25a071@thread.tacv2' } },
        'environment "test", field chatChannel.channelId: "19:b6ef35dc342d56ba5654e6fc6d25a071@thread.tacv2" is not a Microsoft Teams channel id as the Chatbot API takes it; expected the URL-encoded id',
      ],
      [{ chatChannel: { ...SLACK, type: 'discord' } }, 'environment "test", field chatChannel.type: "discord" is not a channel type; expected "slack" or "teams"'],
      [{ chatChannel: { ...SLACK, loggingLevel: 'DEBUG' } }, 'environment "test", field chatChannel.loggingLevel: "DEBUG" is not accepted; expected "ERROR", "INFO" or "NONE"'],
      [{ chatChannel: { ...SLACK, apiRegion: 'us-east-1' } }, 'environment "test", field chatChannel.apiRegion: "us-east-1" is not a region the Chatbot API is offered in; accepted: us-east-2, us-west-2, eu-west-1, ap-southeast-1'],
      [{ chatChannel: { ...SLACK, alarms: 'paged' } }, 'environment "test", field chatChannel.alarms: "paged" is not accepted without a paging topic; set paging, or alarms: "all"'],
      [{ chatChannel: SLACK, endpoint: 'http://127.0.0.1:5000' }, 'environment "test", field chatChannel: is not accepted with an emulator endpoint: the emulator does not implement AWS Chatbot'],
      [{ chatChannel: SLACK, region: 'us-gov-west-1' }, 'environment "test", field chatChannel: is not accepted in us-gov-west-1: the Chatbot API is offered only in us-east-2, us-west-2, eu-west-1, ap-southeast-1 (partition aws)'],
      [{ paging: { severities: ['urgent'] } }, 'environment "test", field paging.severities[0]: "urgent" is not a severity; accepted: critical, high, medium, low'],
      [{ paging: { severities: [] } }, 'environment "test", field paging.severities: is empty; list at least one severity, or leave the field out for critical and high'],
      [{ paging: { severities: ['high', 'high'] } }, 'environment "test", field paging.severities[1]: "high" is listed more than once; list each severity once'],
      [{ paging: { emailAddresses: ['pager@example.com', 'Pager@example.com'] } }, 'environment "test", field paging.emailAddresses[1]: "Pager@example.com" is listed more than once'],
      [{ paging: { emailAddresses: ['pager'] } }, 'environment "test", field paging.emailAddresses[0]: "pager" is not a valid email address'],
      [{ paging: { page: 'all' } }, 'environment "test", field paging: unknown field "page"'],
    ] as [Partial<EnvironmentInput>, string][])('WHEN %j', (change, expected) => {
      const problems = problemsOf(validEnvironment(change));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(expected);
    });
  });
});
