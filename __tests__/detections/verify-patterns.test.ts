/**
 * The parts of `npm run verify:patterns` that need no AWS account: planning the records per
 * detection, comparing outcomes with expectations, batching for TestMetricFilter, reading its
 * 1-based event numbers, and refusing `--live` without credentials.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { DetectionFixtures, Fixture } from '../fixtures/cloudtrail/fixture';
import {
  batches,
  compareOutcomes,
  DetectionPlan,
  disagreements,
  EXIT_CANNOT_RUN,
  formatResult,
  liveEvaluator,
  liveRegion,
  localEvaluator,
  main,
  matchedFromResponse,
  MAX_MESSAGES_PER_CALL,
  NO_CREDENTIALS_MESSAGE,
  PatternCase,
  planDetections,
  plansForEnvironment,
  TestMetricFilterSender,
  VerificationAborted,
  verifyDetections,
} from '../../scripts/verify-patterns';
import { parseEnvironments } from '../../stacks/load-environments';
import { validEnvironment } from '../support/environments';

const ROOT = join(__dirname, '..', '..');
const PATTERN = '{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "DeleteObject") }';

const record = (eventName: string, extra: Record<string, unknown> = {}) => ({
  eventSource: 's3.amazonaws.com',
  eventName,
  requestParameters: { bucketName: 'watched' },
  ...extra,
});
const fixture = (why: string, eventName: string, extra: Partial<Fixture> = {}): Fixture => ({ why, record: record(eventName), ...extra });

function plan(cases: PatternCase[], overrides: Partial<DetectionPlan> = {}): DetectionPlan {
  return { id: 'object-deletions', pattern: PATTERN, cases, skipped: 0, problems: [], ...overrides };
}
const positive = (why: string, eventName = 'DeleteObject'): PatternCase => ({ kind: 'positive', why, record: record(eventName), mustMatch: true });
const negative = (why: string, eventName = 'GetObject'): PatternCase => ({ kind: 'negative', why, record: record(eventName), mustMatch: false });
const benign = (why: string, eventName = 'PutObject'): PatternCase => ({ kind: 'benign', why, record: record(eventName), mustMatch: false });

describe('planDetections', () => {
  const fixtures: Record<string, DetectionFixtures> = {
    'object-deletions': {
      positives: [fixture('a delete', 'DeleteObject')],
      negatives: [fixture('a read', 'GetObject'), fixture('a delete elsewhere', 'DeleteObject', { onlyWithWatchedBucketList: true })],
    },
  };
  const benignRecords = [fixture('a write', 'PutObject')];
  const input = {
    ids: ['object-deletions'],
    patterns: new Map([['object-deletions', PATTERN]]),
    fixtures,
    benign: benignRecords,
  };

  test('GIVEN a listed-bucket environment WHEN planned THEN positives, every negative and the benign records are cases', () => {
    const { plans } = planDetections({ ...input, watchedBuckets: ['watched'] });
    expect(plans[0].cases.map((c) => [c.kind, c.why, c.mustMatch])).toEqual([
      ['positive', 'a delete', true],
      ['negative', 'a read', false],
      ['negative', 'a delete elsewhere', false],
      ['benign', 'a write', false],
    ]);
    expect(plans[0].skipped).toBe(0);
    expect(plans[0].problems).toEqual([]);
  });

  test("GIVEN watchedBuckets 'all' WHEN planned THEN negatives that need a bucket list are skipped and counted", () => {
    const { plans } = planDetections({ ...input, watchedBuckets: 'all' });
    expect(plans[0].cases.map((c) => c.why)).toEqual(['a delete', 'a read', 'a write']);
    expect(plans[0].skipped).toBe(1);
  });

  test('GIVEN a detection without fixtures WHEN planned and verified THEN it fails and says to add fixtures', async () => {
    const { plans } = planDetections({ ...input, ids: ['object-deletions', 'no-fixtures'], patterns: new Map([...input.patterns, ['no-fixtures', PATTERN]]), watchedBuckets: ['watched'] });
    const [, result] = await verifyDetections(plans, localEvaluator);
    expect(result.ok).toBe(false);
    expect(result.failures.join('\n')).toMatch(/no fixtures/);
  });

  test('GIVEN fixtures without positives WHEN planned THEN the detection fails', () => {
    const { plans } = planDetections({ ...input, fixtures: { 'object-deletions': { positives: [], negatives: [] } }, watchedBuckets: ['watched'] });
    expect(compareOutcomes(plans[0], [false]).ok).toBe(false);
    expect(plans[0].problems.join('\n')).toMatch(/no positive fixtures/);
  });

  test('GIVEN no synthesized pattern for a detection WHEN planned THEN the detection fails', () => {
    const { plans } = planDetections({ ...input, patterns: new Map(), watchedBuckets: ['watched'] });
    expect(plans[0].problems.join('\n')).toMatch(/no metric filter/);
  });

  test('GIVEN fixtures for an id the catalog lacks WHEN planned THEN the id is reported', () => {
    const { unknownFixtureIds } = planDetections({ ...input, fixtures: { ...fixtures, 'renamed-away': fixtures['object-deletions'] }, watchedBuckets: ['watched'] });
    expect(unknownFixtureIds).toEqual(['renamed-away']);
  });
});

describe('compareOutcomes', () => {
  const cases = [positive('a delete'), negative('a read'), benign('a write')];

  test('GIVEN every record with its expected outcome WHEN compared THEN ok, with counts', () => {
    const result = compareOutcomes(plan(cases), [true, false, false]);
    expect(result.ok).toBe(true);
    expect(result.failures).toEqual([]);
    expect(result.counts).toEqual({ positive: { total: 1, matched: 1 }, negative: { total: 1, matched: 0 }, benign: { total: 1, matched: 0 } });
  });

  test('GIVEN a positive that does not match WHEN compared THEN it is a failure naming the fixture', () => {
    const result = compareOutcomes(plan(cases), [false, false, false]);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual(['positive not matched: a delete']);
  });

  test('GIVEN a negative that matches WHEN compared THEN it is a failure naming the fixture', () => {
    const result = compareOutcomes(plan(cases), [true, true, false]);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual(['negative matched: a read']);
  });

  test('GIVEN a benign record that matches WHEN compared THEN it is a failure naming the record', () => {
    const result = compareOutcomes(plan(cases), [true, false, true]);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual(['benign record matched: a write']);
  });

  test('GIVEN outcomes for fewer records than planned WHEN compared THEN it throws rather than guess', () => {
    expect(() => compareOutcomes(plan(cases), [true])).toThrow(/1 outcomes for 3 records/);
  });

  test('GIVEN results WHEN formatted THEN one ok/FAIL line with counts, then one line per failure', () => {
    expect(formatResult(compareOutcomes(plan(cases), [true, false, false]))).toEqual([
      'ok   object-deletions  positives 1/1 matched, negatives 0/1 matched, benign 0/1 matched',
    ]);
    const failed = formatResult(compareOutcomes(plan(cases, { skipped: 2 }), [false, true, false]));
    expect(failed[0]).toBe('FAIL object-deletions  positives 0/1 matched, negatives 1/1 matched, 2 skipped, benign 0/1 matched');
    expect(failed.slice(1).map((line) => line.trim())).toEqual(['positive not matched: a delete', 'negative matched: a read']);
  });

  test('GIVEN local and live outcomes that differ WHEN compared THEN each differing record is noted', () => {
    expect(disagreements(plan(cases), [true, false, false], [true, true, false])).toEqual([
      'local evaluator says no match, CloudWatch Logs match: negative a read',
    ]);
  });
});

describe('verifyDetections with the local evaluator', () => {
  test('GIVEN a pattern that misses a positive and matches a benign record WHEN verified THEN both are reported', async () => {
    const cases = [positive('a batch delete', 'DeleteObjects'), benign('an unrelated delete', 'DeleteObject')];
    const [result] = await verifyDetections([plan(cases)], localEvaluator);
    expect(result.ok).toBe(false);
    expect(result.failures).toEqual(['positive not matched: a batch delete', 'benign record matched: an unrelated delete']);
  });

  test('GIVEN a pattern the evaluator cannot parse WHEN verified THEN that detection fails with the reason', async () => {
    const [result] = await verifyDetections([plan([positive('a delete')], { pattern: '{ $.eventName = ' })], localEvaluator);
    expect(result.ok).toBe(false);
    expect(result.failures.join('\n')).toMatch(/Invalid filter pattern/);
  });

  test('GIVEN the run cannot go on WHEN an evaluator aborts THEN verifyDetections rethrows instead of failing one detection', async () => {
    const aborting = async () => {
      throw new VerificationAborted('TestMetricFilter failed: ExpiredTokenException');
    };
    await expect(verifyDetections([plan([positive('a delete')])], aborting)).rejects.toBeInstanceOf(VerificationAborted);
  });
});

describe('batching for TestMetricFilter', () => {
  test.each([
    [0, []],
    [1, [1]],
    [50, [50]],
    [51, [50, 1]],
    [120, [50, 50, 20]],
  ])('GIVEN %i messages WHEN batched THEN batch sizes are %j', (count, sizes) => {
    const items = Array.from({ length: count }, (_, i) => i);
    const result = batches(items);
    expect(result.map((batch) => batch.length)).toEqual(sizes);
    expect(result.flat()).toEqual(items);
    expect(MAX_MESSAGES_PER_CALL).toBe(50);
  });

  test('GIVEN a batch size below 1 WHEN batched THEN it throws', () => {
    expect(() => batches([1], 0)).toThrow(/positive whole number/);
  });

  test('GIVEN 1-based event numbers WHEN read THEN they mark the matching messages', () => {
    expect(matchedFromResponse([{ eventNumber: 1 }, { eventNumber: 3 }], 3)).toEqual([true, false, true]);
    expect(matchedFromResponse(undefined, 2)).toEqual([false, false]);
  });

  test('GIVEN an event number outside the batch WHEN read THEN it throws', () => {
    expect(() => matchedFromResponse([{ eventNumber: 0 }], 2)).toThrow(/eventNumber 0/);
    expect(() => matchedFromResponse([{ eventNumber: 3 }], 2)).toThrow(/eventNumber 3/);
  });
});

describe('liveEvaluator', () => {
  /** Stands in for CloudWatch Logs: matches every message whose index (across all calls) is even. */
  function fakeClient(fail?: { name: string; message: string }) {
    const calls: { filterPattern?: string; logEventMessages?: string[] }[] = [];
    const client: TestMetricFilterSender = {
      async send(command: TestMetricFilterCommand, options?: { abortSignal?: AbortSignal }) {
        expect(options?.abortSignal).toBeDefined();
        if (fail) throw Object.assign(new Error(fail.message), { name: fail.name });
        calls.push(command.input);
        const messages = command.input.logEventMessages ?? [];
        const matches = messages.flatMap((message, i) => (Number(message) % 2 === 0 ? [{ eventNumber: i + 1 }] : []));
        return { matches };
      },
    };
    return { client, calls };
  }

  test('GIVEN 120 messages WHEN evaluated live THEN 3 calls of at most 50, and event numbers map back per batch', async () => {
    const { client, calls } = fakeClient();
    const messages = Array.from({ length: 120 }, (_, i) => String(i));
    const matched = await liveEvaluator(client)(PATTERN, messages);
    expect(calls.map((call) => call.logEventMessages?.length)).toEqual([50, 50, 20]);
    expect(calls.every((call) => call.filterPattern === PATTERN)).toBe(true);
    expect(matched).toEqual(messages.map((message) => Number(message) % 2 === 0));
  });

  test('GIVEN the service rejects the pattern WHEN evaluated live THEN that detection fails, the run goes on', async () => {
    const { client } = fakeClient({ name: 'InvalidParameterException', message: 'Invalid metric filter pattern' });
    const [result] = await verifyDetections([plan([positive('a delete')])], liveEvaluator(client));
    expect(result.ok).toBe(false);
    expect(result.failures.join('\n')).toMatch(/CloudWatch Logs rejected the pattern: Invalid metric filter pattern/);
  });

  test('GIVEN any other error WHEN evaluated live THEN the run aborts', async () => {
    const { client } = fakeClient({ name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    await expect(liveEvaluator(client)(PATTERN, ['1'])).rejects.toThrow(VerificationAborted);
  });

  test('GIVEN region variables WHEN the live region is chosen THEN AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1', () => {
    expect(liveRegion({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-central-1' })).toBe('eu-west-1');
    expect(liveRegion({ AWS_DEFAULT_REGION: 'eu-central-1' })).toBe('eu-central-1');
    expect(liveRegion({})).toBe('us-east-1');
  });
});

describe('verify-patterns --live without credentials', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'verify-patterns-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('GIVEN no AWS credentials anywhere WHEN run with --live THEN it exits 2 and says what to set', () => {
    const emptyConfig = join(work, 'config');
    const emptyCredentials = join(work, 'credentials');
    writeFileSync(emptyConfig, '');
    writeFileSync(emptyCredentials, '');
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
    Object.assign(env, {
      AWS_CONFIG_FILE: emptyConfig,
      AWS_SHARED_CREDENTIALS_FILE: emptyCredentials,
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/verify-patterns.ts', '--live'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.error).toBeUndefined();
    expect(result.signal).toBeNull();
    expect(result.stderr).toContain(NO_CREDENTIALS_MESSAGE);
    expect(result.stderr).toMatch(/--live needs AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/);
    expect(result.status).toBe(EXIT_CANNOT_RUN);
    expect(EXIT_CANNOT_RUN).toBe(2);
  }, 90_000);
});

describe('verify-patterns checks the definition in use', () => {
  const mine = validEnvironment({
    name: 'mine',
    accountId: '444455556666',
    region: 'ap-southeast-2',
    namePrefix: 'globex',
    watchedBuckets: ['globex-ledger', 'globex-uploads'],
    detections: { 'cis-console-signin-without-mfa': { enabled: false } },
  });

  test('GIVEN an environment of its own WHEN planned THEN its own synthesized patterns are tested with the fixtures moved into its account, region and buckets', async () => {
    const [env] = parseEnvironments([mine]);
    const planned = plansForEnvironment(env);
    const deletions = planned.plans.find((plan) => plan.id === 's3-object-deletions') as DetectionPlan;
    expect(deletions.pattern).toContain('globex-ledger');
    expect(deletions.pattern).not.toContain('acme-customer-data');
    const records = JSON.stringify(deletions.cases.map((testCase) => testCase.record));
    expect(records).toContain('444455556666');
    expect(records).toContain('globex-ledger');
    expect(records).not.toContain('123456789012');
    expect(records).not.toContain('acme-customer-data');
    const results = await verifyDetections(planned.plans, localEvaluator);
    expect(results.filter((result) => !result.ok).map((result) => formatResult(result).join('\n'))).toEqual([]);
    expect(planned.unknownFixtureIds).toEqual([]);
  });

  test('GIVEN a detection the environment disables THEN it is listed as disabled, not verified', () => {
    const [env] = parseEnvironments([mine]);
    const planned = plansForEnvironment(env);
    expect(planned.disabled).toEqual(['cis-console-signin-without-mfa']);
    expect(planned.plans.map((plan) => plan.id)).not.toContain('cis-console-signin-without-mfa');
  });

  test('GIVEN S3_AUDIT_TRAIL_ENVIRONMENTS WHEN npm run verify:patterns runs THEN it names that file and verifies its environment, not the fixture one', async () => {
    const work = mkdtempSync(join(tmpdir(), 'verify-definition-'));
    try {
      const definition = join(work, 'mine.json');
      writeFileSync(definition, JSON.stringify([mine]));
      const result = await runMain([], { S3_AUDIT_TRAIL_ENVIRONMENTS: definition });
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain(`Definition: ${definition}`);
      expect(result.stdout).toContain('Synthesized patterns for environment "mine"');
      expect(result.stdout).not.toContain('environment "test"');
      expect(result.stdout).toContain('not checked, disabled in this environment: cis-console-signin-without-mfa');
      expect(result.status).toBe(0);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('GIVEN --env naming no environment of the definition THEN it exits 2 naming those defined', async () => {
    const result = await runMain(['--env', 'nope'], { S3_AUDIT_TRAIL_ENVIRONMENTS: undefined });
    expect(result.status).toBe(EXIT_CANNOT_RUN);
    expect(result.stderr).toContain('no environment "nope" in the built-in definition');
    expect(result.stderr).toContain('defined: dev, staging, prod (or --env fixture)');
  });
});

/**
 * The command's main in this process, with these environment settings and its output captured:
 * what `npm run verify:patterns` runs after node starts (the --live case above starts it for real).
 */
async function runMain(args: string[], settings: Record<string, string | undefined>): Promise<{ status: number; stdout: string; stderr: string }> {
  const saved = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  const out: string[] = [];
  const err: string[] = [];
  const spies = [
    jest.spyOn(console, 'log').mockImplementation((...line: unknown[]) => out.push(line.join(' '))),
    jest.spyOn(console, 'error').mockImplementation((...line: unknown[]) => err.push(line.join(' '))),
  ];
  const set = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  set(settings);
  try {
    const status = await main(args);
    return { status, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    set(saved);
    for (const spy of spies) spy.mockRestore();
  }
}
