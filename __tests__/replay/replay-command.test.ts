/**
 * `npm run replay` as a command, run in-process with its streams replaced: the table and `--json`
 * reports, exit codes 0/1/2, usage on refusal, and a progress line only on a terminal.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXIT_ALL_READ, EXIT_CANNOT_RUN, EXIT_FILES_SKIPPED, main, ReplayIo } from '../../scripts/replay';
import { cloudTrailLogText, writeCloudTrailLogFile } from '../../scripts/lib/replay/log-file-writer';
import { at, roleSession } from '../../scripts/lib/replay/sample-traffic';
import { FIXTURE_ENVIRONMENT, TRAIL_KEY_ARN, WATCHED_BUCKETS } from '../fixtures/cloudtrail/environment';
import { managementEvent, s3ObjectEvent } from '../fixtures/cloudtrail/records';

let folder: string;
let definition: string;
/** Each run synthesizes the environment's stack: seconds, more on a busy machine. */
const RUN_TIMEOUT_MS = 60_000;

const deletion = (time: string) =>
  at(s3ObjectEvent('DeleteObject', WATCHED_BUCKETS[0], 'customers/1.json', { userIdentity: roleSession('retention-cleaner', 'run') }), Date.parse(`2026-11-20T${time}Z`));

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'replay-command-'));
  definition = path.join(folder, 'environments.json');
  writeFileSync(definition, JSON.stringify([FIXTURE_ENVIRONMENT, { ...FIXTURE_ENVIRONMENT, name: 'other', namePrefix: 'beta' }]));
  writeCloudTrailLogFile(path.join(folder, 'good/a.json.gz'), [deletion('14:05:10'), deletion('14:06:00')]);
  writeCloudTrailLogFile(path.join(folder, 'good/b.json'), [deletion('14:21:00')]);
  const whole = gzipSync(cloudTrailLogText([deletion('14:50:00')]));
  writeFileSync(path.join(folder, 'mixed-truncated.json.gz'), whole.subarray(0, whole.length - 10));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function io(options: { tty?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const streams: ReplayIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { isTTY: options.tty ?? false, write: (text: string) => err.push(text) },
    environ: { S3_AUDIT_TRAIL_ENVIRONMENTS: definition },
    workingDirectory: folder,
  };
  return { streams, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('replay command', () => {
  test('GIVEN readable files WHEN replayed THEN a table with a row per detection, and exit 0', async () => {
    const run = io();
    expect(await main(['--trail-key-arn', TRAIL_KEY_ARN, 'good'], run.streams)).toBe(EXIT_ALL_READ);
    const table = run.stdout();
    expect(table).toMatch(/^Replay for environment test: 2 files read, 3 records, events from 2026-11-20T14:05:10Z to 2026-11-20T14:21:00Z/);
    expect(table).toMatch(/^s3-object-deletions +yes +≥ 1 in 1 min, any of the last 10 +3 +2 times +2026-11-20T14:05:10Z +2026-11-20T14:21:00Z +role\/retention-cleaner \(3\)$/m);
    expect(table).toMatch(/^cis-root-account-usage +yes +≥ 1 in 1 min, any of the last 10 +0 +no /m);
    expect(table).toMatch(/^s3-access-denied-probing +no +≥ 10 in 5 min +0 +no /m);
    expect(table).toContain('2026-11-20 14:05–14:16 UTC (11 periods)');
    expect(run.stderr()).toBe('');
  }, RUN_TIMEOUT_MS);

  test('GIVEN --json WHEN replayed THEN one JSON document with the files, the records and each detection', async () => {
    const run = io();
    expect(await main(['--json', '--env', 'other', 'good/a.json.gz'], run.streams)).toBe(EXIT_ALL_READ);
    const report = JSON.parse(run.stdout());
    expect(Object.keys(report)).toEqual(['environment', 'files', 'records', 'undatedRecords', 'events', 'detections']);
    expect(report).toMatchObject({ environment: 'other', files: { read: 1, skipped: [], digestFilesLeftOut: 0 }, records: 2 });
    const deletions = report.detections.find((d: { id: string }) => d.id === 's3-object-deletions');
    expect(Object.keys(deletions)).toEqual([
      'id', 'title', 'severity', 'pages', 'pattern', 'patternNote', 'alarm', 'matches', 'firstMatch', 'lastMatch',
      'countsPerPeriod', 'alarmPeriods', 'topPrincipals', 'otherPrincipalMatches',
    ]);
    expect(deletions).toMatchObject({
      alarm: { kind: 'threshold', alarmName: 'beta-other-s3-object-deletions', periodSeconds: 60, evaluationPeriods: 10, datapointsToAlarm: 1, threshold: 1 },
      matches: 2,
      countsPerPeriod: [{ start: '2026-11-20T14:05:00Z', count: 1 }, { start: '2026-11-20T14:06:00Z', count: 1 }],
      alarmPeriods: [{ from: '2026-11-20T14:05:00Z', until: '2026-11-20T14:16:00Z', periods: 11 }],
    });
    const key = report.detections.find((d: { id: string }) => d.id === 'trail-key-tampering');
    expect(key.patternNote).toMatch(/known only after apply/);
  }, RUN_TIMEOUT_MS);

  test('GIVEN a deploy role changing a security group and an unknown user changing another WHEN replayed with the role as an expected change agent THEN only the unknown change pages', async () => {
    const securityGroupChange = (arn: string, time: string) =>
      at(managementEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', userIdentity: arn.includes(':role/') ? roleSession('terraform-deploy', 'apply') : { type: 'IAMUser', arn, accountId: '123456789012', userName: 'mallory' } }), Date.parse(`2026-11-20T${time}Z`));
    writeCloudTrailLogFile(path.join(folder, 'deploy/a.json.gz'), [
      securityGroupChange('arn:aws:iam::123456789012:role/terraform-deploy', '09:00:00'),
      securityGroupChange('arn:aws:iam::123456789012:user/mallory', '11:00:00'),
    ]);
    const without = io();
    expect(await main(['deploy'], without.streams)).toBe(EXIT_ALL_READ);
    expect(without.stdout()).toMatch(/^cis-security-group-changes +no +≥ 1 in 1 min, any of the last 10 +2 +2 times /m);
    expect(without.stdout()).not.toMatch(/^cis-security-group-changes\.unknown-principal /m);

    const declared = io();
    expect(await main(['--expected-change-agent', 'arn:aws:iam::123456789012:role/terraform-*', 'deploy'], declared.streams)).toBe(EXIT_ALL_READ);
    expect(declared.stdout()).toMatch(/^cis-security-group-changes +no +≥ 1 in 1 min, any of the last 10 +2 +2 times /m);
    expect(declared.stdout()).toMatch(/^cis-security-group-changes\.unknown-principal +yes +≥ 1 in 1 min, any of the last 10 +1 +1 time +2026-11-20T11:00:00Z .* user\/mallory \(1\)$/m);
  }, RUN_TIMEOUT_MS);

  test('GIVEN an expected change agent that would match every role WHEN replayed THEN it is refused, exit 2', async () => {
    const run = io();
    expect(await main(['--expected-change-agent', 'arn:aws:iam::123456789012:role/*', 'good'], run.streams)).toBe(EXIT_CANNOT_RUN);
    expect(run.stderr()).toMatch(/^replay: --expected-change-agent: "arn:aws:iam::123456789012:role\/\*" matches every principal of its kind in the account/);
  }, RUN_TIMEOUT_MS);

  test('GIVEN a truncated file among good ones WHEN replayed THEN it is reported and skipped, the rest counted, exit 1', async () => {
    const run = io();
    expect(await main(['good', 'mixed-truncated.json.gz'], run.streams)).toBe(EXIT_FILES_SKIPPED);
    expect(run.stdout()).toMatch(/2 files read \(1 file skipped\), 3 records/);
    expect(run.stdout()).toMatch(/^ {2}mixed-truncated\.json\.gz: not a complete gzip file/m);
  }, RUN_TIMEOUT_MS);

  test('GIVEN a terminal WHEN replayed THEN a progress line is drawn and cleared on stderr; not on a pipe', async () => {
    const tty = io({ tty: true });
    await main(['good'], tty.streams);
    expect(tty.stderr()).toContain('replay: 2/2 files (100%), 3 records');
    expect(tty.stderr().endsWith('\r\x1b[2K')).toBe(true);
    const pipe = io({ tty: false });
    await main(['good'], pipe.streams);
    expect(pipe.stderr()).toBe('');
  }, RUN_TIMEOUT_MS);

  test.each([
    [['--frobnicate', 'good'], /unknown option --frobnicate/],
    [[], /no CloudTrail log files or folders given/],
    [['--trail-key-arn', 'alias/x', 'good'], /not a KMS key ARN/],
  ])('GIVEN %j WHEN run THEN it is refused with the usage and exit 2', async (args, message) => {
    const run = io();
    expect(await main(args, run.streams)).toBe(EXIT_CANNOT_RUN);
    expect(run.stderr()).toMatch(message);
    expect(run.stderr()).toContain('Usage: npm run replay --');
    expect(run.stdout()).toBe('');
  }, RUN_TIMEOUT_MS);

  test.each([
    [['--env', 'nope', 'good'], 'replay: no environment nope; defined: test, other'],
    [['missing-folder'], 'replay: missing-folder: no such file or folder'],
  ])('GIVEN %j WHEN run THEN it says why it cannot start, exit 2', async (args, message) => {
    const run = io();
    expect(await main(args, run.streams)).toBe(EXIT_CANNOT_RUN);
    expect(run.stderr().trim()).toBe(message);
  }, RUN_TIMEOUT_MS);

  test('GIVEN --help WHEN run THEN the usage on stdout, exit 0', async () => {
    const run = io();
    expect(await main(['--help'], run.streams)).toBe(EXIT_ALL_READ);
    expect(run.stdout()).toMatch(/^Usage: npm run replay -- \[--env <environment>\]/);
  }, RUN_TIMEOUT_MS);
});
