/**
 * What one smoke run works on, decided from the arguments and the environments definition alone,
 * so every refusal (unknown environment, destroying a protected one, a bucket the trail does not
 * watch) happens before any AWS call.
 */
import { DETECTION_CATALOG, resolveDetections } from '../../../modules/detections';
import type { EnvironmentSettings } from '../../../stacks/environment-schema';
import { resourceNames, ResourceNames } from '../../../stacks/resource-names';
import type { SmokeArguments } from './arguments';

/** The detection the test deletion must trip; its alarm is also the one forced into ALARM. */
export const DELETION_DETECTION_ID = 's3-object-deletions';

/** Where the test object goes. */
export type TestBucket =
  | { readonly kind: 'existing'; readonly name: string }
  /** `watchedBuckets: 'all'` and no `--bucket`: a bucket created for the run and removed after it. */
  | { readonly kind: 'temporary' };

export interface DeletionMetric {
  readonly namespace: string;
  readonly metricName: string;
}

export interface SmokeTarget {
  readonly env: EnvironmentSettings;
  readonly names: ResourceNames;
  readonly deploy: boolean;
  readonly destroy: boolean;
  readonly timeoutMs: number;
  readonly testBucket: TestBucket;
  /** Undefined when the environment disables the deletions detection: then no metric filter counts it. */
  readonly deletionMetric?: DeletionMetric;
  /** The alarm forced into ALARM; undefined when the environment has no alarm at all. */
  readonly alarmName?: string;
}

export type TargetChoice = { readonly ok: true; readonly target: SmokeTarget } | { readonly ok: false; readonly message: string };

export function chooseTarget(args: SmokeArguments, environments: readonly EnvironmentSettings[]): TargetChoice {
  const env = environments.find((candidate) => candidate.name === args.environmentName);
  if (!env) {
    return {
      ok: false,
      message: `unknown environment "${args.environmentName}"; defined: ${environments.map((candidate) => candidate.name).join(', ')}`,
    };
  }
  if (args.destroy && env.blockDestructiveChanges) {
    return {
      ok: false,
      message:
        `refusing --destroy for environment "${env.name}": it sets blockDestructiveChanges: true, so its log bucket, key ` +
        'and log group are protected by prevent_destroy. Run without --destroy, or smoke-test a sandbox environment.',
    };
  }
  const names = resourceNames(env);
  const testBucket = chooseTestBucket(env, names, args.bucket);
  if ('message' in testBucket) return { ok: false, message: testBucket.message };

  const scope = { watchedBuckets: env.watchedBuckets, logGroupName: names.logGroupName, kmsKeyArn: '', logBucketNames: [names.logBucketName, names.accessLogBucketName] };
  const enabled = resolveDetections(DETECTION_CATALOG, env.detections, scope);
  const deletions = enabled.find((detection) => detection.id === DELETION_DETECTION_ID);
  // The namespace each stack's metric filters publish to (see AuditAlarms.addDetection).
  const deletionMetric = deletions && { namespace: `${deletions.namespace}/${names.alarmNamePrefix}`, metricName: deletions.metricName };
  const alarmDetection = deletions ?? enabled[0];
  const alarmName = alarmDetection
    ? `${names.alarmNamePrefix}-${alarmDetection.id}`
    : env.silenceAlarmAfterMinutes !== 0
      ? `${names.alarmNamePrefix}-trail-delivery-stopped`
      : undefined;

  return {
    ok: true,
    target: {
      env,
      names,
      deploy: args.deploy,
      destroy: args.destroy,
      timeoutMs: args.timeoutMinutes * 60_000,
      testBucket,
      ...(deletionMetric && { deletionMetric }),
      ...(alarmName && { alarmName }),
    },
  };
}

/** A listed environment uses its first bucket or `--bucket` from the list; `'all'` a temporary one unless `--bucket`. */
export function chooseTestBucket(
  env: Pick<EnvironmentSettings, 'name' | 'watchedBuckets'>,
  names: Pick<ResourceNames, 'logBucketName'>,
  requested: string | undefined,
): TestBucket | { readonly message: string } {
  if (env.watchedBuckets === 'all') {
    if (requested === undefined) return { kind: 'temporary' };
    if (requested === names.logBucketName) {
      return { message: `--bucket ${requested} is the trail's own log bucket, which the trail never records; name another bucket, or leave --bucket out` };
    }
    return { kind: 'existing', name: requested };
  }
  if (requested === undefined) return { kind: 'existing', name: env.watchedBuckets[0] };
  if (!env.watchedBuckets.includes(requested)) {
    return { message: `--bucket ${requested} is not watched by environment "${env.name}"; watched: ${env.watchedBuckets.join(', ')}` };
  }
  return { kind: 'existing', name: requested };
}
