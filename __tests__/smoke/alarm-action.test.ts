/** Step 4 of smoke:aws: a forced ALARM must show a successful SNS action in the alarm's history. */
import {
  AlarmHistoryItem,
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import {
  actionOutcomeSince,
  classifyActionItem,
  forcedStateUpdateTime,
  proveAlarmAction,
  smokeAlarmReason,
} from '../../scripts/lib/smoke/alarm-action';
import { fakeClock, OUTPUTS, START } from './fakes';

const ALARM = 'acme-test-s3-object-deletions';
const TOPIC = OUTPUTS.alarmTopicArn;
const RUN_ID = 'cafe0123';
const KMS_MESSAGE = 'CloudWatch Alarms does not have authorization to access the SNS topic encryption key.';

const at = (offsetMs: number) => new Date(START + offsetMs);
const stateUpdate = (reason: string, offsetMs = 1_000, stateValue = 'ALARM'): AlarmHistoryItem => ({
  AlarmName: ALARM,
  HistoryItemType: 'StateUpdate',
  Timestamp: at(offsetMs),
  HistorySummary: `Alarm updated from OK to ${stateValue}`,
  HistoryData: JSON.stringify({ version: '1.0', oldState: { stateValue: 'OK' }, newState: { stateValue, stateReason: reason } }),
});
const succeeded = (offsetMs = 1_200, resource = TOPIC): AlarmHistoryItem => ({
  AlarmName: ALARM,
  HistoryItemType: 'Action',
  Timestamp: at(offsetMs),
  HistorySummary: `Successfully executed action ${resource}`,
  HistoryData: JSON.stringify({ error: null, actionState: 'Succeeded', notificationResource: resource, stateUpdateTimestamp: START + 1_000 }),
});
const failed = (error: string, offsetMs = 1_200): AlarmHistoryItem => ({
  AlarmName: ALARM,
  HistoryItemType: 'Action',
  Timestamp: at(offsetMs),
  HistorySummary: `Failed to execute action ${TOPIC}. Received error: "${error}"`,
  HistoryData: JSON.stringify({ actionState: 'Failed', notificationResource: TOPIC, stateUpdateTimestamp: START + 1_000, error }),
});

describe('reading alarm history items', () => {
  test('GIVEN an Action item that succeeded WHEN classified THEN it is a success with its summary', () => {
    expect(classifyActionItem(succeeded())).toEqual({ kind: 'succeeded', summary: `Successfully executed action ${TOPIC}` });
  });

  test.each([
    [KMS_MESSAGE],
    ['null (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: 4fea0cd9; Proxy: null)'],
  ])('GIVEN an Action item refused by KMS (%s) WHEN classified THEN it is a KMS failure', (error) => {
    expect(classifyActionItem(failed(error))).toEqual({ kind: 'kms-denied', error });
  });

  test('GIVEN an Action item refused by the topic policy WHEN classified THEN it is a failure, not a KMS one', () => {
    const error = `Resource: arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${ALARM} is not authorized to perform: SNS:Publish on resource: ${TOPIC}`;
    expect(classifyActionItem(failed(error))).toEqual({ kind: 'failed', error });
  });

  test('GIVEN items without parseable HistoryData WHEN classified THEN the summary wording decides', () => {
    expect(classifyActionItem({ HistorySummary: `Successfully executed action ${TOPIC}`, HistoryData: 'oops' }).kind).toBe('succeeded');
    expect(classifyActionItem({ HistorySummary: `Failed to execute action ${TOPIC}. Received error: "${KMS_MESSAGE}"` }).kind).toBe('kms-denied');
    expect(classifyActionItem({ HistorySummary: 'Alarm updated from OK to ALARM' }).kind).toBe('unrecognized');
  });

  test('GIVEN a history with earlier forced states WHEN our state change is looked for THEN only the ALARM with our run id counts', () => {
    const items = [stateUpdate(smokeAlarmReason('other-run'), 500), stateUpdate(smokeAlarmReason(RUN_ID), 2_000, 'OK'), stateUpdate(smokeAlarmReason(RUN_ID), 3_000)];
    expect(forcedStateUpdateTime(items, RUN_ID)).toEqual(at(3_000));
    expect(forcedStateUpdateTime([stateUpdate('Threshold Crossed: 1 datapoint')], RUN_ID)).toBeUndefined();
  });

  test('GIVEN actions before our change, for other resources, and failures WHEN judged THEN any later success for the topic wins', () => {
    const since = at(1_000);
    expect(actionOutcomeSince([succeeded(-60_000)], since, TOPIC)).toBeUndefined();
    expect(actionOutcomeSince([succeeded(1_200, 'arn:aws:sns:eu-west-1:123456789012:other')], since, TOPIC)).toBeUndefined();
    expect(actionOutcomeSince([failed(KMS_MESSAGE), succeeded()], since, TOPIC)?.kind).toBe('succeeded');
    expect(actionOutcomeSince([failed('Throttled'), failed(KMS_MESSAGE)], since, TOPIC)?.kind).toBe('kms-denied');
    expect(actionOutcomeSince([failed('Throttled')], since, TOPIC)?.kind).toBe('failed');
  });
});

describe('proveAlarmAction', () => {
  const cloudWatch = mockClient(CloudWatchClient);
  const sns = mockClient(SNSClient);
  const okAlarm = { AlarmName: ALARM, StateValue: 'OK' as const, ActionsEnabled: true, AlarmActions: [TOPIC] };
  beforeEach(() => {
    cloudWatch.reset();
    sns.reset();
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [okAlarm] });
    cloudWatch.on(SetAlarmStateCommand).resolves({});
    cloudWatch.on(DescribeAlarmHistoryCommand, { HistoryItemType: 'StateUpdate' }).resolves({ AlarmHistoryItems: [stateUpdate(smokeAlarmReason(RUN_ID))] });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: '1', SubscriptionsPending: '0' } });
  });
  const prove = () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const run = proveAlarmAction({
      cloudWatch: new CloudWatchClient({ region: 'eu-west-1' }),
      sns: new SNSClient({ region: 'eu-west-1' }),
      clock,
      log: (line) => lines.push(line),
      alarmName: ALARM,
      topicArn: TOPIC,
      runId: RUN_ID,
    });
    return { run, clock, lines };
  };

  test('GIVEN the SNS action succeeds WHEN proved THEN it passes, naming the alarm, the action and who receives it', async () => {
    cloudWatch.on(DescribeAlarmHistoryCommand, { HistoryItemType: 'Action' }).resolves({ AlarmHistoryItems: [succeeded()] });
    const result = await prove().run;
    expect(result.status).toBe('pass');
    expect(result.detail).toBe(
      `SetAlarmState ALARM on ${ALARM}: the SNS action succeeded ("Successfully executed action ${TOPIC}"); ` +
        'the topic has 1 confirmed subscription, 0 pending confirmation',
    );
    const set = cloudWatch.commandCalls(SetAlarmStateCommand).map((call) => call.args[0].input);
    expect(set).toEqual([{ AlarmName: ALARM, StateValue: 'ALARM', StateReason: smokeAlarmReason(RUN_ID) }]);
    expect(smokeAlarmReason(RUN_ID)).toMatch(/smoke test/);
  });

  test('GIVEN the action is refused by KMS WHEN proved THEN it fails and names the key policy statement as the cause', async () => {
    cloudWatch.on(DescribeAlarmHistoryCommand, { HistoryItemType: 'Action' }).resolves({ AlarmHistoryItems: [failed(KMS_MESSAGE)] });
    const result = await prove().run;
    expect(result.status).toBe('fail');
    expect(result.detail).toContain(`the SNS action failed: "${KMS_MESSAGE}"`);
    expect(result.detail).toContain("Cause: the KMS key policy's CloudWatch statement (AllowCloudWatchAlarmsToPublishToTheEncryptedTopic");
  });

  test('GIVEN an alarm already in ALARM WHEN proved THEN it is set to OK first, so the forced ALARM is a change that runs the action', async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ ...okAlarm, StateValue: 'ALARM' }] });
    cloudWatch.on(DescribeAlarmHistoryCommand, { HistoryItemType: 'Action' }).resolves({ AlarmHistoryItems: [succeeded()] });
    const { run, lines } = prove();
    expect((await run).status).toBe('pass');
    expect(cloudWatch.commandCalls(SetAlarmStateCommand).map((call) => call.args[0].input.StateValue)).toEqual(['OK', 'ALARM']);
    expect(lines).toContain(`  ${ALARM} is already in ALARM: setting it to OK first`);
  });

  test('GIVEN no confirmed subscription WHEN the action succeeds THEN it passes but says nobody receives the email yet', async () => {
    cloudWatch.on(DescribeAlarmHistoryCommand, { HistoryItemType: 'Action' }).resolves({ AlarmHistoryItems: [succeeded()] });
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: '0', SubscriptionsPending: '1' } });
    const result = await prove().run;
    expect(result.status).toBe('pass');
    expect(result.detail).toMatch(/0 confirmed subscriptions, 1 pending confirmation: nobody receives it until/);
  });

  test('GIVEN the history never shows the action WHEN proved THEN the wait ends at its bound and says what is missing', async () => {
    cloudWatch.on(DescribeAlarmHistoryCommand, { HistoryItemType: 'Action' }).resolves({ AlarmHistoryItems: [succeeded(-60_000)] });
    const { run, clock } = prove();
    const result = await run;
    expect(result.status).toBe('fail');
    expect(result.detail).toBe(`SetAlarmState ALARM on ${ALARM}, but after 5 min the alarm history shows no Action item for its SNS topic`);
    expect(clock.now() - START).toBe(5 * 60_000);
  });

  test('GIVEN an alarm that does not notify the topic WHEN proved THEN it fails without forcing any state', async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ ...okAlarm, AlarmActions: [] }] });
    const result = await prove().run;
    expect(result.status).toBe('fail');
    expect(result.detail).toContain(`does not notify ${TOPIC}`);
    expect(cloudWatch.commandCalls(SetAlarmStateCommand)).toHaveLength(0);
  });

  test('GIVEN no such alarm WHEN proved THEN it fails saying so', async () => {
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    expect((await prove().run).detail).toMatch(new RegExp(`^alarm ${ALARM} not found`));
  });
});
