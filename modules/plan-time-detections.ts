import { Construct } from 'constructs';
import { TerraformLocal } from 'cdktf';
import { consoleString } from './console-urls';
import { Detection, resolveDetections } from './detections';
import { insightsFilter, insightsQuery } from './detections/insights-query';
import { bucketNameIs, inBuckets } from './detections/pattern-parts';
import { hclQuoted, planTime, PlanTime } from './plan-time';
import { PlanTimeBucketIntents } from './plan-time-bucket-intents';

export interface PlanTimeDetectionsProps {
  readonly catalog: readonly Detection[];
  /** `var.detections`: map of detection id to `{ enabled, threshold, evaluation_periods, period_seconds }`, each optional. */
  readonly overrides: PlanTime;
  /** `var.watched_buckets`: the bucket names, empty for every bucket but the log bucket. */
  readonly watchedBuckets: PlanTime;
  /**
   * `var.bucket_intents`: per watched bucket, `{ expected_writers, immutable_prefixes }`, whose
   * detections join the catalog's (see PlanTimeBucketIntents).
   * @default none: the catalog's detections only
   */
  readonly bucketIntents?: PlanTime;
  readonly logGroupName: string;
  readonly kmsKeyArn: string;
  /** The trail's log bucket and access-log bucket, which log-bucket-tampering names. */
  readonly logBucketNames: readonly string[];
}

/** Stands in for the watched buckets while the patterns are resolved; never in a real pattern. */
export const WATCHED_BUCKET_SENTINEL = '\u0000watched-bucket\u0000';
/** How `inWatchedBuckets` writes its term for one bucket, once `allOf` has joined it on. */
const SENTINEL_TERM = ` && ${inBuckets([WATCHED_BUCKET_SENTINEL])}`;

/**
 * `pattern`, built for the one bucket WATCHED_BUCKET_SENTINEL, scoped instead to the module's
 * watched buckets by `local.watched_bucket_clause`, which PlanTimeDetections defines.
 */
export function scopedToWatchedBuckets(id: string, pattern: string): string {
  const scoped = pattern.split(SENTINEL_TERM).join('${local.watched_bucket_clause}');
  if (scoped.includes(WATCHED_BUCKET_SENTINEL)) {
    throw new Error(`${id}: its watched-bucket term is not joined on with allOf, so the module cannot scope it`);
  }
  return scoped;
}

/**
 * For the exported module: the detection catalog as Terraform locals, resolved with the same code
 * the stacks use. Patterns scoped to the watched buckets get the bucket term from a local that
 * Terraform builds from the variable, exactly as `inWatchedBuckets` builds it from a list.
 */
export class PlanTimeDetections extends Construct {
  /** `local.detections`: the enabled detections with the variable's overrides applied. */
  public readonly detections: PlanTime;

  constructor(scope: Construct, id: string, props: PlanTimeDetectionsProps) {
    super(scope, id);
    const buckets = props.watchedBuckets.planTimeExpression;
    new TerraformLocal(this, 'watched_bucket_clause',
      `\${length(${buckets}) == 0 ? "" : " && (\${join(" || ", [for bucket in ${buckets} : "($.requestParameters.bucketName = \\"\${bucket}\\")"])})"}`,
    ).overrideLogicalId('watched_bucket_clause');
    const insights = insightsBucketClause(buckets);
    new TerraformLocal(this, 'watched_bucket_insights_clause', insights.text).overrideLogicalId('watched_bucket_insights_clause');
    new TerraformLocal(this, 'watched_bucket_insights_clause_console', insights.console).overrideLogicalId('watched_bucket_insights_clause_console');

    const resolved = resolveDetections(props.catalog, {}, {
      watchedBuckets: [WATCHED_BUCKET_SENTINEL],
      logGroupName: props.logGroupName,
      kmsKeyArn: props.kmsKeyArn,
      logBucketNames: props.logBucketNames,
    });
    const groupOf = new Map(props.catalog.map((detection) => [detection.id, detection.group]));
    const catalog = Object.fromEntries(
      resolved.map((detection) => {
        const pattern = scopedToWatchedBuckets(detection.id, detection.filterPattern);
        const query = insightsQuery(detection.filterPattern);
        return [
          detection.id,
          {
            pattern,
            insights_query: withInsightsClause(detection.id, query, insights.sentinelTerm, '${local.watched_bucket_insights_clause}'),
            insights_query_console: withInsightsClause(
              detection.id,
              consoleString(query),
              consoleString(insights.sentinelTerm),
              '${local.watched_bucket_insights_clause_console}',
              consoleString(WATCHED_BUCKET_SENTINEL),
            ),
            metric_name: detection.metricName,
            namespace: detection.namespace,
            title: detection.title,
            severity: detection.severity,
            description: detection.description,
            statistic: detection.alarm.statistic,
            period_seconds: detection.alarm.periodSeconds,
            evaluation_periods: detection.alarm.evaluationPeriods,
            // 0: every evaluation period, whatever var.detections makes their number.
            datapoints_to_alarm: catalogDatapointsToAlarm(props.catalog, detection.id),
            threshold: detection.alarm.threshold,
            treat_missing_data: detection.alarm.treatMissingData,
            // Beside an existing trail, these read its log group (AuditAlarms.addDetectionsForEach).
            management_events: groupOf.get(detection.id) !== 's3-data-plane',
          },
        ];
      }),
    );
    new TerraformLocal(this, 'detection_catalog', catalog).overrideLogicalId('detection_catalog');

    const perBucket = props.bucketIntents && new PlanTimeBucketIntents(this, 'BucketIntents', { intents: props.bucketIntents }).detections;
    const all = perBucket ? `merge(local.detection_catalog, ${perBucket.planTimeExpression})` : 'local.detection_catalog';
    const overrides = props.overrides.planTimeExpression;
    const overridden = (key: string) => `coalesce(try(${overrides}[id].${key}, null), detection.${key})`;
    const override = (key: string) => `${key} = ${overridden(key)}`;
    // As resolveDetections: the catalog's M out of N, never more than the periods evaluated; 0 means all of them.
    const periods = overridden('evaluation_periods');
    const datapoints = `datapoints_to_alarm = detection.datapoints_to_alarm == 0 ? ${periods} : min(detection.datapoints_to_alarm, ${periods})`;
    new TerraformLocal(this, 'detections',
      `\${{ for id, detection in ${all} : id => merge(detection, { ${[...['threshold', 'evaluation_periods', 'period_seconds'].map(override), datapoints].join(', ')} }) if try(${overrides}[id].enabled, true) != false }}`,
    ).overrideLogicalId('detections');
    this.detections = planTime('local.detections');
  }
}

/** The catalog's datapoints to alarm for `id`, 0 for every evaluation period (the module's local encodes "all" so). */
function catalogDatapointsToAlarm(catalog: readonly Detection[], id: string): number {
  return catalog.find((detection) => detection.id === id)?.alarm.datapointsToAlarm ?? 0;
}

/**
 * The Logs Insights counterpart of `watched_bucket_clause`, as the translator writes the bucket term
 * for one bucket and for several (the pieces are read off its output, so the two cannot drift), and
 * the same encoded for a console URL. Bucket names need no encoding there: S3 allows only
 * lowercase letters, digits, `.` and `-` in them.
 */
function insightsBucketClause(buckets: string) {
  const term = (...names: string[]) =>
    insightsFilter(`{ ${names.map(bucketNameIs).join(' || ')} }`) as string;
  const [oneBefore, oneAfter] = term('\u0001').split('\u0001');
  const [manyBefore, manyBetween, manyAfter] = term('\u0001', '\u0002').split(/\u0001|\u0002/);
  const clause = (encode: (text: string) => string) => {
    const one = `${encode(` and ${oneBefore}`)}\${${buckets}[0]}${encode(oneAfter)}`;
    const many = `${encode(` and ${manyBefore}`)}\${join(${hclQuoted(encode(manyBetween))}, ${buckets})}${encode(manyAfter)}`;
    return `\${length(${buckets}) == 0 ? "" : (length(${buckets}) == 1 ? ${hclQuoted(one)} : ${hclQuoted(many)})}`;
  };
  return {
    text: clause((text) => text),
    console: clause(consoleString),
    /** How the translator writes the term for the sentinel bucket, joined on with `and`. */
    sentinelTerm: ` and ${oneBefore}${WATCHED_BUCKET_SENTINEL}${oneAfter}`,
  };
}

/** `query` with its watched-bucket term, `sentinelTerm`, replaced by `clause`; `sentinel` is the bucket as `query` spells it. */
function withInsightsClause(id: string, query: string, sentinelTerm: string, clause: string, sentinel = WATCHED_BUCKET_SENTINEL): string {
  if (!query.includes(sentinel)) return query;
  const parts = query.split(sentinelTerm);
  if (parts.length !== 2 || parts.some((part) => part.includes(sentinel))) {
    throw new Error(`${id}: its Logs Insights query does not end its filter with the watched-bucket term, so the module cannot scope it`);
  }
  return parts.join(clause);
}
