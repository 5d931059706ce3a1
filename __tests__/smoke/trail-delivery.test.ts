/** Step 2 of smoke:aws: reading GetTrailStatus, and waiting (boundedly) for delivery to start. */
import { CloudTrailClient, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { formatDuration, waitFor } from '../../scripts/lib/smoke/bounded-wait';
import { assessTrailStatus, checkTrailDelivery, deliversToCloudWatchLogs } from '../../scripts/lib/smoke/trail-delivery';
import { fakeClock, OUTPUTS } from './fakes';

const DELIVERED = {
  IsLogging: true,
  LatestCloudWatchLogsDeliveryTime: new Date('2026-03-02T10:04:00Z'),
  LatestDeliveryTime: new Date('2026-03-02T10:05:00Z'),
};

describe('assessTrailStatus', () => {
  test('GIVEN logging with both deliveries and no error WHEN assessed THEN it passes, naming both delivery times', () => {
    const verdict = assessTrailStatus(DELIVERED);
    expect(verdict).toEqual({
      kind: 'pass',
      detail: 'IsLogging true, last CloudWatch Logs delivery 2026-03-02T10:04:00.000Z, last S3 log file delivery 2026-03-02T10:05:00.000Z, no delivery error',
    });
  });

  test('GIVEN a stopped trail WHEN assessed THEN it fails at once, whatever was delivered before', () => {
    const verdict = assessTrailStatus({ ...DELIVERED, IsLogging: false });
    expect(verdict.kind).toBe('fail');
    expect(verdict.kind === 'fail' && verdict.detail).toMatch(/^IsLogging false: the trail is stopped/);
  });

  test('GIVEN a CloudWatch Logs delivery error WHEN assessed THEN it fails naming the error and where to look', () => {
    const verdict = assessTrailStatus({ ...DELIVERED, LatestCloudWatchLogsDeliveryError: 'AccessDenied' });
    expect(verdict.kind).toBe('fail');
    expect(verdict.kind === 'fail' && verdict.detail).toContain('CloudWatch Logs delivery error "AccessDenied" (the delivery role');
  });

  test('GIVEN an S3 delivery error before anything was delivered WHEN assessed THEN it fails rather than waits', () => {
    const verdict = assessTrailStatus({ IsLogging: true, LatestDeliveryError: 'InsufficientEncryptionPolicy' });
    expect(verdict.kind).toBe('fail');
    expect(verdict.kind === 'fail' && verdict.detail).toContain('S3 delivery error "InsufficientEncryptionPolicy"');
  });

  test('GIVEN logging but no delivery yet WHEN assessed THEN it waits, saying which deliveries are missing', () => {
    expect(assessTrailStatus({ IsLogging: true })).toEqual({
      kind: 'waiting',
      missing: ['CloudWatch Logs delivery', 'S3 log file delivery'],
    });
    expect(assessTrailStatus({ IsLogging: true, LatestCloudWatchLogsDeliveryTime: DELIVERED.LatestCloudWatchLogsDeliveryTime })).toEqual({
      kind: 'waiting',
      missing: ['S3 log file delivery'],
    });
  });

  test('GIVEN statuses WHEN asked whether events reach the log group THEN only a logging trail with a delivery and no error does', () => {
    expect(deliversToCloudWatchLogs(DELIVERED)).toBe(true);
    expect(deliversToCloudWatchLogs({ IsLogging: true })).toBe(false);
    expect(deliversToCloudWatchLogs({ ...DELIVERED, LatestCloudWatchLogsDeliveryError: 'AccessDenied' })).toBe(false);
    expect(deliversToCloudWatchLogs({ ...DELIVERED, IsLogging: false })).toBe(false);
    expect(deliversToCloudWatchLogs(undefined)).toBe(false);
  });
});

describe('checkTrailDelivery', () => {
  const cloudTrail = mockClient(CloudTrailClient);
  beforeEach(() => cloudTrail.reset());
  const check = (timeoutMs = 20 * 60_000) => {
    const clock = fakeClock();
    const lines: string[] = [];
    const run = checkTrailDelivery({ cloudTrail: new CloudTrailClient({ region: 'eu-west-1' }), trailArn: OUTPUTS.trailArn, timeoutMs, clock, log: (line) => lines.push(line) });
    return { run, clock, lines };
  };

  test('GIVEN a trail that starts delivering on the third look WHEN checked THEN it passes after two waits, asking by ARN', async () => {
    cloudTrail.on(GetTrailStatusCommand).resolvesOnce({ IsLogging: true }).resolvesOnce({ IsLogging: true }).resolves(DELIVERED);
    const { run, clock, lines } = check();
    const result = await run;
    expect(result).toMatchObject({ step: 'trail logging', status: 'pass', cloudWatchLogsDelivering: true });
    expect(result.detail).toContain('last CloudWatch Logs delivery 2026-03-02T10:04:00.000Z');
    expect(clock.slept).toEqual([30_000, 30_000]);
    expect(cloudTrail.commandCalls(GetTrailStatusCommand).map((call) => call.args[0].input)).toEqual(Array(3).fill({ Name: OUTPUTS.trailArn }));
    expect(lines[0]).toBe("  waiting up to 20 min for CloudTrail's first deliveries to CloudWatch Logs and to the log bucket (checking every 30 s)");
  });

  test('GIVEN a trail that has delivered nothing at all WHEN the wait ends THEN both missing deliveries are named', async () => {
    cloudTrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    const result = await check(60_000).run;
    expect(result).toMatchObject({ status: 'fail', cloudWatchLogsDelivering: false });
    expect(result.detail).toMatch(/^timed out after 1 min: still no CloudWatch Logs delivery and no S3 log file delivery yet/);
  });

  test('GIVEN a delivery error WHEN checked THEN it fails on the first look without waiting', async () => {
    cloudTrail.on(GetTrailStatusCommand).resolves({ ...DELIVERED, LatestDeliveryError: 'AccessDenied' });
    const { run, clock } = check();
    const result = await run;
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('S3 delivery error "AccessDenied"');
    expect('cloudWatchLogsDelivering' in result && result.cloudWatchLogsDelivering).toBe(true);
    expect(clock.slept).toEqual([]);
  });

  test('GIVEN a trail that is not logging WHEN checked THEN it fails and says events cannot reach the log group', async () => {
    cloudTrail.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    const result = await check().run;
    expect(result).toMatchObject({ status: 'fail', cloudWatchLogsDelivering: false });
    expect(result.detail).toMatch(/IsLogging false/);
  });

  test('GIVEN a trail that never delivers WHEN checked THEN the wait ends at its bound and says what never came', async () => {
    cloudTrail.on(GetTrailStatusCommand).resolves({ IsLogging: true, LatestCloudWatchLogsDeliveryTime: DELIVERED.LatestCloudWatchLogsDeliveryTime });
    const { run, clock, lines } = check(10 * 60_000);
    const result = await run;
    expect(result.status).toBe('fail');
    expect(result.detail).toMatch(/^timed out after 10 min: still no S3 log file delivery yet \(IsLogging true, no delivery error reported\)/);
    expect(result.detail).toContain('--timeout-minutes');
    expect(clock.now() - Date.parse('2026-03-02T10:00:00Z')).toBe(10 * 60_000);
    expect(lines).toContain('  still waiting for CloudTrail\'s first deliveries to CloudWatch Logs and to the log bucket: 5 min of 10 min');
  });
});

describe('waitFor', () => {
  test('GIVEN a condition never met WHEN waited on THEN it polls at the interval, once more at the bound, and reports not done', async () => {
    const clock = fakeClock();
    let polls = 0;
    const outcome = await waitFor({ what: 'nothing', timeoutMs: 70_000, intervalMs: 30_000, clock, log: () => undefined, poll: async () => void polls++ });
    expect(outcome).toEqual({ done: false, elapsedMs: 70_000 });
    expect(clock.slept).toEqual([30_000, 30_000, 10_000]);
    expect(polls).toBe(4);
  });

  test('GIVEN a condition met on the first look WHEN waited on THEN it returns at once with the value', async () => {
    const clock = fakeClock();
    expect(await waitFor({ what: 'x', timeoutMs: 60_000, intervalMs: 10_000, clock, log: () => undefined, poll: async () => 'ready' })).toEqual({
      done: true,
      value: 'ready',
      elapsedMs: 0,
    });
    expect(clock.slept).toEqual([]);
  });

  test.each([
    [45_000, '45 s'],
    [6 * 60_000, '6 min'],
    [372_000, '6 min 12 s'],
  ])('GIVEN %i ms WHEN formatted THEN %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
