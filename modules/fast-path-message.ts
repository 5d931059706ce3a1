/**
 * What a fast-path rule sends to the alarm topics: an EventBridge input transformer ("Amazon
 * EventBridge input transformation") turning the CloudTrail event into one line an on-call engineer
 * can act on: who, what, on which resource, from where, when, and links to the evidence and the
 * runbook. Variables whose JSON path the event lacks are dropped from the text, as AWS documents
 * ("that variable isn't created and won't appear in the output"). EventBridge does not escape the
 * values it puts in a string, so every value goes into plain text, never into JSON structure.
 */
import type { AwsLocation } from './arns';
import { consoleString, EVIDENCE_WINDOW_SECONDS, logsInsightsUrl } from './console-urls';
import type { FastPathRule } from './detections/fast-path';
import { insightsQuery } from './detections/insights-query';
import { jsonQuotedKeepingExpressions } from './plan-time';

/** How long the message's evidence link looks back: it is opened minutes to hours after the event. */
export const FAST_PATH_EVIDENCE_WINDOW_SECONDS = EVIDENCE_WINDOW_SECONDS;

/** What every CloudTrail event carries, by input variable. */
const COMMON_PATHS = {
  who: '$.detail.userIdentity.arn',
  what: '$.detail.eventName',
  service: '$.detail.eventSource',
  from: '$.detail.sourceIPAddress',
  when: '$.detail.eventTime',
  region: '$.region',
  account: '$.account',
  eventId: '$.detail.eventID',
} as const;

/** Stands in for the event's ID while the evidence link is encoded; letters only, so encoding leaves it alone. */
const EVENT_ID_SENTINEL = 'EVENTIDPLACEHOLDER';

export interface FastPathMessageProps {
  readonly location: AwsLocation;
  /** The trail's log group, by name as written. */
  readonly logGroupName: string;
  readonly runbookUrl: string;
}

export interface FastPathMessage {
  /** Variable name to JSON path in the event. */
  readonly inputPaths: Record<string, string>;
  /** A JSON string: what the topic receives. */
  readonly inputTemplate: string;
}

/**
 * The Logs Insights link for one event, by its ID, with `<eventId>` where the ID goes. The query is
 * the translator's own for `$.eventID = "<id>"`, so it lists the same fields every alarm's does.
 */
export function eventEvidenceUrl(location: AwsLocation, logGroupName: string): string {
  const encoded = consoleString(insightsQuery(`{ $.eventID = "${EVENT_ID_SENTINEL}" }`));
  if (encoded.split(EVENT_ID_SENTINEL).length !== 2) throw new Error('the event ID placeholder did not survive console encoding once');
  return logsInsightsUrl({ location, logGroupName, windowSeconds: FAST_PATH_EVIDENCE_WINDOW_SECONDS, encodedQuery: encoded.replace(EVENT_ID_SENTINEL, '<eventId>') });
}

export function fastPathMessage(rule: FastPathRule, props: FastPathMessageProps): FastPathMessage {
  const fields = rule.fields.map((field, index) => ({ ...field, variable: `field${index}` }));
  const text =
    `[${rule.severity}, fast path] ${rule.title}. ` +
    'Who: <who>. What: <what> (<service>). ' +
    fields.map((field) => `${capitalized(field.label)}: <${field.variable}>. `).join('') +
    'From: <from>. When: <when>, <region>, account <account>. ' +
    `Evidence (CloudTrail delivers the event to the log group about 5 minutes after the call; this looks back 24 hours): ${eventEvidenceUrl(props.location, props.logGroupName)} ` +
    `Runbook: ${props.runbookUrl}`;
  return {
    inputPaths: { ...COMMON_PATHS, ...Object.fromEntries(fields.map((field) => [field.variable, field.path])) },
    // The links hold Terraform expressions in the module (the console domain, the runbook): left for Terraform to fill in.
    inputTemplate: jsonQuotedKeepingExpressions(text),
  };
}

function capitalized(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}
