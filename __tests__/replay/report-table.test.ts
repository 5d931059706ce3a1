/** The replay report as people read it: rows, the periods an alarm would have fired, notes, skipped files. */
import type { DetectionReport, ReplayReport } from '../../scripts/lib/replay/replay-report';
import { periodRange, renderReplayTable, shortPrincipal } from '../../scripts/lib/replay/report-table';

const detection = (overrides: Partial<DetectionReport>): DetectionReport => ({
  id: 's3-object-deletions',
  title: 'S3 objects deleted in a watched bucket',
  severity: 'high',
  pages: true,
  pattern: '{ $.eventName = "DeleteObject" }',
  patternNote: null,
  alarm: { kind: 'threshold', alarmName: 'acme-test-s3-object-deletions', periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1, threshold: 1 },
  matches: 0,
  firstMatch: null,
  lastMatch: null,
  countsPerPeriod: [],
  alarmPeriods: [],
  topPrincipals: [],
  otherPrincipalMatches: 0,
  ...overrides,
});

const report = (detections: DetectionReport[], overrides: Partial<ReplayReport> = {}): ReplayReport => ({
  environment: 'test',
  files: { read: 2, skipped: [], digestFilesLeftOut: 0 },
  records: 1234,
  undatedRecords: 0,
  events: { first: '2026-11-20T08:00:00Z', last: '2026-11-20T18:00:00Z' },
  detections,
  ...overrides,
});

describe('renderReplayTable', () => {
  test('GIVEN a detection that fired WHEN rendered THEN its row and each of its alarm periods are listed', () => {
    const text = renderReplayTable(
      report([
        detection({
          matches: 1501,
          firstMatch: '2026-11-20T14:05:09Z',
          lastMatch: '2026-11-20T14:37:49Z',
          alarmPeriods: [{ from: '2026-11-20T14:05:00Z', until: '2026-11-20T14:40:00Z', periods: 7 }],
          topPrincipals: [
            { principal: 'arn:aws:iam::123456789012:role/retention-cleaner', count: 1500 },
            { principal: 'arn:aws:iam::999999999999:user/mallory', count: 1 },
          ],
        }),
      ]),
      '123456789012',
    );
    expect(text).toMatch(/^Replay for environment test: 2 files read, 1,234 records, events from 2026-11-20T08:00:00Z to 2026-11-20T18:00:00Z$/m);
    expect(text).toMatch(/^s3-object-deletions +yes +≥ 1 in 5 min +1,501 +1 time +2026-11-20T14:05:09Z +2026-11-20T14:37:49Z +role\/retention-cleaner \(1,500\), 999999999999:user\/mallory \(1\)$/m);
    expect(text).toContain('Would have fired: 1 alarm, 1 time; 1 paging alarm, 1 page:\n  s3-object-deletions (≥ 1 in 5 min, pages), 1 time:\n    2026-11-20 14:05–14:40 UTC (7 periods)');
  });

  test('GIVEN an alarm replay does not simulate WHEN rendered THEN its counts per period are listed with the reason', () => {
    const text = renderReplayTable(
      report([
        detection({
          id: 's3-unusual-delete-volume',
          alarm: { kind: 'counts-per-period', periodSeconds: 900, reason: 'an anomaly band needs the metric history' },
          matches: 4,
          alarmPeriods: null,
          countsPerPeriod: [
            { start: '2026-11-20T14:00:00Z', count: 3 },
            { start: '2026-11-20T14:15:00Z', count: 1 },
          ],
        }),
      ]),
    );
    expect(text).toMatch(/^s3-unusual-delete-volume +yes +counts per 15 min +4 +n\/a /m);
    expect(text).toContain(
      's3-unusual-delete-volume (an anomaly band needs the metric history): 2 periods with matches; the busiest 2026-11-20 14:00 UTC 3, 2026-11-20 14:15 UTC 1 (--json has every period)',
    );
  });

  test('GIVEN a broadened pattern, skipped files, undated records and digest files WHEN rendered THEN each is said', () => {
    const text = renderReplayTable(
      report([detection({ id: 'trail-key-tampering', patternNote: 'matches any key' })], {
        files: { read: 1, skipped: [{ file: 'bad.json.gz', reason: 'not a complete gzip file' }], digestFilesLeftOut: 3 },
        undatedRecords: 2,
      }),
    );
    expect(text).toMatch(/^trail-key-tampering \* /m);
    expect(text).toContain('* trail-key-tampering: matches any key');
    expect(text).toContain('1 file read (1 file skipped)');
    expect(text).toContain('2 records without a readable eventTime, not evaluated.');
    expect(text).toContain('3 digest files left out');
    expect(text).toContain('Skipped (1 file, nothing in them counted):\n  bad.json.gz: not a complete gzip file');
  });

  test('GIVEN a record alarm and a paging one that fired WHEN rendered THEN the summary counts both, and pages only the paging one', () => {
    const fired = [{ from: '2026-11-20T14:05:00Z', until: '2026-11-20T14:15:00Z', periods: 10 }];
    const text = renderReplayTable(
      report([
        detection({ id: 'cis-vpc-changes', severity: 'medium', pages: false, matches: 3, alarmPeriods: [...fired, ...fired] }),
        detection({ id: 'cis-vpc-changes.unknown-principal', severity: 'high', pages: true, matches: 1, alarmPeriods: fired }),
      ]),
    );
    expect(text).toMatch(/^cis-vpc-changes +no +≥ 1 in 5 min +3 +2 times /m);
    expect(text).toMatch(/^cis-vpc-changes\.unknown-principal +yes +≥ 1 in 5 min +1 +1 time /m);
    expect(text).toContain('Would have fired: 2 alarms, 3 times; 1 paging alarm, 1 page:');
    expect(text).toContain('  cis-vpc-changes (≥ 1 in 5 min), 2 times:');
    expect(text).toContain('  cis-vpc-changes.unknown-principal (≥ 1 in 5 min, pages), 1 time:');
  });

  test('GIVEN many alarm periods WHEN rendered THEN the first dozen are listed and the rest counted', () => {
    const periods = Array.from({ length: 15 }, (_, i) => ({
      from: new Date(Date.UTC(2026, 10, 20, 8, i * 10)).toISOString().replace('.000Z', 'Z'),
      until: new Date(Date.UTC(2026, 10, 20, 8, i * 10 + 5)).toISOString().replace('.000Z', 'Z'),
      periods: 1,
    }));
    const text = renderReplayTable(report([detection({ matches: 15, alarmPeriods: periods })]));
    expect(text.match(/^ {4}2026-11-20 /gm)).toHaveLength(12);
    expect(text).toContain('    and 3 more (--json lists them all)');
  });
});

describe('shortPrincipal and periodRange', () => {
  test.each([
    ['arn:aws:iam::123456789012:role/x', 'role/x'],
    ['arn:aws:iam::999999999999:role/x', '999999999999:role/x'],
    ['arn:aws:sts::123456789012:federated-user/bob', 'federated-user/bob'],
    ['cloudtrail.amazonaws.com', 'cloudtrail.amazonaws.com'],
  ])('GIVEN %s in account 123456789012 WHEN shortened THEN %s', (principal, short) => {
    expect(shortPrincipal(principal, '123456789012')).toBe(short);
  });

  test('GIVEN a range within a day, and one across midnight, WHEN written THEN the day is given once, or twice', () => {
    expect(periodRange('2026-11-20T14:05:00Z', '2026-11-20T14:40:00Z')).toBe('2026-11-20 14:05–14:40 UTC');
    expect(periodRange('2026-11-20T23:55:00Z', '2026-11-21T00:05:00Z')).toBe('2026-11-20 23:55 – 2026-11-21 00:05 UTC');
  });
});
