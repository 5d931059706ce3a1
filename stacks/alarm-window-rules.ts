/**
 * What PutMetricAlarm accepts for a period and its evaluation window (CloudWatch API Reference,
 * PutMetricAlarm, `Period` and `EvaluationPeriods`,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
 */

/** Period × evaluation periods may reach seven days... */
export const MAX_EVALUATION_WINDOW_SECONDS = 7 * 24 * 3600;
/** ...but only one day when the period is under an hour. */
export const MAX_SHORT_PERIOD_WINDOW_SECONDS = 24 * 3600;
export const SHORT_PERIOD_BELOW_SECONDS = 3600;
/** So the longest single period is the whole seven-day window. */
export const MAX_PERIOD_SECONDS = MAX_EVALUATION_WINDOW_SECONDS;

/**
 * Why a metric-filter alarm period is refused, or undefined. Metric filters publish one-minute
 * data, so the sub-minute periods CloudWatch offers for high-resolution metrics (10, 20, 30 s)
 * would never receive a datapoint and leave the alarm in INSUFFICIENT_DATA.
 */
export function filterAlarmPeriodProblem(seconds: number): string | undefined {
  if (!Number.isInteger(seconds) || seconds <= 0 || seconds % 60 !== 0) {
    return `is not a period a metric-filter alarm can use; expected a multiple of 60 seconds (metric filters publish one-minute data, so 10, 20 or 30 s never receive a datapoint)`;
  }
  if (seconds > MAX_PERIOD_SECONDS) return `is longer than CloudWatch accepts; expected at most ${MAX_PERIOD_SECONDS} seconds (7 days)`;
  return undefined;
}

/** Why period × evaluation periods is refused, or undefined. */
export function evaluationWindowProblem(periodSeconds: number, evaluationPeriods: number): string | undefined {
  const window = periodSeconds * evaluationPeriods;
  if (periodSeconds < SHORT_PERIOD_BELOW_SECONDS && window > MAX_SHORT_PERIOD_WINDOW_SECONDS) {
    return `${evaluationPeriods} periods of ${periodSeconds} s span ${window} s; with a period under an hour CloudWatch evaluates at most one day (86400 s)`;
  }
  if (window > MAX_EVALUATION_WINDOW_SECONDS) {
    return `${evaluationPeriods} periods of ${periodSeconds} s span ${window} s; CloudWatch evaluates at most seven days (604800 s)`;
  }
  return undefined;
}
