/**
 * `npm run verify:patterns [-- --env <name>] [--live]`: every detection's filter pattern, exactly as
 * the stack of each environment of the definition in use (S3_AUDIT_TRAIL_ENVIRONMENTS, else the
 * built-in one) synthesizes it, against that detection's CloudTrail fixtures and the benign records,
 * moved into that environment (its account, region, names, buckets and key; retarget-records.ts):
 * positives must match, negatives must not, and no detection may match a benign record. Detections
 * the environment disables are listed, not checked; per-bucket intent detections have fixtures only
 * for the fixture environment's own buckets, so only `--env fixture` checks them (as the unit tests do).
 *
 * By default the local evaluator (modules/detections/filter-pattern.ts) decides what matches. With
 * `--live` CloudWatch Logs itself does, through its TestMetricFilter API: that needs AWS
 * credentials (any the SDK's default chain finds; TestMetricFilter creates nothing) and proves the
 * local evaluator and the service agree on these records.
 *
 * Exit codes: 0 all detections verified; 1 a detection failed or has no fixtures; 2 verification
 * could not run (no credentials, or a CloudWatch Logs call failed for a reason other than the pattern).
 */
import { parseArgs } from 'node:util';
import { CloudWatchLogsClient, TestMetricFilterCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DETECTION_IDS } from '../modules/detections';
import { bucketIntentDetections } from '../modules/detections/bucket-intent';
import { BUCKET_VOLUMES } from '../modules/detections/bucket-volume';
import type { EnvironmentSettings } from '../stacks/environment-schema';
import { ENVIRONMENTS } from '../stacks/environments';
import { definitionOrigin, EnvironmentsDefinitionError, loadEnvironments, parseEnvironments } from '../stacks/load-environments';
import {
  BENIGN_RECORDS,
  type CloudTrailRecord,
  DETECTION_FIXTURES,
  type DetectionFixtures,
  type Fixture,
  FIXTURE_ENVIRONMENT,
  FIXTURE_REFERENCES,
} from '../__tests__/fixtures/cloudtrail';
import { matchesFilterPattern } from '../modules/detections/filter-pattern';
import { haveCredentials } from './lib/aws-credentials';
import { quietSdkNodeVersionWarning } from './lib/aws-sdk-settings';
import { retargetRecords, standInKeyArn } from './lib/retarget-records';
import { synthesizedDetectionsOf } from './lib/synthesized-patterns';
import { runCli } from './lib/run-cli';

/** TestMetricFilter accepts 1 to 50 log event messages per call. */
export const MAX_MESSAGES_PER_CALL = 50;
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_CANNOT_RUN = 2;
/** `--env fixture`: the environment the fixture records are written for. */
export const FIXTURE_ENVIRONMENT_OPTION = 'fixture';
export const NO_CREDENTIALS_MESSAGE =
  '--live needs AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN ' +
  'for temporary credentials), region from AWS_REGION (or AWS_DEFAULT_REGION, default us-east-1). ' +
  'The calls need only logs:TestMetricFilter.';

export type CaseKind = 'positive' | 'negative' | 'benign';

/** One record one detection's pattern is tested against, and whether it must match. */
export interface PatternCase {
  readonly kind: CaseKind;
  readonly why: string;
  readonly record: CloudTrailRecord;
  readonly mustMatch: boolean;
}

export interface DetectionPlan {
  readonly id: string;
  /** Undefined when the environment synthesizes no metric filter for this detection. */
  readonly pattern: string | undefined;
  readonly cases: readonly PatternCase[];
  /** Negatives left out because they hold only when the environment lists its buckets. */
  readonly skipped: number;
  /** Reasons the detection fails before any record is evaluated. */
  readonly problems: readonly string[];
}

export interface PlanInput {
  readonly ids: readonly string[];
  readonly patterns: ReadonlyMap<string, string>;
  readonly fixtures: Readonly<Record<string, DetectionFixtures>>;
  readonly benign: readonly Fixture[];
  readonly watchedBuckets: 'all' | readonly string[];
  /** Filters that count everyday events by design (their alarm is an anomaly band): no benign check. */
  readonly countingIds?: readonly string[];
}

/** What to evaluate for each detection; also returns fixtures for ids the catalog does not have. */
export function planDetections(input: PlanInput): { plans: DetectionPlan[]; unknownFixtureIds: string[] } {
  const plans = input.ids.map((id): DetectionPlan => {
    const problems: string[] = [];
    const pattern = input.patterns.get(id);
    if (pattern === undefined) problems.push('the environment synthesizes no metric filter for it');
    const fixtures = input.fixtures[id];
    if (fixtures === undefined) {
      problems.push('no fixtures: add positives and negatives for it to __tests__/fixtures/cloudtrail');
      return { id, pattern, cases: [], skipped: 0, problems };
    }
    if (fixtures.positives.length === 0) problems.push('no positive fixtures: nothing shows it ever matches');
    const negatives = fixtures.negatives.filter(
      (fixture) => !(fixture.onlyWithWatchedBucketList && input.watchedBuckets === 'all'),
    );
    const cases: PatternCase[] = [
      ...fixtures.positives.map((f) => ({ kind: 'positive' as const, why: f.why, record: f.record, mustMatch: true })),
      ...negatives.map((f) => ({ kind: 'negative' as const, why: f.why, record: f.record, mustMatch: false })),
      ...(input.countingIds?.includes(id) ? [] : input.benign).map((f) => ({ kind: 'benign' as const, why: f.why, record: f.record, mustMatch: false })),
    ];
    return { id, pattern, cases, skipped: fixtures.negatives.length - negatives.length, problems };
  });
  const known = new Set(input.ids);
  const unknownFixtureIds = Object.keys(input.fixtures).filter((id) => !known.has(id)).sort();
  return { plans, unknownFixtureIds };
}

export interface Tally {
  readonly total: number;
  readonly matched: number;
}

export interface DetectionResult {
  readonly id: string;
  readonly ok: boolean;
  readonly counts: Readonly<Record<CaseKind, Tally>>;
  readonly skipped: number;
  /** One line per problem: a fixture with the wrong outcome, a missing pattern or fixtures, an invalid pattern. */
  readonly failures: readonly string[];
  /** What matched, per case, when the pattern could be evaluated. */
  readonly matched?: readonly boolean[];
}

const FAILURE_TEXT: Record<CaseKind, string> = {
  positive: 'positive not matched',
  negative: 'negative matched',
  benign: 'benign record matched',
};

/** Compares what matched (`matched[i]` for `plan.cases[i]`) with what must match. */
export function compareOutcomes(plan: DetectionPlan, matched: readonly boolean[] | undefined, error?: string): DetectionResult {
  const failures = [...plan.problems];
  if (error !== undefined) failures.push(error);
  const counts = { positive: { total: 0, matched: 0 }, negative: { total: 0, matched: 0 }, benign: { total: 0, matched: 0 } };
  if (matched !== undefined && matched.length !== plan.cases.length) {
    throw new Error(`${plan.id}: ${matched.length} outcomes for ${plan.cases.length} records`);
  }
  plan.cases.forEach((testCase, index) => {
    counts[testCase.kind].total += 1;
    if (matched === undefined) return;
    if (matched[index]) counts[testCase.kind].matched += 1;
    if (matched[index] !== testCase.mustMatch) failures.push(`${FAILURE_TEXT[testCase.kind]}: ${testCase.why}`);
  });
  return { id: plan.id, ok: failures.length === 0, counts, skipped: plan.skipped, failures, ...(matched && { matched }) };
}

/** Report lines for one detection: `ok`/`FAIL`, id and counts, then one indented line per failure. */
export function formatResult(result: DetectionResult, idWidth = result.id.length): string[] {
  const { positive, negative, benign } = result.counts;
  const skipped = result.skipped > 0 ? `, ${result.skipped} skipped` : '';
  const line =
    `${result.ok ? 'ok  ' : 'FAIL'} ${result.id.padEnd(idWidth)}  ` +
    `positives ${positive.matched}/${positive.total} matched, ` +
    `negatives ${negative.matched}/${negative.total} matched${skipped}, ` +
    `benign ${benign.matched}/${benign.total} matched`;
  return [line, ...result.failures.map((failure) => `       ${failure}`)];
}

/** Splits items into consecutive batches of at most `size`. */
export function batches<T>(items: readonly T[], size = MAX_MESSAGES_PER_CALL): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`batch size must be a positive whole number, got ${size}`);
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** The log event message CloudTrail delivers for a record: the record as one JSON string. */
export function toMessage(record: CloudTrailRecord): string {
  return JSON.stringify(record);
}

/** Which of `count` messages TestMetricFilter matched, from its 1-based `matches[].eventNumber`. */
export function matchedFromResponse(matches: readonly { eventNumber?: number }[] | undefined, count: number): boolean[] {
  const matched = new Array<boolean>(count).fill(false);
  for (const match of matches ?? []) {
    const eventNumber = match.eventNumber;
    if (eventNumber === undefined || !Number.isInteger(eventNumber) || eventNumber < 1 || eventNumber > count) {
      throw new Error(`TestMetricFilter returned eventNumber ${String(eventNumber)} for ${count} messages`);
    }
    matched[eventNumber - 1] = true;
  }
  return matched;
}

/** Decides which messages a pattern matches. */
export type Evaluator = (pattern: string, messages: readonly string[]) => Promise<boolean[]>;

/** The local evaluator; throws FilterPatternSyntaxError for a pattern it cannot parse. */
export const localEvaluator: Evaluator = async (pattern, messages) =>
  messages.map((message) => matchesFilterPattern(pattern, message));

/** Verification cannot go on (credentials, network, throttling): not a verdict on any pattern. */
export class VerificationAborted extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerificationAborted';
  }
}

/** The subset of the client the live evaluator uses, so tests can stand in for it. */
export interface TestMetricFilterSender {
  send(command: TestMetricFilterCommand, options?: { abortSignal?: AbortSignal }): Promise<{ matches?: { eventNumber?: number }[] }>;
}

/**
 * CloudWatch Logs as the evaluator: one TestMetricFilter call per batch of at most 50 messages,
 * each bounded by `callTimeoutMs`. The service rejecting the pattern (InvalidParameterException) is
 * a failure of that detection; any other error aborts the run.
 */
export function liveEvaluator(client: TestMetricFilterSender, callTimeoutMs = 30_000): Evaluator {
  return async (pattern, messages) => {
    const matched: boolean[] = [];
    for (const batch of batches(messages)) {
      let response: { matches?: { eventNumber?: number }[] };
      try {
        response = await client.send(
          new TestMetricFilterCommand({ filterPattern: pattern, logEventMessages: [...batch] }),
          { abortSignal: AbortSignal.timeout(callTimeoutMs) },
        );
      } catch (error) {
        const { name, message } = error as Error;
        if (name === 'InvalidParameterException') throw new Error(`CloudWatch Logs rejected the pattern: ${message}`);
        throw new VerificationAborted(`TestMetricFilter failed: ${name}: ${message}`);
      }
      matched.push(...matchedFromResponse(response.matches, batch.length));
    }
    return matched;
  };
}

/** Runs each plan through `evaluate`, one detection at a time. */
export async function verifyDetections(plans: readonly DetectionPlan[], evaluate: Evaluator): Promise<DetectionResult[]> {
  const results: DetectionResult[] = [];
  for (const plan of plans) {
    if (plan.pattern === undefined || plan.cases.length === 0) {
      results.push(compareOutcomes(plan, undefined));
      continue;
    }
    try {
      const matched = await evaluate(plan.pattern, plan.cases.map((testCase) => toMessage(testCase.record)));
      results.push(compareOutcomes(plan, matched));
    } catch (error) {
      if (error instanceof VerificationAborted) throw error;
      results.push(compareOutcomes(plan, undefined, (error as Error).message));
    }
  }
  return results;
}

/** Records where the local evaluator and CloudWatch Logs disagree, for a note under the live results. */
export function disagreements(plan: DetectionPlan, local: readonly boolean[], live: readonly boolean[]): string[] {
  return plan.cases
    .map((testCase, index) => ({ testCase, index }))
    .filter(({ index }) => local[index] !== live[index])
    .map(({ testCase, index }) =>
      `local evaluator says ${local[index] ? 'match' : 'no match'}, CloudWatch Logs ${live[index] ? 'match' : 'no match'}: ${testCase.kind} ${testCase.why}`,
    );
}

export function liveRegion(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}

/** The detections of one environment to verify, and those it leaves unchecked and why. */
export interface EnvironmentPlans {
  readonly environment: string;
  readonly plans: DetectionPlan[];
  readonly unknownFixtureIds: string[];
  /** Catalog detections the environment disables. */
  readonly disabled: string[];
  /** Per-bucket intent detections of buckets the fixtures are not written for. */
  readonly withoutFixtures: string[];
  /** Volume filters the environment does not make ('all' buckets, or unusualVolume disabled). */
  readonly withoutVolumes: string[];
}

/**
 * What to verify for `env`: its own synthesized patterns, against the fixtures moved into it. The
 * fixture environment itself is the case the unit tests run, with its per-bucket fixtures too.
 */
export function plansForEnvironment(env: EnvironmentSettings): EnvironmentPlans {
  const [fixtureEnv] = parseEnvironments([FIXTURE_ENVIRONMENT]);
  const retarget = retargetRecords(fixtureEnv, env, FIXTURE_REFERENCES.aws_kms_key);
  const isFixture = JSON.stringify(env) === JSON.stringify(fixtureEnv);
  const detections = synthesizedDetectionsOf(env, { aws_kms_key: standInKeyArn(env, FIXTURE_REFERENCES.aws_kms_key) });
  const patterns = new Map(detections.map((detection) => [detection.id, detection.pattern]));
  const perBucket = bucketIntentDetections(env.bucketIntents).map((detection) => detection.id);
  const volumes = BUCKET_VOLUMES.map((volume) => volume.templateId).filter((id) => patterns.has(id));
  const absentVolumes = BUCKET_VOLUMES.map((volume) => volume.templateId).filter((id) => !patterns.has(id));
  const disabled = DETECTION_IDS.filter((id) => env.detections[id]?.enabled === false);
  const moved = (fixtures: readonly Fixture[]) => fixtures.map((fixture) => ({ ...fixture, record: retarget(fixture.record) }));
  const fixtures = Object.fromEntries(
    Object.entries(DETECTION_FIXTURES)
      .filter(([id]) => isFixture || !id.includes('.'))
      .map(([id, { positives, negatives }]) => [id, { positives: moved(positives), negatives: moved(negatives) }]),
  );
  const { plans, unknownFixtureIds } = planDetections({
    ids: [...DETECTION_IDS.filter((id) => !disabled.includes(id)), ...(isFixture ? perBucket : []), ...volumes],
    patterns,
    fixtures,
    benign: moved(BENIGN_RECORDS),
    watchedBuckets: env.watchedBuckets,
    countingIds: volumes,
  });
  return {
    environment: env.name,
    plans,
    // Fixtures of a detection this environment disables or does not make are not "for a detection the catalog lacks".
    unknownFixtureIds: unknownFixtureIds.filter((id) => !disabled.includes(id) && !absentVolumes.includes(id)),
    disabled,
    withoutFixtures: isFixture ? [] : perBucket,
    withoutVolumes: absentVolumes,
  };
}

/** The environments to verify: `--env <name>` of the definition in use, or every one of them; `--env fixture` the fixtures' own. */
export function environmentsToVerify(envName: string | undefined, environ: NodeJS.ProcessEnv = process.env): { origin: string; environments: EnvironmentSettings[] } {
  if (envName === FIXTURE_ENVIRONMENT_OPTION) {
    return { origin: 'the fixture environment (__tests__/fixtures/cloudtrail/environment.ts)', environments: parseEnvironments([FIXTURE_ENVIRONMENT]) };
  }
  const loaded = loadEnvironments(ENVIRONMENTS, environ);
  const origin = definitionOrigin(loaded);
  if (envName === undefined) return { origin, environments: loaded.environments };
  const chosen = loaded.environments.filter((env) => env.name === envName);
  if (chosen.length === 0) {
    throw new UsageError(`no environment "${envName}" in ${origin}; defined: ${loaded.environments.map((env) => env.name).join(', ')} (or --env ${FIXTURE_ENVIRONMENT_OPTION})`);
  }
  return { origin, environments: chosen };
}

class UsageError extends Error {}

function describeUnchecked(plans: EnvironmentPlans): string[] {
  const lines: string[] = [];
  if (plans.disabled.length > 0) lines.push(`not checked, disabled in this environment: ${plans.disabled.join(', ')}`);
  if (plans.withoutVolumes.length > 0) lines.push(`not checked, no unusual-volume alarms in this environment: ${plans.withoutVolumes.join(', ')}`);
  if (plans.withoutFixtures.length > 0) {
    lines.push(
      `not checked, no records written for these buckets' intents: ${plans.withoutFixtures.join(', ')} ` +
        `(their builders are proven on the fixture environment: --env ${FIXTURE_ENVIRONMENT_OPTION})`,
    );
  }
  return lines;
}

function report(results: readonly DetectionResult[], unknownFixtureIds: readonly string[], notes: ReadonlyMap<string, string[]>): number {
  const width = Math.max(...results.map((result) => result.id.length));
  for (const result of results) {
    for (const line of formatResult(result, width)) console.log(line);
    for (const note of notes.get(result.id) ?? []) console.log(`       note: ${note}`);
  }
  for (const id of unknownFixtureIds) console.log(`FAIL fixtures for ${id}, which is not a detection in the catalog`);
  const failed = results.filter((result) => !result.ok).length + unknownFixtureIds.length;
  console.log(failed === 0 ? `${results.length} detections verified` : `${failed} of ${results.length} detections failed`);
  return failed === 0 ? EXIT_OK : EXIT_FAILED;
}

const USAGE = 'usage: npm run verify:patterns [-- [--env <name> | --env fixture] [--live]]';

export async function main(args: readonly string[]): Promise<number> {
  let options: { env?: string; live?: boolean };
  let targets: { origin: string; environments: EnvironmentSettings[] };
  try {
    options = parseArgs({ args: [...args], options: { env: { type: 'string' }, live: { type: 'boolean' } }, strict: true, allowPositionals: false }).values;
    targets = environmentsToVerify(options.env);
  } catch (error) {
    if (error instanceof EnvironmentsDefinitionError) {
      console.error(error.message);
      return EXIT_CANNOT_RUN;
    }
    console.error(`verify:patterns: ${(error as Error).message}\n${USAGE}`);
    return EXIT_CANNOT_RUN;
  }
  console.log(`Definition: ${targets.origin}`);

  if (!options.live) {
    let code = EXIT_OK;
    for (const env of targets.environments) {
      const plans = plansForEnvironment(env);
      console.log(`\nSynthesized patterns for environment "${env.name}", local evaluator (modules/detections/filter-pattern.ts):`);
      for (const line of describeUnchecked(plans)) console.log(line);
      code = Math.max(code, report(await verifyDetections(plans.plans, localEvaluator), plans.unknownFixtureIds, new Map()));
    }
    return code;
  }

  const region = liveRegion();
  quietSdkNodeVersionWarning();
  const client = new CloudWatchLogsClient({
    region,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000, throwOnRequestTimeout: true },
  });
  try {
    if (!(await haveCredentials(client))) {
      console.error(NO_CREDENTIALS_MESSAGE);
      return EXIT_CANNOT_RUN;
    }
    let code = EXIT_OK;
    for (const env of targets.environments) {
      const { plans, unknownFixtureIds, ...unchecked } = plansForEnvironment(env);
      console.log(`\nSynthesized patterns for environment "${env.name}", CloudWatch Logs TestMetricFilter in ${region}:`);
      for (const line of describeUnchecked({ plans, unknownFixtureIds, ...unchecked })) console.log(line);
      const results = await verifyDetections(plans, liveEvaluator(client));
      // Where the service and the local evaluator disagree, the local evaluator is wrong: say so.
      const local = await verifyDetections(plans, localEvaluator);
      const notes = new Map<string, string[]>();
      plans.forEach((plan, index) => {
        const [liveMatched, localMatched] = [results[index].matched, local[index].matched];
        if (liveMatched === undefined) return;
        if (localMatched === undefined) {
          notes.set(plan.id, [`the local evaluator could not evaluate it: ${local[index].failures.join('; ')}`]);
          return;
        }
        const differences = disagreements(plan, localMatched, liveMatched);
        if (differences.length > 0) notes.set(plan.id, differences);
      });
      code = Math.max(code, report(results, unknownFixtureIds, notes));
    }
    return code;
  } catch (error) {
    if (error instanceof VerificationAborted) {
      console.error(error.message);
      return EXIT_CANNOT_RUN;
    }
    throw error;
  } finally {
    client.destroy();
  }
}

if (require.main === module) runCli(main, EXIT_FAILED);
