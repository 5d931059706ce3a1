/**
 * When a static-threshold alarm would have been in ALARM, from a detection's match counts per
 * period. Periods are aligned to multiples of the period since the Unix epoch (whole minutes,
 * five-minute marks, ...), as CloudWatch aggregates metric data. With missing data not breaching,
 * a period without matches is a period below the threshold.
 */
import type { ThresholdRule } from './alarm-rule';

/** A run of consecutive periods at whose end the alarm would have been in ALARM. */
export interface AlarmEpisode {
  /** Start of the first period evaluated as ALARM (epoch milliseconds). */
  readonly from: number;
  /** End of the last period evaluated as ALARM (epoch milliseconds). */
  readonly until: number;
  readonly periods: number;
}

/** The start of the period `time` falls in, both in epoch milliseconds. */
export function periodStart(time: number, periodSeconds: number): number {
  const periodMs = periodSeconds * 1000;
  return Math.floor(time / periodMs) * periodMs;
}

/**
 * The alarm is in ALARM at the end of a period when at least `datapointsToAlarm` of the last
 * `evaluationPeriods` periods, that one included, have a count at or above the threshold.
 */
export function alarmEpisodes(countsByPeriod: ReadonlyMap<number, number>, rule: ThresholdRule): AlarmEpisode[] {
  const periodMs = rule.periodSeconds * 1000;
  const breaching = new Set([...countsByPeriod].filter(([, count]) => count >= rule.threshold).map(([start]) => start));
  // Only a period within one evaluation window after a breaching period can be in ALARM.
  const candidates = new Set<number>();
  for (const start of breaching) {
    for (let offset = 0; offset < rule.evaluationPeriods; offset += 1) candidates.add(start + offset * periodMs);
  }
  const inAlarm = [...candidates]
    .filter((end) => {
      let breached = 0;
      for (let back = 0; back < rule.evaluationPeriods; back += 1) if (breaching.has(end - back * periodMs)) breached += 1;
      return breached >= rule.datapointsToAlarm;
    })
    .sort((a, b) => a - b);

  const episodes: AlarmEpisode[] = [];
  for (const start of inAlarm) {
    const last = episodes[episodes.length - 1];
    if (last && last.until === start) {
      episodes[episodes.length - 1] = { from: last.from, until: start + periodMs, periods: last.periods + 1 };
    } else {
      episodes.push({ from: start, until: start + periodMs, periods: 1 });
    }
  }
  return episodes;
}
