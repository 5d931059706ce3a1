/**
 * The detections replay evaluates for one environment: every metric filter the environment deploys,
 * its pattern as synthesized and parsed once, and what its alarm would do with the matches.
 *
 * The trail key's ARN is known only after apply; of today's patterns only trail-key-tampering's holds it.
 * Given `--trail-key-arn`, replay evaluates that pattern exactly as deployed. Without it the ARN is
 * replaced by `*`, which matches any key: the detection then counts those calls on every key, a
 * superset of what the deployed filter counts, and the report says so for that detection.
 */
import { DEFAULT_PAGED_SEVERITIES } from '../../../modules/alarm-paging-defaults';
import { DETECTION_CATALOG, Severity } from '../../../modules/detections';
import { environmentDetections, pages } from '../../../modules/detections/environment-detections';
import { resourceNames } from '../../../stacks/resource-names';
import { FilterPattern, parseFilterPattern } from '../../../modules/detections/filter-pattern';
import type { EnvironmentSettings } from '../../../stacks/environment-schema';
import { SynthesizedDetection, synthesizedDetectionsOf } from '../synthesized-patterns';
import { AlarmRule, alarmRuleOf } from './alarm-rule';

export interface ReplayDetection {
  /** The metric filter's name without the environment's prefix: a catalog id, or a per-bucket one. */
  readonly id: string;
  /** The detection's title and severity; null for a metric filter no detection of the environment names (none today). */
  readonly title: string | null;
  readonly severity: Severity | null;
  /**
   * Whether its alarm pages: notifies the paging topic, by severity (the environment's paged
   * severities, or the default critical and high when it has no paging topic) and unless it is a
   * record alarm (a configuration change with expected change agents declared).
   */
  readonly pages: boolean;
  /** The pattern replay evaluates. */
  readonly pattern: string;
  readonly filter: FilterPattern;
  readonly rule: AlarmRule;
  /** How the evaluated pattern differs from the deployed one, when it has to. */
  readonly patternNote?: string;
  /**
   * The record field whose value splits the metric, and so the alarms (one per watched bucket for
   * the volume filters): replay reports one row per value, `<id>.<value>`, as the alarms are named.
   */
  readonly splitBy?: readonly string[];
  /** The values the alarms are split by (the watched buckets): each gets a row, matches or none. */
  readonly splitValues?: readonly string[];
}

/** Stands in for an ARN only apply knows: in a filter pattern, a lone `*` matches any value. */
export const ANY_ARN = '*';

export const UNKNOWN_KEY_NOTE =
  "the trail key's ARN is known only after apply: this pattern matches the calls on any KMS key; pass --trail-key-arn for the deployed pattern";

/** `$.requestParameters.bucketName` as its path, for the one dimension a filter splits its metric by. */
function splitField(dimensions: Readonly<Record<string, string>>): string[] | undefined {
  const [selector, ...more] = Object.values(dimensions);
  if (selector === undefined) return undefined;
  if (more.length > 0 || !/^\$(\.[A-Za-z0-9_]+)+$/.test(selector)) throw new Error(`replay reads one dimension of the form $.a.b, not ${JSON.stringify(dimensions)}`);
  return selector.slice(2).split('.');
}

/** The dimension values the alarms on a split metric watch, one alarm each. */
function alarmedValues(found: SynthesizedDetection): string[] {
  const values = found.alarms.flatMap((alarm) =>
    ((alarm.metric_query ?? []) as { metric?: { dimensions?: Record<string, string> } }[]).flatMap((query) => Object.values(query.metric?.dimensions ?? {})),
  );
  return [...new Set(values)].sort();
}

/** Every detection a validated environment deploys (see replayDetectionsOf for the order). */
export function replayDetections(environment: EnvironmentSettings, trailKeyArn?: string): ReplayDetection[] {
  const synthesized = synthesizedDetectionsOf(environment, { aws_kms_key: trailKeyArn ?? ANY_ARN });
  return replayDetectionsOf(synthesized, trailKeyArn !== undefined, routingOf(environment));
}

/** Title, severity and paging of each detection an environment deploys, by id. */
export type DetectionRouting = ReadonlyMap<string, { readonly title: string; readonly severity: Severity; readonly pages: boolean }>;

function routingOf(environment: EnvironmentSettings): DetectionRouting {
  const names = resourceNames(environment);
  const paged = environment.paging?.severities ?? DEFAULT_PAGED_SEVERITIES;
  const detections = environmentDetections({
    catalog: DETECTION_CATALOG,
    bucketIntents: environment.bucketIntents,
    overrides: environment.detections,
    scope: {
      watchedBuckets: environment.watchedBuckets,
      logGroupName: names.logGroupName,
      kmsKeyArn: '',
      logBucketNames: [names.logBucketName, names.accessLogBucketName],
      cisText: environment.cisText,
    },
    changeAgents: { agents: environment.expectedChangeAgents ?? [] },
  });
  return new Map(detections.map((d) => [d.id, { title: d.title, severity: d.severity, pages: pages(d, paged) }]));
}

/**
 * The same from detections already synthesized, with the trail key's ARN or with ANY_ARN for it:
 * catalog detections in catalog order, then any other metric filter the stack has, by name.
 */
export function replayDetectionsOf(synthesized: readonly SynthesizedDetection[], trailKeyArnGiven: boolean, routing?: DetectionRouting): ReplayDetection[] {
  const catalogOrder = new Map(DETECTION_CATALOG.map((detection, index) => [detection.id, index]));
  const order = (id: string) => catalogOrder.get(id) ?? DETECTION_CATALOG.length;
  return [...synthesized]
    .sort((a, b) => order(a.id) - order(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((found) => {
      const entry = DETECTION_CATALOG[catalogOrder.get(found.id) ?? -1];
      const routed = routing?.get(found.id);
      const guessed = !trailKeyArnGiven && found.substitutedReferences.includes('aws_kms_key');
      const severity = routed?.severity ?? entry?.severity ?? null;
      return {
        id: found.id,
        title: routed?.title ?? entry?.title ?? null,
        severity,
        pages: routed?.pages ?? (severity !== null && DEFAULT_PAGED_SEVERITIES.includes(severity)),
        pattern: found.pattern,
        filter: parseFilterPattern(found.pattern),
        rule: alarmRuleOf(found.alarms),
        ...(guessed && { patternNote: UNKNOWN_KEY_NOTE }),
        ...(splitField(found.dimensions) && { splitBy: splitField(found.dimensions), splitValues: alarmedValues(found) }),
      };
    });
}
