/**
 * Replay over log files the test writes: gzip and plain files in nested folders, a truncated gzip,
 * a file that is not JSON, a record that is not valid JSON, a record without a time. Matches are
 * binned by each alarm's period, firing follows its threshold, and a file that cannot be read
 * counts for nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { selectLogFiles } from '../../scripts/lib/replay/log-file-paths';
import { cloudTrailLogText, writeCloudTrailLogFile } from '../../scripts/lib/replay/log-file-writer';
import { ReplayDetection, replayDetections } from '../../scripts/lib/replay/replay-detections';
import { DetectionReport, ReplayReport, replayReport } from '../../scripts/lib/replay/replay-report';
import { replayLogFiles } from '../../scripts/lib/replay/run-replay';
import { at, roleSession } from '../../scripts/lib/replay/sample-traffic';
import { DETECTION_CATALOG } from '../../modules/detections';
import type { EnvironmentInput } from '../../stacks/environment-schema';
import { parseEnvironments } from '../../stacks/load-environments';
import { FIXTURE_ENVIRONMENT, TRAIL_KEY_ARN, WATCHED_BUCKETS } from '../fixtures/cloudtrail/environment';
import { identities, s3ObjectEvent } from '../fixtures/cloudtrail/records';

const [CUSTOMER_DATA, EXPORTS] = WATCHED_BUCKETS;
const validated = (environment: EnvironmentInput) => parseEnvironments([environment])[0];
/** Replaying synthesizes the environment's stack: seconds, more on a busy machine. */
const SYNTH_TIMEOUT_MS = 60_000;
const clock = (time: string): number => Date.parse(`2026-11-20T${time}Z`);
const CLEANER = 'arn:aws:iam::123456789012:role/retention-cleaner';
const PARTNER = 'arn:aws:iam::123456789012:role/partner-sync';

const deletion = (time: string) => at(s3ObjectEvent('DeleteObject', CUSTOMER_DATA, `customers/${time}.json`, { userIdentity: roleSession('retention-cleaner', 'run') }), clock(time));
const denied = (time: string) =>
  at(s3ObjectEvent('GetObject', EXPORTS, 'daily/x.csv', { errorCode: 'AccessDenied', errorMessage: 'Access Denied', userIdentity: roleSession('partner-sync', 'pull') }), clock(time));
const read = (time: string) => at(s3ObjectEvent('GetObject', CUSTOMER_DATA, 'customers/1.json', { userIdentity: identities.assumedRole }), clock(time));
const times = (from: string, count: number, stepSeconds: number) => Array.from({ length: count }, (_, i) => new Date(clock(from) + i * stepSeconds * 1000).toISOString().slice(11, 19));

let folder: string;
let detections: ReplayDetection[];
let report: ReplayReport;
const detection = (id: string): DetectionReport => report.detections.find((d) => d.id === id)!;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'run-replay-'));
  writeCloudTrailLogFile(path.join(folder, 'eu-west-1/14/a.json.gz'), [read('14:00:00'), deletion('14:05:10'), deletion('14:06:00'), read('14:06:30')]);
  writeCloudTrailLogFile(path.join(folder, 'eu-west-1/14/b.json'), [deletion('14:21:00'), ...times('14:30:00', 12, 10).map(denied)]);
  writeCloudTrailLogFile(path.join(folder, 'eu-west-1/15/c.json.gz'), [...times('14:40:00', 9, 10).map(denied), { eventName: 'GetObject', eventSource: 's3.amazonaws.com' }]);
  const whole = gzipSync(cloudTrailLogText([deletion('14:50:00'), deletion('14:51:00')]));
  writeFileSync(path.join(folder, 'truncated.json.gz'), whole.subarray(0, whole.length - 12));
  writeFileSync(path.join(folder, 'notes.json'), 'not a log file');
  writeFileSync(
    path.join(folder, 'bad-record.json'),
    '{"Records":[{"eventSource":"s3.amazonaws.com","eventName":"DeleteObject","eventTime":"2026-11-20T14:55:00Z","requestParameters":{"bucketName":"acme-customer-data"},"readOnly":tru}]}',
  );
  detections = replayDetections(validated(FIXTURE_ENVIRONMENT), TRAIL_KEY_ARN);
  const { files } = selectLogFiles([folder], '/');
  report = replayReport('test', detections, await replayLogFiles(files, detections), 0);
}, SYNTH_TIMEOUT_MS);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('replayLogFiles over a folder of generated logs', () => {
  test('GIVEN a folder of several files WHEN replayed THEN the good ones are read and every bad one is skipped with its reason', () => {
    expect(report.files.read).toBe(3);
    expect(report.files.skipped.map((s) => [path.basename(s.file), s.reason.replace(/ \(.*\)$/, '')])).toEqual([
      ['bad-record.json', 'record 1 is not valid JSON'],
      ['notes.json', 'not a JSON object'],
      ['truncated.json.gz', 'not a complete gzip file'],
    ]);
  });

  test('GIVEN the good files WHEN replayed THEN every record is counted, the one without a time apart, and the time range spans them', () => {
    expect(report.records).toBe(4 + 13 + 10);
    expect(report.undatedRecords).toBe(1);
    expect(report.events).toEqual({ first: '2026-11-20T14:00:00Z', last: '2026-11-20T14:41:20Z' });
  });

  test('GIVEN deletions in a truncated file and in a file with a bad record WHEN replayed THEN they are not counted', () => {
    expect(detection('s3-object-deletions').matches).toBe(3);
    expect(detection('s3-object-deletions').lastMatch).toBe('2026-11-20T14:21:00Z');
  });

  test('GIVEN deletions 15 minutes apart WHEN replayed THEN they are binned by minute and the 1-of-10 any-occurrence alarm fires twice, each time for ten minutes after its last match', () => {
    const deletions = detection('s3-object-deletions');
    expect(deletions.countsPerPeriod).toEqual([
      { start: '2026-11-20T14:05:00Z', count: 1 },
      { start: '2026-11-20T14:06:00Z', count: 1 },
      { start: '2026-11-20T14:21:00Z', count: 1 },
    ]);
    expect(deletions.alarmPeriods).toEqual([
      { from: '2026-11-20T14:05:00Z', until: '2026-11-20T14:16:00Z', periods: 11 },
      { from: '2026-11-20T14:21:00Z', until: '2026-11-20T14:31:00Z', periods: 10 },
    ]);
    expect(deletions.firstMatch).toBe('2026-11-20T14:05:10Z');
  });

  test('GIVEN 12 then 9 denials in two periods WHEN replayed THEN the alarm at 10 fires once and the alarm at 5 (CIS) twice', () => {
    expect(detection('s3-access-denied-probing').countsPerPeriod.map((p) => p.count)).toEqual([12, 9]);
    expect(detection('s3-access-denied-probing').alarmPeriods).toEqual([{ from: '2026-11-20T14:30:00Z', until: '2026-11-20T14:35:00Z', periods: 1 }]);
    expect(detection('cis-unauthorized-api-calls').alarmPeriods?.map((p) => p.from)).toEqual(['2026-11-20T14:30:00Z', '2026-11-20T14:40:00Z']);
  });

  test('GIVEN sessions of one role WHEN the top principals are listed THEN the role is named once, with all its matches', () => {
    expect(detection('s3-object-deletions').topPrincipals).toEqual([{ principal: CLEANER, count: 3 }]);
    expect(detection('s3-access-denied-probing').topPrincipals).toEqual([{ principal: PARTNER, count: 21 }]);
  });

  test('GIVEN records no detection matches WHEN replayed THEN a detection without matches has none and never fires', () => {
    expect(detection('trail-tampering')).toMatchObject({ matches: 0, firstMatch: null, lastMatch: null, countsPerPeriod: [], alarmPeriods: [], topPrincipals: [] });
  });

  test('GIVEN the environment WHEN replayed THEN there is one report per metric filter it deploys (per bucket for a filter split by bucket), catalog detections first in catalog order', () => {
    const unsplit = detections.filter((d) => !d.splitBy).map((d) => d.id);
    expect(report.detections.map((d) => d.id).filter((id) => !id.startsWith('s3-unusual-'))).toEqual(unsplit);
    expect(detections.filter((d) => d.splitBy).map((d) => d.id)).toEqual(['s3-unusual-delete-volume', 's3-unusual-write-volume']);
    // A row per watched bucket, as there is an alarm per watched bucket, whether it matched or not.
    expect(report.detections.filter((d) => d.id.startsWith('s3-unusual-')).map((d) => d.id)).toEqual([
      's3-unusual-delete-volume.acme-customer-data',
      's3-unusual-delete-volume.acme-exports',
      's3-unusual-write-volume.acme-customer-data',
      's3-unusual-write-volume.acme-exports',
    ]);
    const catalogIds = DETECTION_CATALOG.map((d) => d.id);
    expect(report.detections.slice(0, catalogIds.length).map((d) => d.id)).toEqual(catalogIds);
    expect(report.detections[0]).toMatchObject({ id: 's3-object-deletions', title: 'S3 objects deleted in a watched bucket', severity: 'high' });
  });
});

describe('replayDetections', () => {
  test('GIVEN a detection disabled in the environment WHEN replayed THEN it is not evaluated', () => {
    const ids = replayDetections(validated({ ...FIXTURE_ENVIRONMENT, detections: { 'cis-organizations-changes': { enabled: false } } }), TRAIL_KEY_ARN).map((d) => d.id);
    expect(ids).not.toContain('cis-organizations-changes');
    expect(ids).toContain('s3-object-deletions');
  }, SYNTH_TIMEOUT_MS);

  test("GIVEN no trail key ARN WHEN replayed THEN trail-key-tampering matches the calls on any key and says so; with it, only the trail key's", () => {
    const guessed = replayDetections(validated(FIXTURE_ENVIRONMENT)).find((d) => d.id === 'trail-key-tampering')!;
    const exact = detections.find((d) => d.id === 'trail-key-tampering')!;
    const otherKey = JSON.stringify({
      eventSource: 'kms.amazonaws.com',
      eventName: 'DisableKey',
      resources: [{ ARN: 'arn:aws:kms:eu-west-1:123456789012:key/0987dcba-09ba-87dc-65fe-0987654321ba' }],
    });
    expect(guessed.patternNote).toMatch(/--trail-key-arn/);
    expect(guessed.filter.matches(otherKey)).toBe(true);
    expect(exact.patternNote).toBeUndefined();
    expect(exact.filter.matches(otherKey)).toBe(false);
  }, SYNTH_TIMEOUT_MS);
});
