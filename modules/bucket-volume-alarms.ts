import { Construct } from 'constructs';
import { ITerraformIterator, TerraformIterator, Token } from 'cdktf';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { AwsLocation } from './arns';
import { BucketVolumeMetric } from './bucket-volume-metric';
import { consoleString } from './console-urls';
import { DetectionEvidence } from './detection-evidence';
import { insightsQuery } from './detections/insights-query';
import { BUCKET_DIMENSION, BUCKET_VOLUMES, bucketVolumePattern } from './detections/bucket-volume';
import { PROJECT_NAMESPACE, Severity } from './detections/detection';
import { MAX_FILTER_PATTERN_LENGTH } from './detections/limits';
import { isPlanTime, PlanTime } from './plan-time';
import { scopedToWatchedBuckets, WATCHED_BUCKET_SENTINEL } from './plan-time-detections';

/** How far from its usual volume a bucket's deletes or writes may go before the alarm fires. */
export interface UnusualVolumeSettings {
  /**
   * Width of the expected band, in standard deviations of the model (the second argument of
   * `ANOMALY_DETECTION_BAND`); wider means fewer alarms.
   * @default 3
   */
  readonly bandWidth?: number;
  /**
   * Seconds per period the volume is summed over.
   * @default 300
   */
  readonly periodSeconds?: number;
  /**
   * Consecutive periods above the band before the alarm fires.
   * @default 2
   */
  readonly evaluationPeriods?: number;
}

export const UNUSUAL_VOLUME_DEFAULTS: Required<UnusualVolumeSettings> = { bandWidth: 3, periodSeconds: 300, evaluationPeriods: 2 };

export interface BucketVolumeAlarmsProps {
  readonly location: AwsLocation;
  /** `<prefix>-<env>`: names and namespaces, as for the detection alarms. */
  readonly alarmNamePrefix: string;
  readonly logGroupName: string;
  /**
   * Watched buckets, by name: each gets a delete and a write alarm. For the exported module, a
   * plan-time list (`var.watched_buckets`): the filters then exist only when it names a bucket, and
   * the alarms and saved queries are `for_each` over it.
   */
  readonly buckets: readonly string[] | PlanTime;
  /**
   * With plan-time buckets, these may be a plan-time object too (`var.unusual_volume`:
   * `{ band_width, period_seconds, evaluation_periods, enabled }`, none of them null).
   * @default UNUSUAL_VOLUME_DEFAULTS
   */
  readonly settings?: UnusualVolumeSettings | PlanTime;
  /** Where each alarm's notifications go, by its severity. */
  readonly alarmActions: (severity: Severity) => string[];
  /** The absolute runbook link for a template id. */
  readonly runbookUrl: (templateId: string) => string;
  /**
   * The log group name as written, for the links.
   * @default logGroupName
   */
  readonly linkedLogGroupName?: string;
}

/**
 * Per-bucket delete and write counts, with anomaly-detection alarms on them: a service that starts
 * deleting ten times its usual volume shows against its own history, where a static threshold
 * would either miss it or page on every routine batch. One metric filter per volume, with the
 * bucket as a dimension, serves every bucket (CloudWatch Logs allows three dimensions per filter
 * and disables a filter that makes 1000 distinct values, far above any watched list).
 */
export class BucketVolumeAlarms extends Construct {
  public readonly metrics: BucketVolumeMetric[] = [];
  public readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: BucketVolumeAlarmsProps) {
    super(scope, id);
    const { buckets } = props;
    if (isPlanTime(props.settings) && !isPlanTime(buckets)) throw new Error('BucketVolumeAlarms: plan-time settings need plan-time buckets');
    const settings = volumeSettings(props.settings);
    const namespace = `${PROJECT_NAMESPACE}/${props.alarmNamePrefix}`;
    // Terraform renders a list iterator's toset() wrongly in HCL (cdktf), so the module's buckets are a map.
    const eachBucket = isPlanTime(buckets)
      ? TerraformIterator.fromMap(Token.asAnyMap(`\${{ for bucket in ${buckets.planTimeExpression} : bucket => bucket if ${settings.enabled} }}`))
      : undefined;
    for (const volume of BUCKET_VOLUMES) {
      const pattern = isPlanTime(buckets)
        ? scopedToWatchedBuckets(volume.templateId, bucketVolumePattern(volume, [WATCHED_BUCKET_SENTINEL]))
        : bucketVolumePattern(volume, buckets);
      const filter = new CloudwatchLogMetricFilter(this, `${volume.what}-filter`, {
        ...(isPlanTime(buckets) && {
          count: Token.asNumber(`\${${settings.enabled} && length(${buckets.planTimeExpression}) > 0 ? 1 : 0}`),
          lifecycle: { precondition: [patternLengthPrecondition(volume.templateId, pattern)] },
        }),
        name: `${props.alarmNamePrefix}-${volume.templateId}`,
        logGroupName: props.logGroupName,
        pattern,
        metricTransformation: {
          name: volume.metricName,
          namespace,
          value: '1',
          unit: 'Count',
          dimensions: { [BUCKET_DIMENSION]: '$.requestParameters.bucketName' },
        },
      });
      const perBucket = (bucket: string, constructId: string, forEach?: ITerraformIterator) => {
        const dimensions = { [BUCKET_DIMENSION]: bucket };
        const id = `${volume.templateId}.${bucket}`;
        // For the module the query is written for a sentinel bucket, then given the Terraform reference.
        const query = insightsQuery(bucketVolumePattern(volume, [forEach ? BUCKET_SENTINEL : bucket]));
        // The events behind the count, one bucket at a time, like the other detections' evidence.
        const evidence = new DetectionEvidence(this, `${constructId}-evidence`, {
          forEach,
          location: props.location,
          logGroupName: props.logGroupName,
          linkedLogGroupName: props.linkedLogGroupName,
          savedQueryName: `${props.alarmNamePrefix}/${id}`,
          query: query.split(BUCKET_SENTINEL).join(bucket),
          // Bucket names hold only characters the console leaves as they are.
          encodedQuery: forEach && consoleString(query).split(consoleString(BUCKET_SENTINEL)).join(bucket),
          runbookUrl: props.runbookUrl(volume.templateId),
        });
        const alarm = new CloudwatchMetricAlarm(this, constructId, {
          forEach,
          alarmName: `${props.alarmNamePrefix}-${id}`,
          alarmDescription: evidence.alarmDescription({
            severity: volume.severity,
            title: `Unusual volume of object ${volume.what} in ${bucket}`,
            description:
              `The bucket's ${volume.what} rose above the expected band (${settings.shown.bandWidth} standard deviations) ` +
              `for ${settings.shown.evaluationPeriods} periods of ${settings.shown.periodSeconds} seconds.`,
          }),
          comparisonOperator: 'GreaterThanUpperThreshold',
          evaluationPeriods: settings.evaluationPeriods,
          thresholdMetricId: 'expected',
          // No matching event at all is the quiet case, not a breach.
          treatMissingData: 'notBreaching',
          // Follows the anomaly-detection alarm shape of the AWS Knowledge Center ("create a CloudWatch
          // alarm based on anomaly detection using the AWS CLI"): the metric, and the band over it.
          metricQuery: [
            {
              id: 'volume',
              returnData: true,
              metric: { namespace, metricName: volume.metricName, dimensions, period: settings.periodSeconds, stat: 'Sum', unit: 'Count' },
            },
            {
              id: 'expected',
              expression: `ANOMALY_DETECTION_BAND(volume, ${settings.shown.bandWidth})`,
              label: `Expected ${volume.what} in ${bucket}`,
              returnData: true,
            },
          ],
          alarmActions: props.alarmActions(volume.severity),
          // The alarm reads a metric the filter creates only when it first matches.
          dependsOn: [filter],
        });
        this.alarms.push(alarm);
        // The module has no dashboard to read its for_each alarms' metrics.
        if (!forEach) this.metrics.push({ bucket, namespace, metricName: volume.metricName, dimensions, alarmArn: alarm.arn });
      };
      if (isPlanTime(buckets)) perBucket('${each.key}', `${volume.what}-each`, eachBucket);
      else for (const bucket of buckets) perBucket(bucket, `${volume.what}-${bucket}`);
    }
  }
}

/**
 * The module's check of what the stacks validate on concrete buckets: a pattern scoped by
 * `local.watched_bucket_clause` within CloudWatch Logs' length limit, with the catalog filters' message.
 */
function patternLengthPrecondition(templateId: string, pattern: string) {
  const clause = '${local.watched_bucket_clause}';
  const fixedLength = pattern.split(clause).join('').length;
  const length = `${fixedLength} + length(local.watched_bucket_clause)`;
  return {
    condition: `\${${length} <= ${MAX_FILTER_PATTERN_LENGTH}}`,
    errorMessage:
      `watched_buckets: the watched buckets make the filter pattern of ${templateId} \${${length}} characters long; ` +
      `CloudWatch Logs accepts at most ${MAX_FILTER_PATTERN_LENGTH}. Watch fewer buckets, or all.`,
  };
}

/** Stands in for the bucket while a query is written; never in a real one. */
const BUCKET_SENTINEL = '\u0000bucket\u0000';

/** The settings as the resources take them, and as the alarm description shows them. */
function volumeSettings(settings: UnusualVolumeSettings | PlanTime | undefined) {
  if (isPlanTime(settings)) {
    const attribute = (name: string) => `${settings.planTimeExpression}.${name}`;
    return {
      enabled: attribute('enabled'),
      periodSeconds: Token.asNumber(`\${${attribute('period_seconds')}}`),
      evaluationPeriods: Token.asNumber(`\${${attribute('evaluation_periods')}}`),
      shown: { bandWidth: `\${${attribute('band_width')}}`, periodSeconds: `\${${attribute('period_seconds')}}`, evaluationPeriods: `\${${attribute('evaluation_periods')}}` },
    };
  }
  const known = { ...UNUSUAL_VOLUME_DEFAULTS, ...settings };
  return {
    enabled: 'true',
    periodSeconds: known.periodSeconds,
    evaluationPeriods: known.evaluationPeriods,
    shown: { bandWidth: String(known.bandWidth), periodSeconds: String(known.periodSeconds), evaluationPeriods: String(known.evaluationPeriods) },
  };
}
