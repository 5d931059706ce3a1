/**
 * What replay can say about a detection's alarm, read from the alarm as synthesized. Replay
 * simulates a static-threshold alarm only when it is the kind this project deploys (Sum,
 * GreaterThanOrEqualToThreshold, missing data not breaching); for anything else it reports the
 * counts per period and says why, rather than guess at an evaluation it does not implement.
 */
import type { SynthesizedAlarm } from '../synthesized-patterns';

export interface ThresholdRule {
  readonly kind: 'threshold';
  readonly alarmName: string;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** M of "M out of N": how many of the last `evaluationPeriods` periods must breach. */
  readonly datapointsToAlarm: number;
  /** A period breaches when its count is at or above this. */
  readonly threshold: number;
}

export interface CountsOnlyRule {
  readonly kind: 'counts-per-period';
  readonly alarmName?: string;
  readonly periodSeconds: number;
  /** Why replay reports counts per period instead of alarm periods. */
  readonly reason: string;
}

export type AlarmRule = ThresholdRule | CountsOnlyRule;

/** Metric filters publish one datapoint a minute, so a detection without an alarm is binned by minute. */
const DEFAULT_PERIOD_SECONDS = 60;

const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** The period of an alarm that evaluates metric queries: that of the query reading the detection's metric. */
function queryPeriod(alarm: SynthesizedAlarm): number | undefined {
  const queries = (alarm.metric_query ?? []) as { metric?: { period?: unknown } }[];
  return queries.map((query) => number(query.metric?.period)).find((period) => period !== undefined);
}

export function alarmRuleOf(alarms: readonly SynthesizedAlarm[]): AlarmRule {
  if (alarms.length === 0) {
    return { kind: 'counts-per-period', periodSeconds: DEFAULT_PERIOD_SECONDS, reason: 'no alarm reads this metric' };
  }
  const bands = alarms.filter((alarm) => alarm.threshold_metric_id !== undefined);
  if (bands.length > 0) {
    // Anomaly bands on one metric (one alarm per dimension value, say) all need its history.
    const periodSeconds = queryPeriod(bands[0]) ?? DEFAULT_PERIOD_SECONDS;
    const alarmName = bands.length === 1 ? String(bands[0].alarm_name) : undefined;
    return { kind: 'counts-per-period', ...(alarmName && { alarmName }), periodSeconds, reason: 'an anomaly band needs the metric history' };
  }
  if (alarms.length > 1) {
    const periodSeconds = number(alarms[0].period) ?? DEFAULT_PERIOD_SECONDS;
    return { kind: 'counts-per-period', periodSeconds, reason: `${alarms.length} alarms read this metric` };
  }
  const [alarm] = alarms;
  const alarmName = String(alarm.alarm_name);
  const periodSeconds = number(alarm.period) ?? DEFAULT_PERIOD_SECONDS;
  const evaluationPeriods = number(alarm.evaluation_periods);
  const threshold = number(alarm.threshold);
  const unsupported = [
    alarm.statistic !== 'Sum' && `statistic ${String(alarm.statistic)}`,
    alarm.comparison_operator !== 'GreaterThanOrEqualToThreshold' && `comparison ${String(alarm.comparison_operator)}`,
    alarm.treat_missing_data !== 'notBreaching' && `missing data treated as ${String(alarm.treat_missing_data)}`,
    evaluationPeriods === undefined && 'an alarm without evaluation periods',
    threshold === undefined && 'an alarm without a static threshold',
  ].filter((problem): problem is string => typeof problem === 'string');
  if (unsupported.length > 0 || evaluationPeriods === undefined || threshold === undefined) {
    return { kind: 'counts-per-period', alarmName, periodSeconds, reason: `replay does not simulate ${unsupported.join(', ')}` };
  }
  const datapointsToAlarm = number(alarm.datapoints_to_alarm) ?? evaluationPeriods;
  return { kind: 'threshold', alarmName, periodSeconds, evaluationPeriods, datapointsToAlarm, threshold };
}
