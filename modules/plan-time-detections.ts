import { Construct } from 'constructs';
import { TerraformLocal } from 'cdktf';
import { Detection, resolveDetections } from './detections';
import { planTime, PlanTime } from './plan-time';

export interface PlanTimeDetectionsProps {
  readonly catalog: readonly Detection[];
  /** `var.detections`: map of detection id to `{ enabled, threshold, evaluation_periods, period_seconds }`, each optional. */
  readonly overrides: PlanTime;
  /** `var.watched_buckets`: the bucket names, empty for every bucket but the log bucket. */
  readonly watchedBuckets: PlanTime;
  readonly logGroupName: string;
  readonly kmsKeyArn: string;
}

/** Stands in for the watched buckets while the patterns are resolved; never in a real pattern. */
const WATCHED_BUCKET_SENTINEL = '\u0000watched-bucket\u0000';
/** How `inWatchedBuckets` writes its term for one bucket, once `allOf` has joined it on. */
const SENTINEL_TERM = ` && (($.requestParameters.bucketName = "${WATCHED_BUCKET_SENTINEL}"))`;

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

    const resolved = resolveDetections(props.catalog, {}, {
      watchedBuckets: [WATCHED_BUCKET_SENTINEL],
      logGroupName: props.logGroupName,
      kmsKeyArn: props.kmsKeyArn,
    });
    const catalog = Object.fromEntries(
      resolved.map((detection) => {
        const pattern = detection.filterPattern.split(SENTINEL_TERM).join('${local.watched_bucket_clause}');
        if (pattern.includes(WATCHED_BUCKET_SENTINEL)) {
          throw new Error(`${detection.id}: its watched-bucket term is not joined on with allOf, so the module cannot scope it`);
        }
        return [
          detection.id,
          {
            pattern,
            metric_name: detection.metricName,
            namespace: detection.namespace,
            title: detection.title,
            severity: detection.severity,
            description: detection.description,
            statistic: detection.alarm.statistic,
            period_seconds: detection.alarm.periodSeconds,
            evaluation_periods: detection.alarm.evaluationPeriods,
            threshold: detection.alarm.threshold,
            treat_missing_data: detection.alarm.treatMissingData,
          },
        ];
      }),
    );
    new TerraformLocal(this, 'detection_catalog', catalog).overrideLogicalId('detection_catalog');

    const overrides = props.overrides.planTimeExpression;
    const override = (key: string) => `${key} = coalesce(try(${overrides}[id].${key}, null), detection.${key})`;
    new TerraformLocal(this, 'detections',
      `\${{ for id, detection in local.detection_catalog : id => merge(detection, { ${['threshold', 'evaluation_periods', 'period_seconds'].map(override).join(', ')} }) if try(${overrides}[id].enabled, true) != false }}`,
    ).overrideLogicalId('detections');
    this.detections = planTime('local.detections');
  }
}
