/**
 * The description of a detection's alarm: what fired, where to see the events, what to do. It is
 * what an alarm email or chat message shows, so every link in it is absolute.
 *
 * CloudWatch takes at most 1024 characters (PutMetricAlarm, AlarmDescription: "Maximum length of
 * 1024", https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
 * A link that opens the detection's query carries the whole query, which for a long watched-bucket
 * list does not fit; the description then links Logs Insights on the log group and names the saved
 * query to pick instead, and drops the detection's one-line explanation if even that is too long.
 */
import { isTerraformValue } from './console-urls';
import { hclQuoted } from './plan-time';

export const MAX_ALARM_DESCRIPTION_LENGTH = 1024;

/**
 * The longest runbook base URL taken: with it, the shortest description of the longest-titled
 * detection still fits (a test measures this), so no alarm is ever left without its links.
 */
export const MAX_RUNBOOK_BASE_URL_LENGTH = 300;

/** What a runbook base URL may hold: URL characters (RFC 3986) but `#`, which the detection's anchor takes. */
export const RUNBOOK_BASE_URL_CHARACTERS = /^https:\/\/[A-Za-z0-9._~:/?&=%+!$'()*,;@-]+$/;

/**
 * Where this project's docs/detections.md would be served for an example company: a URL that does
 * not exist. Constructs used on their own link it when given nothing else; the stacks link the
 * runbooks they ship into the account instead (modules/runbook-dashboard.ts), and synth refuses it
 * as an environment's `runbookBaseUrl` (only warns for an emulator environment).
 */
export const PROJECT_RUNBOOK_BASE_URL = 'https://github.com/acme/s3-audit-trail/blob/main/docs/detections.md';

export interface DetectionAlarmText {
  /** May be a Terraform expression (the exported module's detections). */
  readonly severity: string;
  readonly title: string;
  readonly description: string;
  /** Logs Insights with the detection's query. */
  readonly queryUrl: string;
  /**
   * The same query with the compact fields.
   * @default queryUrl
   */
  readonly compactQueryUrl?: string;
  /** Logs Insights listing the log group's events, with no filter. */
  readonly logGroupUrl: string;
  /** The saved query's name, to pick from the saved queries when the description holds no query. */
  readonly savedQueryName: string;
  readonly runbookUrl: string;
}

/** The description with the most that fits: a Terraform conditional when lengths are known only to Terraform. */
export function detectionAlarmDescription(text: DetectionAlarmText): string {
  const lead = `[${text.severity}] ${text.title}.`;
  const saved = `Logs Insights (saved query "${text.savedQueryName}"): ${text.logGroupUrl}`;
  const runbook = `Runbook: ${text.runbookUrl}`;
  // The query link is worth more than the one-line explanation, which the runbook repeats, and its
  // filter more than its less telling fields.
  return longestThatFits([
    `${lead} ${text.description} Logs Insights: ${text.queryUrl} ${runbook}`,
    `${lead} Logs Insights: ${text.queryUrl} ${runbook}`,
    ...(text.compactQueryUrl ? [`${lead} Logs Insights: ${text.compactQueryUrl} ${runbook}`] : []),
    `${lead} ${text.description} ${saved} ${runbook}`,
    `${lead} ${saved} ${runbook}`,
  ]);
}

/**
 * The first candidate within the limit. Candidates holding Terraform values are measured by
 * Terraform (`length(...)`); a concrete one is measured here, and the last must fit.
 */
export function longestThatFits(candidates: readonly string[]): string {
  const last = candidates[candidates.length - 1];
  if (!isTerraformValue(last) && last.length > MAX_ALARM_DESCRIPTION_LENGTH) {
    throw new Error(`alarm description is ${last.length} characters even at its shortest; CloudWatch accepts at most ${MAX_ALARM_DESCRIPTION_LENGTH}: ${last}`);
  }
  let chosen = last;
  for (const candidate of [...candidates.slice(0, -1)].reverse()) {
    if (!isTerraformValue(candidate)) {
      if (candidate.length <= MAX_ALARM_DESCRIPTION_LENGTH) chosen = candidate;
      continue;
    }
    chosen = `\${length(${hclQuoted(candidate)}) <= ${MAX_ALARM_DESCRIPTION_LENGTH} ? ${hclQuoted(candidate)} : ${asExpression(chosen)}}`;
  }
  return chosen;
}

/** A string value as an operand of a Terraform expression: a lone `${...}` unwrapped, else quoted. */
function asExpression(value: string): string {
  // cdktf writes a lone token inside an expression as the bare reference it stands for.
  if (/^\$\{TfToken\[[^\]]+\]\}$/.test(value)) return value;
  const lone = /^\$\{([\s\S]*)\}$/.exec(value);
  if (lone && balanced(lone[1])) return `(${lone[1]})`;
  return hclQuoted(value);
}

function balanced(expression: string): boolean {
  let depth = 0;
  for (const c of expression) {
    if (c === '{') depth += 1;
    if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** The runbook section of the delivery heartbeat (`<prefix>-<env>-trail-delivery-stopped`). */
export const DELIVERY_HEARTBEAT_ANCHOR = 'trail-delivery-stopped';

/** The runbook section of the fast path's delivery alarm (`<prefix>-<env>-fast-path-failed`). */
export const FAST_PATH_FAILED_ANCHOR = 'fast-path-failed';

/** `<base>#<anchor>`: the runbook section of one alarm. */
export function runbookUrl(baseUrl: string, anchor: string): string {
  return `${baseUrl}#${anchor}`;
}
