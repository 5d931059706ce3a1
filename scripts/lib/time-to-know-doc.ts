/**
 * The parts of docs/detections.md about how soon an alarm can tell: the chain from an API call to
 * a notification, per detection, with AWS's own words for each link; the fast path and what it
 * promises; and the runbook section of the fast path's delivery alarm. Rendered by
 * scripts/generate-detections-doc.ts.
 */
import { FAST_PATH_FAILED_ANCHOR } from '../../modules/alarm-description';
import type { Detection } from '../../modules/detections';
import type { FastPathRule } from '../../modules/detections/fast-path';
import { FAST_PATH_EVIDENCE_WINDOW_SECONDS } from '../../modules/fast-path-message';
import { formatPeriod, formatTrigger } from './alarm-text';
import { codeBlock } from './generated-doc';

const PAGES = {
  cloudTrailToLogs: '[CloudTrail User Guide, "Sending events to CloudWatch Logs"](https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html)',
  metricFilters: '[CloudWatch Logs User Guide, "Creating metrics from log events using filters"](https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/MonitoringLogData.html)',
  alarmEvaluation: '[CloudWatch User Guide, "Evaluating an alarm"](https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation)',
  missingData: '[CloudWatch User Guide, "How alarm state is evaluated when data is missing"](https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-evaluating-missing-data)',
  eventBridgeEvents: '[EventBridge User Guide, "Events from AWS services"](https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html)',
  cloudTrailConcepts: '[CloudTrail User Guide, "CloudTrail concepts", CloudWatch Logs, EventBridge, and CloudTrail](https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html)',
  globalServices: '[EventBridge User Guide, Troubleshooting, "My rule matches AWS global service API calls but it didn\'t run"](https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-troubleshooting.html#eb-rule-did-not-trigger-iam)',
  eventBridgeMetrics: '[EventBridge User Guide, "Monitoring Amazon EventBridge"](https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html)',
  inputTransformer: '[EventBridge User Guide, "Amazon EventBridge input transformation"](https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html)',
};

/** How late a datapoint may arrive and still be inside the alarm's window, in words. */
function lateness(detection: Detection): string {
  const alarm = detection.alarm;
  const window = alarm.periodSeconds * alarm.evaluationPeriods;
  const needed = alarm.datapointsToAlarm ?? alarm.evaluationPeriods;
  if (needed === 1 && alarm.evaluationPeriods > 1) return `${formatPeriod(window)} after the call`;
  return `within the ${formatPeriod(alarm.periodSeconds)} period of the call`;
}

export function renderTimeToKnowSection(catalog: readonly Detection[], fastPathIds: ReadonlySet<string>): string[] {
  return [
    '## Time to know',
    '',
    'From an API call to a notification, an alarm waits on three things, each as AWS documents it:',
    '',
    `1. **CloudTrail delivers the event to the log group**: "CloudTrail typically delivers events to your log group within an ` +
      `average of about 5 minutes of an API call. This time is not guaranteed." (${PAGES.cloudTrailToLogs})`,
    `2. **The metric filter counts it** in one-minute datapoints, stamped with the event's time: "If no logs are ingested ` +
      `during a one-minute period, then no value is reported." (${PAGES.metricFilters})`,
    `3. **The alarm is evaluated**: "For any period of one minute or longer, an alarm is evaluated every minute and the ` +
      'evaluation is based on the window of time defined by the Period and Evaluation Periods." The window slides: a ' +
      `five-minute alarm is not waiting for a five-minute datapoint to close. (${PAGES.alarmEvaluation})`,
    '',
    'Then SNS emails the topic\'s subscribers, for which AWS documents no delivery time. So a typical alarm reaches its ' +
      'topic about 5 to 6 minutes after the call, and no time is guaranteed: the worst case is whatever CloudTrail\'s ' +
      'delivery takes. What the alarm settings decide is how late an event may arrive and still be counted. An ' +
      'any-occurrence detection alarms when any one of its last ten one-minute datapoints holds a match (1 out of 10), ' +
      'so an event CloudTrail delivers up to ten minutes after the call still raises it at the next evaluation; later ' +
      'than that, it counts only if CloudWatch\'s evaluation range, which AWS says is longer than the window but does not ' +
      `size, still reaches back to it (${PAGES.missingData}). A detection that counts a burst ("10 in 5 minutes") keeps ` +
      'its five-minute period, which its meaning needs.',
    '',
    'Missing datapoints are treated as not breaching, so an alarm with nothing to count stays OK. No metric filter has ' +
      'a default value: a default of 0 would only add datapoints for minutes without matches, which change nothing for ' +
      '`GreaterThanOrEqualToThreshold` on a sum, and CloudWatch Logs refuses a default value on a metric with dimensions ' +
      '(the per-bucket volume metrics).',
    '',
    'The fast path (below) skips steps 1 to 3 for the detections marked "fast path": EventBridge receives the CloudTrail ' +
      `event as "a near real-time stream" (${PAGES.cloudTrailConcepts}), "best effort", so the alarm stays the path that ` +
      'is meant to see every event.',
    '',
    '| Detection | Alarm | Typical time to the topic | Counted when CloudTrail delivers it up to | Fast path |',
    '| --- | --- | --- | --- | --- |',
    ...catalog.map(
      (d) => `| [${d.id}](#${d.id}) | ${formatTrigger(d.alarm)} | about 5 min + up to 1 min (not guaranteed) | ${lateness(d)} | ${fastPathIds.has(d.id) ? 'yes: seconds (best effort)' : '—'} |`,
    ),
    '| [s3-unexpected-writer](#s3-unexpected-writer), per bucket | ≥ 1 in 1 min, any of the last 10 | about 5 min + up to 1 min | 10 min after the call | yes, when every expected writer is a role: all exact ARNs, or one ending in `*` |',
    '| [s3-immutable-prefix-changed](#s3-immutable-prefix-changed), per bucket | ≥ 1 in 1 min, any of the last 10 | about 5 min + up to 1 min | 10 min after the call | yes |',
    '| `<id>.unknown-principal` (expected change agents) | as its detection | as its detection | as its detection | — |',
  ];
}

export function renderFastPathSection(rules: readonly FastPathRule[]): string[] {
  const example = rules.find((rule) => rule.id === 'trail-tampering');
  return [
    '## Fast path',
    '',
    'With `fastPath: true` (the module\'s `fast_path`; the shipped prod has it on), each critical detection below also ' +
      'has an EventBridge rule on the default event bus of the environment\'s region, matching the same calls in the ' +
      'CloudTrail events EventBridge receives (detail type `AWS API Call via CloudTrail`). A match is sent at once to the ' +
      'topics the detection\'s alarm notifies, through an input transformer, as one line that names who ' +
      '(`userIdentity.arn`), what (`eventName`, `eventSource`), the resource (bucket and key, trail, log group, key), ' +
      `from where (\`sourceIPAddress\`), when (\`eventTime\`), and links to the event in Logs Insights (by its \`eventID\`, ` +
      `looking back ${formatPeriod(FAST_PATH_EVIDENCE_WINDOW_SECONDS)}) and to the runbook (${PAGES.inputTransformer}).`,
    '',
    'What it does not promise, in AWS\'s words and by how it is built:',
    '',
    `- "Events from AWS CloudTrail: Best effort. ... in some rare cases an event might not be delivered." (${PAGES.eventBridgeEvents}) ` +
      'The alarms are the path meant to see every event; the fast path is the early one.',
    `- "Events from API actions that start with the keywords List, Get, or Describe aren't processed by EventBridge" (same page): ` +
      'no fast path for reads. None of the fast-path detections is about a read.',
    '- "When using CloudTrail with Amazon S3, you need to configure CloudTrail to log data events" (same page): the S3 ' +
      'object rules see only what the trail records (`watchedBuckets`, `dataEventReadWriteType`).',
    `- "Regardless of whether a trail is multi-Region or single-Region, events sent to Amazon EventBridge are received in ` +
      `each Region's event bus" (${PAGES.cloudTrailConcepts}), and events of global services such as IAM "are only ` +
      `available in" US East (N. Virginia) (${PAGES.globalServices}). The rules live in the environment's region: calls ` +
      'made in other regions reach only the alarms (the trail is multi-region and delivers them all to the log group).',
    '- One message per matching event: a burst is a burst of messages, where the alarm notifies once per episode.',
    '- AWS documents no time for CloudTrail\'s delivery to EventBridge. Once EventBridge has an event, ' +
      `\`IngestionToInvocationStartLatency\` "over 30 seconds may indicate a service disruption" (${PAGES.eventBridgeMetrics}).`,
    '- Detections whose events come with every deploy of this stack (`trail-log-group-filter-changes`, ' +
      '`alarm-definition-changes`) have no fast path: it would send a message for each of the stack\'s metric filters and ' +
      'alarms. `trail-tampering`\'s rule leaves out `CreateTrail` and `StartLogging`, which record more, not less.',
    '- A detection switched off in `detections` has no rule either.',
    '- The exported module (`fast_path = true`) makes the rules of the catalog, not those of `bucket_intents`: those buckets ' +
      'keep their alarms.',
    '',
    'Each rule\'s pattern is proven on the AWS emulator\'s event bus with the positive and negative records of its ' +
      'detection (`__tests__/terraform/fast-path.test.ts`): the positives arrive, transformed, and the negatives do not. ' +
      'The module\'s example is applied to the emulator with `fast_path = true`, and its rules carry the patterns and messages ' +
      'the stacks write for the same inputs (`__tests__/terraform/module-apply.test.ts`).',
    '',
    '| Rule (`<namePrefix>-<environment>-<id>`) | Severity | Names |',
    '| --- | --- | --- |',
    ...rules.map((rule) => `| ${rule.id} | ${rule.severity} | ${['who', 'what', ...rule.fields.map((field) => field.label), 'from where', 'when'].join(', ')} |`),
    '',
    ...(example
      ? ['The pattern of `trail-tampering`\'s rule, for example:', '', codeBlock(JSON.stringify(example.eventPattern, null, 2), 'json'), '']
      : []),
    'The policies: each alarm topic admits `events.amazonaws.com` for this stack\'s rules only (`ArnLike aws:SourceArn` ' +
      '`arn:<partition>:events:<region>:<account>:rule/<namePrefix>-<environment>-*`, as EventBridge\'s confused-deputy page ' +
      'says: "the value of aws:SourceArn must be the rule ARN"), and the key lets EventBridge use it for the topics as ' +
      'EventBridge\'s troubleshooting page shows it, without a condition. See [docs/policies.md](policies.md) and ' +
      `[${FAST_PATH_FAILED_ANCHOR}](#${FAST_PATH_FAILED_ANCHOR}).`,
  ];
}

export function renderFastPathFailedSection(): string[] {
  return [
    `## ${FAST_PATH_FAILED_ANCHOR}`,
    '',
    '**The fast path could not deliver a message**',
    '',
    '- Severity: high',
    '- Alarm: `<namePrefix>-<environment>-fast-path-failed-<n>`, on the sum of `AWS/Events` `FailedInvocations` of up to ' +
      'ten fast-path rules (a metric math alarm reads at most ten metrics); EventBridge "only sends this metric to ' +
      `CloudWatch if it isn't zero" (${PAGES.eventBridgeMetrics})`,
    '',
    'EventBridge tried to publish a fast-path message and gave up. The alarms still report the event, minutes later. The ' +
      'usual causes are permissions: the topic policy\'s `AllowThisStacksRulesToPublish` statement, or the key policy\'s ' +
      '`AllowEventBridgeToUseTheKeyForTheTopics`. AWS\'s pages disagree on the topic statement: the confused-deputy page ' +
      'says to use `aws:SourceArn` with the rule ARN, while the "Amazon SNS permissions" section of "Using resource-based ' +
      'policies" says "You can\'t use Condition blocks in Amazon SNS topic policies for EventBridge". This project follows ' +
      'the first, which keeps other accounts\' rules out. If this alarm fires in your account and CloudTrail shows ' +
      '`sns:Publish` refused to `events.amazonaws.com`, that statement\'s condition is the cause: `npm run smoke:aws` does ' +
      'not exercise the fast path, so this alarm is how a real account says so.',
  ];
}
