/** What a smoke run works on, decided from the arguments and the definition before any AWS call. */
import { parseSmokeArguments, SmokeArguments } from '../../scripts/lib/smoke/arguments';
import { chooseTarget, SmokeTarget } from '../../scripts/lib/smoke/smoke-target';
import { allPassed, fail, formatStepResult, notRun, pass, summaryLine } from '../../scripts/lib/smoke/step-result';
import { temporaryBucketName } from '../../scripts/lib/smoke/temporary-bucket';
import { parseEnvironments } from '../../stacks/load-environments';
import { validEnvironment } from '../support/environments';

const ARGS: SmokeArguments = { environmentName: 'test', deploy: true, destroy: false, timeoutMinutes: 20 };

function target(overrides: Parameters<typeof validEnvironment>[0] = {}, args: Partial<SmokeArguments> = {}): SmokeTarget {
  const choice = chooseTarget({ ...ARGS, ...args }, parseEnvironments([validEnvironment(overrides)]));
  if (!choice.ok) throw new Error(choice.message);
  return choice.target;
}

describe('parseSmokeArguments', () => {
  test('GIVEN only an environment WHEN parsed THEN it deploys, keeps the environment and waits 20 minutes', () => {
    expect(parseSmokeArguments(['dev'])).toEqual({ kind: 'run', arguments: { environmentName: 'dev', deploy: true, destroy: false, timeoutMinutes: 20 } });
  });

  test('GIVEN every flag WHEN parsed THEN each is read', () => {
    expect(parseSmokeArguments(['dev', '--no-deploy', '--destroy', '--bucket', 'b', '--timeout-minutes', '7.5'])).toEqual({
      kind: 'run',
      arguments: { environmentName: 'dev', deploy: false, destroy: true, bucket: 'b', timeoutMinutes: 7.5 },
    });
  });

  test.each([['dev', '--fast'], ['dev', '--bucket'], ['dev', '--timeout-minutes', '-3'], ['dev', '--timeout-minutes', '1e3']])(
    'GIVEN %j WHEN parsed THEN it is refused',
    (...args) => {
      expect(parseSmokeArguments(args).kind).toBe('invalid');
    },
  );
});

describe('chooseTarget', () => {
  test('GIVEN a bucket list WHEN chosen THEN the first listed bucket gets the test object', () => {
    expect(target({ watchedBuckets: ['first', 'second'] }).testBucket).toEqual({ kind: 'existing', name: 'first' });
    expect(target({ watchedBuckets: ['first', 'second'] }, { bucket: 'second' }).testBucket).toEqual({ kind: 'existing', name: 'second' });
  });

  test("GIVEN watchedBuckets 'all' WHEN chosen THEN a temporary bucket is used, or --bucket, never the log bucket", () => {
    expect(target({ watchedBuckets: 'all' }).testBucket).toEqual({ kind: 'temporary' });
    expect(target({ watchedBuckets: 'all' }, { bucket: 'any-bucket' }).testBucket).toEqual({ kind: 'existing', name: 'any-bucket' });
    const choice = chooseTarget({ ...ARGS, bucket: 'acme-test-audit-logs-123456789012' }, parseEnvironments([validEnvironment({ watchedBuckets: 'all' })]));
    expect(choice).toEqual({ ok: false, message: expect.stringMatching(/is the trail's own log bucket/) });
  });

  test("GIVEN the catalog's deletions detection WHEN chosen THEN its per-stack namespace and alarm name are used", () => {
    const chosen = target();
    expect(chosen.deletionMetric).toEqual({ namespace: 'S3AuditTrail/acme-test', metricName: 'S3ObjectDeletions' });
    expect(chosen.alarmName).toBe('acme-test-s3-object-deletions');
    expect(chosen.timeoutMs).toBe(20 * 60_000);
  });

  test('GIVEN the deletions detection disabled WHEN chosen THEN no metric is checked and another alarm is forced', () => {
    const chosen = target({ detections: { 's3-object-deletions': { enabled: false } } });
    expect(chosen.deletionMetric).toBeUndefined();
    expect(chosen.alarmName).toBe('acme-test-s3-object-acl-changes');
  });

  test('GIVEN --destroy WHEN the environment blocks destructive changes THEN it is refused, else allowed', () => {
    const refused = chooseTarget({ ...ARGS, destroy: true }, parseEnvironments([validEnvironment({ blockDestructiveChanges: true })]));
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/^refusing --destroy for environment "test": it sets blockDestructiveChanges: true/) });
    expect(target({}, { destroy: true }).destroy).toBe(true);
  });

  test('GIVEN the longest prefix and environment name allowed WHEN a temporary bucket is named THEN it fits S3 and says what it is', () => {
    const name = temporaryBucketName(`${'p'.repeat(21)}-${'e'.repeat(16)}`, '1a2b3c4d');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(temporaryBucketName('acme-dev', '1a2b3c4d')).toBe('acme-dev-smoke-1a2b3c4d');
  });
});

describe('the verdict line', () => {
  test('GIVEN step results WHEN summarized THEN PASS only when every step passed, else failures and steps not run are counted', () => {
    const passed = pass('a', 'ok');
    expect(summaryLine('dev', [passed, passed])).toBe('smoke:aws dev: PASS');
    expect(summaryLine('dev', [passed, fail('b', 'no'), fail('c', 'no'), passed, passed])).toBe('smoke:aws dev: FAIL (2 of 5 steps failed)');
    expect(summaryLine('dev', [passed, notRun('b', 'why')])).toBe('smoke:aws dev: FAIL (0 of 2 steps failed, 1 not run)');
    expect(allPassed([passed, notRun('b', 'why')])).toBe(false);
    expect(formatStepResult(notRun('b', 'why'))).toBe('[SKIP] b: not run: why');
  });
});
