/**
 * Step 4: an alarm of the stack, forced into ALARM, gets its notification through: CloudWatch may
 * publish to the topic (topic policy) and use the topic's key (key policy). Neither policy is
 * evaluated by the emulator, and a refused publish shows nowhere but in the alarm's history.
 */
import {
  type AlarmHistoryItem,
  type CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { GetTopicAttributesCommand, type SNSClient } from '@aws-sdk/client-sns';
import { Clock, formatDuration, waitFor } from './bounded-wait';
import { describeError, fail, pass, StepResult } from './step-result';

export const ALARM_STEP = 'alarm action';
/** CloudWatch runs the action within seconds; the history shows it shortly after. */
export const ALARM_ACTION_WAIT_MS = 5 * 60_000;
const ALARM_POLL_INTERVAL_MS = 10_000;
/** History timestamps of one state change and its action may differ by a few milliseconds. */
const TIMESTAMP_TOLERANCE_MS = 1_000;

export const KMS_CAUSE =
  "Cause: the KMS key policy's CloudWatch statement (AllowCloudWatchAlarmsToPublishToTheEncryptedTopic in " +
  "modules/trail-key.ts) does not let cloudwatch.amazonaws.com use the topic's key for this alarm";

export type ActionOutcome =
  | { readonly kind: 'succeeded'; readonly summary: string }
  /** The publish was refused because CloudWatch may not use the topic's KMS key. */
  | { readonly kind: 'kms-denied'; readonly error: string }
  | { readonly kind: 'failed'; readonly error: string }
  | { readonly kind: 'unrecognized' };

interface ActionHistoryData {
  readonly actionState?: string;
  readonly error?: string | null;
  readonly notificationResource?: string;
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** Reads one `Action` history item: its HistoryData when it parses, else the summary's wording. */
export function classifyActionItem(item: Pick<AlarmHistoryItem, 'HistorySummary' | 'HistoryData'>): ActionOutcome {
  const summary = item.HistorySummary ?? '';
  const data = parseJson<ActionHistoryData>(item.HistoryData);
  const succeeded = data?.actionState ? data.actionState === 'Succeeded' : /^Successfully executed action/.test(summary);
  const failed = data?.actionState ? data.actionState === 'Failed' : /^Failed to execute action/.test(summary);
  if (succeeded) return { kind: 'succeeded', summary };
  if (!failed) return { kind: 'unrecognized' };
  const error = data?.error || summary;
  // Seen as "CloudWatch Alarms does not have authorization to access the SNS topic encryption key"
  // and as "(Service: AWSKMS; ... Error Code: AccessDeniedException ...)".
  return /kms|encryption key/i.test(error) ? { kind: 'kms-denied', error } : { kind: 'failed', error };
}

/** When our forced ALARM happened, by the service's clock: the `StateUpdate` item whose reason carries `marker`. */
export function forcedStateUpdateTime(items: readonly AlarmHistoryItem[], marker: string): Date | undefined {
  const ours = items.find((item) => {
    if (item.HistoryItemType !== 'StateUpdate') return false;
    const data = parseJson<{ newState?: { stateValue?: string; stateReason?: string } }>(item.HistoryData);
    return data?.newState?.stateValue === 'ALARM' && (data.newState.stateReason ?? '').includes(marker);
  });
  return ours?.Timestamp;
}

/**
 * The outcome of the topic's action at or after `since`: success if any attempt succeeded, else the
 * failure, KMS first; undefined while the history shows no attempt yet.
 */
export function actionOutcomeSince(items: readonly AlarmHistoryItem[], since: Date, topicArn: string): Exclude<ActionOutcome, { kind: 'unrecognized' }> | undefined {
  const outcomes = items
    .filter((item) => item.HistoryItemType === 'Action' && item.Timestamp !== undefined)
    .filter((item) => item.Timestamp!.getTime() >= since.getTime() - TIMESTAMP_TOLERANCE_MS)
    .filter((item) => {
      const resource = parseJson<ActionHistoryData>(item.HistoryData)?.notificationResource;
      return resource === undefined || resource === topicArn;
    })
    .map(classifyActionItem);
  const first = <K extends ActionOutcome['kind']>(kind: K) =>
    outcomes.find((outcome): outcome is Extract<ActionOutcome, { kind: K }> => outcome.kind === kind);
  return first('succeeded') ?? first('kms-denied') ?? first('failed');
}

export interface AlarmActionCheck {
  readonly cloudWatch: Pick<CloudWatchClient, 'send'>;
  readonly sns: Pick<SNSClient, 'send'>;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  readonly alarmName: string;
  readonly topicArn: string;
  /** Unique to this run, part of the state reason, so its own state change is found in the history. */
  readonly runId: string;
}

export function smokeAlarmReason(runId: string): string {
  return `s3-audit-trail smoke test (npm run smoke:aws, run ${runId}): forced ALARM to prove the alarm's SNS notification arrives. Not a real detection.`;
}

export async function proveAlarmAction(check: AlarmActionCheck): Promise<StepResult> {
  const { cloudWatch, alarmName, topicArn } = check;
  const described = await cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }));
  const alarm = described.MetricAlarms?.[0];
  if (!alarm) return fail(ALARM_STEP, `alarm ${alarmName} not found: is the environment deployed from the current synth?`);
  if (alarm.ActionsEnabled === false) return fail(ALARM_STEP, `alarm ${alarmName} has its actions disabled: re-apply the environment`);
  if (!(alarm.AlarmActions ?? []).includes(topicArn)) {
    return fail(ALARM_STEP, `alarm ${alarmName} does not notify ${topicArn} (its actions: ${(alarm.AlarmActions ?? []).join(', ') || 'none'})`);
  }

  const requestedAt = check.clock.now();
  if (alarm.StateValue === 'ALARM') {
    // Actions run on a change of state only; an alarm already in ALARM would stay silent.
    check.log(`  ${alarmName} is already in ALARM: setting it to OK first`);
    await cloudWatch.send(
      new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'OK', StateReason: `s3-audit-trail smoke test, run ${check.runId}: reset so that forcing ALARM is a state change` }),
    );
  }
  await cloudWatch.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'ALARM', StateReason: smokeAlarmReason(check.runId) }));
  check.log(`  set ${alarmName} to ALARM`);

  const historySince = new Date(requestedAt - 15 * 60_000);
  let forcedAt: Date | undefined;
  const outcome = await waitFor({
    what: `the SNS action of ${alarmName} in its alarm history`,
    timeoutMs: ALARM_ACTION_WAIT_MS,
    intervalMs: ALARM_POLL_INTERVAL_MS,
    clock: check.clock,
    log: check.log,
    poll: async () => {
      if (!forcedAt) {
        const updates = await cloudWatch.send(
          new DescribeAlarmHistoryCommand({ AlarmName: alarmName, HistoryItemType: 'StateUpdate', StartDate: historySince, MaxRecords: 100 }),
        );
        forcedAt = forcedStateUpdateTime(updates.AlarmHistoryItems ?? [], check.runId);
        if (!forcedAt) return undefined;
      }
      const actions = await cloudWatch.send(
        new DescribeAlarmHistoryCommand({
          AlarmName: alarmName,
          HistoryItemType: 'Action',
          StartDate: new Date(forcedAt.getTime() - TIMESTAMP_TOLERANCE_MS),
          MaxRecords: 100,
        }),
      );
      return actionOutcomeSince(actions.AlarmHistoryItems ?? [], forcedAt, topicArn);
    },
  });

  const forced = `SetAlarmState ALARM on ${alarmName}`;
  if (!outcome.done) {
    const missing = forcedAt ? 'no Action item for its SNS topic' : 'not even the forced state change';
    return fail(ALARM_STEP, `${forced}, but after ${formatDuration(outcome.elapsedMs)} the alarm history shows ${missing}`);
  }
  const result = outcome.value;
  if (result.kind === 'kms-denied') return fail(ALARM_STEP, `${forced}: the SNS action failed: "${result.error}". ${KMS_CAUSE}`);
  if (result.kind === 'failed') return fail(ALARM_STEP, `${forced}: the SNS action failed: "${result.error}"`);
  return pass(ALARM_STEP, `${forced}: the SNS action succeeded ("${result.summary}"); ${await subscriptionNote(check.sns, topicArn)}`);
}

/** Who the notification reached: an unconfirmed email subscription receives nothing. */
async function subscriptionNote(sns: Pick<SNSClient, 'send'>, topicArn: string): Promise<string> {
  try {
    const { Attributes: attributes = {} } = await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    const confirmed = Number(attributes.SubscriptionsConfirmed ?? 0);
    const pending = Number(attributes.SubscriptionsPending ?? 0);
    const counts = `the topic has ${confirmed} confirmed subscription${confirmed === 1 ? '' : 's'}, ${pending} pending confirmation`;
    return confirmed > 0 ? counts : `${counts}: nobody receives it until an alarmEmails address confirms its subscription email`;
  } catch (error) {
    return `could not read the topic's subscriptions (${describeError(error)})`;
  }
}
