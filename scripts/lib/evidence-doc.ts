/**
 * The parts of docs/detections.md about getting from an alarm to its evidence: the saved queries,
 * the links in alarm descriptions, the dashboard, and the delivery heartbeat's runbook section
 * (which its alarm links like the others). Rendered by scripts/generate-detections-doc.ts.
 */
import { DELIVERY_HEARTBEAT_ANCHOR, MAX_ALARM_DESCRIPTION_LENGTH, PROJECT_RUNBOOK_BASE_URL } from '../../modules/alarm-description';
import { EVIDENCE_FIELDS, insightsQuery } from '../../modules/detections/insights-query';
import { codeBlock } from './generated-doc';

export function renderEvidenceSection(prefix: string): string[] {
  return [
    '## From alarm to evidence',
    '',
    '### Saved Logs Insights queries',
    '',
    `Every detection has a saved CloudWatch Logs Insights query, \`<namePrefix>-<environment>/<id>\` (e.g. \`${prefix}/s3-object-deletions\`; ` +
      'the console lists them in a folder per environment), on the trail log group. It lists the events the ' +
      'detection counts, newest first, with ' +
      EVIDENCE_FIELDS.map((field) => `\`${field}\``).join(', ') +
      ": when, who (the principal, and for a role session the role it came from), what, which bucket and key, from where and with what. Each detection's section below shows its query.",
    '',
    '**Which account.** An organization trail delivers every member account\'s events to the one log group, and beside an ' +
      "existing trail the management-event detections read that trail's group: `recipientAccountId`, the query's second " +
      'column, is the account the event happened in, and the account to investigate and act in. Sign in to it as your ' +
      'organization allows (an IAM Identity Center permission set for that account, or `OrganizationAccountAccessRole` ' +
      'from the management account); the log files are under `AWSLogs/<organization id>/<recipientAccountId>/` in the log ' +
      'bucket ([organizations.md](organizations.md)).',
    '',
    "The query's `filter` is translated from the detection's filter pattern by program " +
      '([`modules/detections/insights-query.ts`](../modules/detections/insights-query.ts)), construct by construct, and a unit ' +
      'test runs both over every CloudTrail fixture: the query selects exactly the events the pattern counts. Where the two ' +
      'languages differ the translation compensates:',
    '',
    '- `!=` in a filter pattern is false where the field is absent; the query asks `ispresent(...)` first.',
    '- `*` at the start or end of a value becomes an anchored `like /regex/`; alternatives on one field become `in [...]`.',
    '- A string spelled as a number also matches that JSON number in a pattern, and a number matches CloudTrail\'s numeric strings ' +
      '(`"123456789012"`); the query asks for both spellings.',
    '- `IS TRUE` / `IS FALSE` / `IS NULL` and `NOT EXISTS` test JSON literals and absence, which Insights does not type ' +
      'the same way; the query asks for every form Insights may use.',
    '- `$.resources[0].ARN` is `resources.0.ARN`; field names with `-` or `_` are in backticks.',
    '',
    'Where Insights\' behaviour is not documented, the query errs toward showing an event too many, never one too few. ' +
      'Two limits remain: Insights extracts only so many fields from one JSON event (100 in the older user guide, 200 in ' +
      "the current one's `parse` page), so a field far down a very large record (a `DeleteObjects` of hundreds of keys) " +
      "may be missing from it and the event from the query; and a filter pattern's `>`/`<` on a numeric string relies on " +
      'Insights comparing it as a number (no shipped detection does this). The metric filter, and so the alarm, is not ' +
      'affected by either.',
    '',
    '### Links in alarm descriptions',
    '',
    'Each detection alarm\'s description (what an alarm email or chat message shows) is:',
    '',
    codeBlock('[<severity>] <title>. <what it catches> Logs Insights: <link> Runbook: <runbookBaseUrl>#<id>'),
    '',
    "- The Logs Insights link is absolute: it opens the CloudWatch console of the environment's region " +
      '(`console.amazonaws.cn` in China, `console.amazonaws-us-gov.com` in GovCloud) on the trail log group with the ' +
      "detection's query, over the alarm's window (period × evaluation periods) back from when it is opened: widen the " +
      "time range if you open it later. AWS does not document the console's URLs; the form used is the widely used one " +
      '([`modules/console-urls.ts`](../modules/console-urls.ts)), and if the console ever changes it the link still ' +
      'opens Logs Insights.',
    `- CloudWatch keeps at most ${MAX_ALARM_DESCRIPTION_LENGTH} characters of description. When the link with its query ` +
      'would not fit (long watched-bucket lists make long filters), the explanation is dropped first; if it still does ' +
      'not fit, the description links Logs Insights on the log group with no query and names the saved query to pick ' +
      '(`Logs Insights (saved query "<namePrefix>-<environment>/<id>"): <link>`).',
    `- The runbook link is \`<runbookBaseUrl>#<id>\`, this page's section for the detection by default ` +
      `(\`${PROJECT_RUNBOOK_BASE_URL}\`). Set \`runbookBaseUrl\` in an environment (an https URL, at most 300 ` +
      'characters, no `#`) to point every alarm at your own runbooks, with one section per detection id.',
    '',
    '### Dashboard',
    '',
    `Each environment has a CloudWatch dashboard, \`<namePrefix>-<environment>-s3-audit-trail\` (e.g. \`${prefix}-s3-audit-trail\`): ` +
      'the state of every alarm of the stack (those in ALARM first), the events the trail delivers to the log group ' +
      "(`IncomingLogEvents`, the delivery heartbeat's metric), each detection's matches per 5 minutes, and per named " +
      "watched bucket its object write and delete volume and S3's daily storage metrics (`NumberOfObjects`, and " +
      '`BucketSizeBytes` in S3 Standard; S3 publishes them once a day, in the bucket\'s region). With ' +
      "`watchedBuckets: 'all'` there are no named buckets, so no bucket sections. The dashboard is generated: changes " +
      'made in the console are overwritten by the next deploy. The exported Terraform module has no dashboard: its ' +
      'detections are `for_each` resources over a plan-time map, and the dashboard body would have to be laid out ' +
      "again in Terraform's own language; build one from the module's outputs if you need it.",
  ];
}

export function renderHeartbeatSection(): string[] {
  return [
    `## ${DELIVERY_HEARTBEAT_ANCHOR}`,
    '',
    '**The trail delivered no events**',
    '',
    '- Severity: critical',
    '- Alarm: `<namePrefix>-<environment>-trail-delivery-stopped`, on the log group\'s `IncomingLogEvents`; missing data counts as silence',
    '',
    'Metric filters cannot report their own silence: a stopped trail, a deleted delivery role or an unusable key leaves ' +
      'every detection quiet. What to check, in order, is in ' +
      '[When the trail goes silent](operations.md#when-the-trail-goes-silent): the trail status (`IsLogging`, ' +
      '`LatestCloudWatchLogsDeliveryError`), whether `trail-tampering` fired, the delivery role and the KMS key policy.',
  ];
}

/** A detection section's query, as the example environment's saved query holds it. */
export function renderQuery(pattern: string): string[] {
  return ['### Logs Insights query', '', 'The saved query, for the example environment:', '', codeBlock(insightsQuery(pattern))];
}
