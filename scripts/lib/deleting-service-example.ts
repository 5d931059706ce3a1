/**
 * The worked example of docs/detections.md, "a service started deleting objects": a day of
 * CloudTrail logs for the fixture environment in which a deploy of a cleanup service starts
 * deleting customer data, the alarm that fires, the query that shows who, and replay's report over
 * the day. The report is replay's real output on those logs, produced each time the docs are
 * generated, so it cannot drift from what replay prints.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ACCOUNT_ID, FIXTURE_ENVIRONMENT, LOG_GROUP_NAME, REGION, TRAIL_KEY_ARN, WATCHED_BUCKETS } from '../../__tests__/fixtures/cloudtrail/environment';
import type { CloudTrailRecord } from '../../__tests__/fixtures/cloudtrail/fixture';
import { identities, s3ObjectEvent } from '../../__tests__/fixtures/cloudtrail/records';
import { insightsQuery } from '../../modules/detections/insights-query';
import { codeBlock } from './generated-doc';
import { cloudTrailLogFileName, writeCloudTrailLogFile } from './replay/log-file-writer';
import { replayDetectionsOf } from './replay/replay-detections';
import { replayReport } from './replay/replay-report';
import { periodRange, renderReplayTable } from './replay/report-table';
import { replayLogFiles } from './replay/run-replay';
import { at, roleSession, sampleTraffic } from './replay/sample-traffic';
import { synthesizedDetections } from './synthesized-patterns';

export const EXAMPLE_HEADING = 'Worked example: a service started deleting objects';

const DETECTION_ID = 's3-object-deletions';
/**
 * The fixture environment without its per-bucket declarations: the example is about the catalog's
 * deletion alarm, and an immutable prefix on the same bucket would (rightly) fire on the same day.
 */
const EXAMPLE_ENVIRONMENT = { ...FIXTURE_ENVIRONMENT, watchedBuckets: WATCHED_BUCKETS };
const [CUSTOMER_DATA] = WATCHED_BUCKETS;
const DAY = '2026-11-20';
const time = (clock: string): number => Date.parse(`${DAY}T${clock}Z`);
const FIVE_MINUTES = 5 * 60 * 1000;

/** The day: everyday work, one person tidying up at 09:12, and the cleanup service from 14:05 to 14:38. */
function theDay(): CloudTrailRecord[] {
  const everyday = sampleTraffic(4_000, time('08:00:00'), 10 * 3600 * 1000, { seed: 20261120, noteworthyShare: 0 });
  const tidyingUp = at(s3ObjectEvent('DeleteObject', CUSTOMER_DATA, 'customers/old-export.csv', { userIdentity: identities.iamUser }), time('09:12:31'));
  const cleaner = roleSession('retention-cleaner', 'deploy-4711');
  const batches: CloudTrailRecord[] = [];
  for (let t = time('14:05:09'); t < time('14:38:00'); t += 40_000) {
    const keys = Array.from({ length: 1000 }, (_, k) => ({ Key: `customers/${(t / 1000 + k) % 100_000}.json` }));
    batches.push(
      at(
        s3ObjectEvent('DeleteObjects', CUSTOMER_DATA, '', { userIdentity: cleaner, requestParameters: { delete: '', Delete: { Object: keys, Quiet: 'true' } } }),
        t,
      ),
    );
  }
  return [...everyday, tidyingUp, ...batches].sort((a, b) => String(a.eventTime).localeCompare(String(b.eventTime)));
}

/** The day's records in log files of five minutes each, as CloudTrail delivers them. */
function writeTheDay(folder: string): string[] {
  const byFile = new Map<number, CloudTrailRecord[]>();
  for (const record of theDay()) {
    const slot = Math.floor(Date.parse(String(record.eventTime)) / FIVE_MINUTES) * FIVE_MINUTES;
    byFile.set(slot, [...(byFile.get(slot) ?? []), record]);
  }
  return [...byFile].map(([slot, records], index) =>
    writeCloudTrailLogFile(path.join(folder, cloudTrailLogFileName(ACCOUNT_ID, REGION, slot, `example${String(index).padStart(4, '0')}`)), records),
  );
}

export async function renderDeletingServiceExample(): Promise<string[]> {
  const synthesized = synthesizedDetections(EXAMPLE_ENVIRONMENT, { aws_kms_key: TRAIL_KEY_ARN });
  const detection = synthesized.find((candidate) => candidate.id === DETECTION_ID);
  const alarm = detection?.alarms[0];
  if (!detection || !alarm) throw new Error(`the fixture environment has no alarm for ${DETECTION_ID}`);
  const detections = replayDetectionsOf(synthesized, true);

  const folder = mkdtempSync(path.join(tmpdir(), 'deleting-service-example-'));
  let table: string;
  let report;
  try {
    const files = writeTheDay(folder);
    report = replayReport(EXAMPLE_ENVIRONMENT.name, detections, await replayLogFiles(files, detections), 0);
    table = renderReplayTable(report, ACCOUNT_ID).trimEnd();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  // The prose below tells what the report shows; if the report stops showing it, fail rather than mislead.
  const deletions = report.detections.find((detection) => detection.id === DETECTION_ID);
  const episodes = deletions?.alarmPeriods ?? [];
  const [top] = deletions?.topPrincipals ?? [];
  const othersFired = report.detections.filter((detection) => detection.id !== DETECTION_ID && (detection.alarmPeriods ?? []).length > 0);
  if (episodes.length !== 2 || !top?.principal.endsWith(':role/retention-cleaner') || othersFired.length > 0) {
    throw new Error(`the example day no longer makes only ${DETECTION_ID} fire, twice, mostly for retention-cleaner: update the example`);
  }

  return [
    `## ${EXAMPLE_HEADING}`,
    '',
    `Environment \`${EXAMPLE_ENVIRONMENT.name}\` watches \`${CUSTOMER_DATA}\`. On ${DAY} a deploy of the ` +
      '`retention-cleaner` service ships a bug: from 14:05 UTC it deletes customer objects in batches of a ' +
      'thousand, every 40 seconds, until someone stops it. Earlier that morning a person deleted one old export by hand.',
    '',
    '### The alarm',
    '',
    `The first batch trips [${DETECTION_ID}](#${DETECTION_ID}) (${String(alarm.alarm_name)}), whose email carries the alarm description:`,
    '',
    codeBlock(String(alarm.alarm_description)),
    '',
    '### The query',
    '',
    `The description's Logs Insights link opens the detection's saved query, \`${EXAMPLE_ENVIRONMENT.namePrefix}-${EXAMPLE_ENVIRONMENT.name}/${DETECTION_ID}\`, ` +
      `on the log group \`${LOG_GROUP_NAME}\` over the alarm's window. It lists the deletions, newest first, with who made ` +
      'them (the role behind the session), what, where, from which address and with which client:',
    '',
    codeBlock(insightsQuery(detection.pattern)),
    '',
    'Every row names the same role, `retention-cleaner`, and the same session: a service, not a person, and the deploy that started it.',
    '',
    '### The replay',
    '',
    "Then the first question after stopping the service: what else happened that day, and since when? Download the day's " +
      'log files from the log bucket (`aws s3 sync s3://<log bucket>/AWSLogs/<account>/CloudTrail/<region>/2026/11/20/ day/`) and replay them:',
    '',
    codeBlock(`S3_AUDIT_TRAIL_ENVIRONMENTS=environments.json npm run replay -- --env ${EXAMPLE_ENVIRONMENT.name} --trail-key-arn ${TRAIL_KEY_ARN} day/`, 'sh'),
    '',
    codeBlock(table),
    '',
    'The deletions alarm would have fired twice: ' +
      episodes.map((episode) => `${periodRange(episode.from, episode.until)} (${episode.periods === 1 ? 'one period' : `${episode.periods} periods`})`).join(' and ') +
      `. The first is the person tidying up; the second is the service, and \`${top.principal}\` made ${top.count.toLocaleString('en-US')} ` +
      'of the matching calls, each a batch of up to a thousand objects (the metric counts calls, not objects). Nothing else fired that day: no policy, key or trail changed around the deploy, which points at a bug rather than an intruder. ' +
      'In a versioned bucket the objects come back by removing their delete markers. Raise this detection\'s threshold ' +
      "only if single deletions like the morning's are routine.",
  ];
}
