/** How alarm settings read in the generated docs and in replay's table. */

/** `300` → `5 min`, `30` → `30 s`, `3600` → `1 h`. */
export function formatPeriod(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export interface TriggerSettings {
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** M of "M out of N"; every one of the evaluation periods when absent. */
  readonly datapointsToAlarm?: number;
}

/**
 * When an alarm fires, e.g. `≥ 10 in 5 min`, `≥ 1 in 5 min, 3 consecutive periods`, `..., 2 of 3
 * periods`, or `≥ 1 in 1 min, any of the last 10` for the 1-out-of-N alarms of any-occurrence detections.
 */
export function formatTrigger(alarm: TriggerSettings): string {
  const base = `≥ ${alarm.threshold} in ${formatPeriod(alarm.periodSeconds)}`;
  if (alarm.evaluationPeriods === 1) return base;
  const needed = alarm.datapointsToAlarm ?? alarm.evaluationPeriods;
  if (needed === alarm.evaluationPeriods) return `${base}, ${alarm.evaluationPeriods} consecutive periods`;
  return needed === 1 ? `${base}, any of the last ${alarm.evaluationPeriods}` : `${base}, ${needed} of ${alarm.evaluationPeriods} periods`;
}
