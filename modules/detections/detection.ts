/** What a detection is: one data entry in the catalog, turned into a metric filter and an alarm. */

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export type DetectionGroup =
  | 's3-data-plane'
  | 's3-control-plane'
  | 'audit-trail-tampering'
  | 'audit-sources'
  | 'identity-persistence'
  | 'key-and-backup-destruction'
  | 'network-exposure'
  | 'cis-foundations';

/**
 * Which text the CIS detections use: the one AWS Security Hub's CloudWatch.1-14 controls check
 * (CIS v1.2.0 / v1.4.0 standards), or the CIS AWS Foundations Benchmark v6.0.0 text, whose
 * unauthorized-API-calls filter leaves out two noise sources. See cis-foundations.ts.
 */
export type CisText = 'security-hub' | 'cis-v6.0.0';
export const CIS_TEXTS: readonly CisText[] = ['security-hub', 'cis-v6.0.0'];

/** The environment facts a pattern may be scoped to. */
export interface DetectionScope {
  /**
   * Which CIS text the CIS detections use.
   * @default 'security-hub'
   */
  readonly cisText?: CisText;
  /** Buckets whose object-level events the trail records, or `'all'`. */
  readonly watchedBuckets: 'all' | readonly string[];
  readonly logGroupName: string;
  /** The trail's log bucket and access-log bucket: changes to their settings are tampering. */
  readonly logBucketNames: readonly string[];
  /** ARN of the trail's KMS key; a Terraform reference at synth time. */
  readonly kmsKeyArn: string;
}

export type TreatMissingData = 'notBreaching' | 'breaching' | 'ignore' | 'missing';
export type Statistic = 'Sum' | 'SampleCount' | 'Average' | 'Minimum' | 'Maximum';

export interface AlarmSettings {
  /** Seconds per evaluation period: 10, 30 or a multiple of 60. */
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /**
   * M of an "M out of N" alarm: how many of the last `evaluationPeriods` periods must breach.
   * @default evaluationPeriods (every one of them)
   */
  readonly datapointsToAlarm?: number;
  /** The alarm fires when the statistic over one period is at or above this. */
  readonly threshold: number;
  readonly statistic: Statistic;
  readonly treatMissingData: TreatMissingData;
}

export interface Detection {
  /** Stable kebab-case id; part of the alarm name, so renaming it replaces the alarm. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly group: DetectionGroup;
  /** What it catches, one or two sentences. */
  readonly description: string;
  /** What happened, how to look, how to respond. */
  readonly runbook: string;
  /** CloudWatch Logs filter pattern, or a function of the environment for scoped detections. */
  readonly filterPattern: string | ((scope: DetectionScope) => string);
  readonly metricName: string;
  readonly namespace: string;
  readonly alarm: AlarmSettings;
  /** Controls the detection satisfies, e.g. `Security Hub CloudWatch.8`, `CIS 4.8`. */
  readonly controls?: readonly string[];
}

/** What an environment may change about one detection. */
export interface DetectionOverride {
  readonly enabled?: boolean;
  readonly threshold?: number;
  readonly evaluationPeriods?: number;
  readonly periodSeconds?: number;
}

/** A detection made concrete for one environment: what the alarm layer builds from. */
export interface ResolvedDetection {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly description: string;
  readonly filterPattern: string;
  readonly metricName: string;
  readonly namespace: string;
  readonly alarm: AlarmSettings;
  /**
   * `record`: the alarm notifies the main topic only, whatever its severity, because another
   * alarm pages for what matters in it (see change-agents.ts).
   * @default by severity: the paged severities also notify the paging topic
   */
  readonly routing?: 'record';
}

/** The metric namespace of the project's own detections. */
export const PROJECT_NAMESPACE = 'S3AuditTrail';

/** The metric namespace of the CIS set, the one AWS's CIS guidance uses. */
export const CIS_NAMESPACE = 'CISBenchmark';

/**
 * The alarm most detections share: any single matching event raises it, as soon as its datapoint
 * reaches CloudWatch. One-minute periods, the resolution metric filters publish at; the alarm fires
 * when any one of the last ten minutes holds a match (1 out of 10). The ten minutes are not a
 * delay: CloudWatch evaluates the alarm every minute ("Evaluating an alarm", CloudWatch User
 * Guide). They are how late a datapoint may arrive and still be seen: a metric filter stamps its
 * datapoint with the event's time, and CloudTrail delivers to CloudWatch Logs "within an average of
 * about 5 minutes of an API call", which "is not guaranteed". A 1 x 60 s alarm would look only at
 * the latest minute and rely on CloudWatch's undocumented evaluation range for anything later.
 * docs/detections.md#time-to-know has the whole chain.
 */
export const ANY_OCCURRENCE: AlarmSettings = {
  periodSeconds: 60,
  evaluationPeriods: 10,
  datapointsToAlarm: 1,
  threshold: 1,
  statistic: 'Sum',
  treatMissingData: 'notBreaching',
};

/**
 * For detections whose meaning is a count over a window ("ten denials in five minutes"): the sum
 * over one `seconds` period must reach `threshold`. They keep the window their meaning needs.
 */
export function countInWindow(threshold: number, seconds = 300): AlarmSettings {
  return { periodSeconds: seconds, evaluationPeriods: 1, threshold, statistic: 'Sum', treatMissingData: 'notBreaching' };
}
