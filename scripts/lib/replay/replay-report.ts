/**
 * The outcome of a replay, as `--json` prints it and the table is drawn from. Times are ISO 8601
 * UTC. Every detection has its match counts per period; a detection whose alarm replay simulates
 * (`alarm.kind` "threshold") also has the periods in which that alarm would have been in ALARM,
 * and one it reports only as counts (`alarm.kind` "counts-per-period", e.g. an anomaly band) has
 * `alarmPeriods` null.
 */
import type { Severity } from '../../../modules/detections';
import type { AlarmRule } from './alarm-rule';
import { alarmEpisodes } from './alarm-simulation';
import { DetectionTally } from './detection-tally';
import type { ReplayDetection } from './replay-detections';
import type { ReplayResult, SkippedFile } from './run-replay';

export const TOP_PRINCIPALS = 5;

export interface DetectionReport {
  readonly id: string;
  readonly title: string | null;
  readonly severity: Severity | null;
  /** Whether the alarm pages (see ReplayDetection.pages). */
  readonly pages: boolean;
  readonly pattern: string;
  readonly patternNote: string | null;
  readonly alarm: AlarmRule;
  readonly matches: number;
  readonly firstMatch: string | null;
  readonly lastMatch: string | null;
  readonly countsPerPeriod: readonly { readonly start: string; readonly count: number }[];
  readonly alarmPeriods: readonly { readonly from: string; readonly until: string; readonly periods: number }[] | null;
  readonly topPrincipals: readonly { readonly principal: string; readonly count: number }[];
  /** Matches by principals beyond those counted by name (replay counts a bounded number of them). */
  readonly otherPrincipalMatches: number;
}

export interface ReplayReport {
  readonly environment: string;
  readonly files: { readonly read: number; readonly skipped: readonly SkippedFile[]; readonly digestFilesLeftOut: number };
  readonly records: number;
  readonly undatedRecords: number;
  readonly events: { readonly first: string; readonly last: string } | null;
  readonly detections: readonly DetectionReport[];
}

const iso = (time: number): string => new Date(time).toISOString().replace('.000Z', 'Z');
const isoOrNull = (time: number | undefined): string | null => (time === undefined ? null : iso(time));

export function replayReport(
  environment: string,
  detections: readonly ReplayDetection[],
  result: ReplayResult,
  digestFilesLeftOut: number,
): ReplayReport {
  return {
    environment,
    files: { read: result.filesRead, skipped: result.skipped, digestFilesLeftOut },
    records: result.records,
    undatedRecords: result.undatedRecords,
    events:
      result.firstEvent === undefined || result.lastEvent === undefined
        ? null
        : { first: iso(result.firstEvent), last: iso(result.lastEvent) },
    detections: detections.flatMap((detection, index) => {
      const tally = result.tallies[index];
      // A split metric has an alarm per value: a row per value that matched, named as the alarm is.
      const values = [...new Set([...(detection.splitValues ?? []), ...tally.byValue.keys()])].sort();
      if (detection.splitBy && values.length > 0) {
        const none = new DetectionTally(detection.rule.periodSeconds);
        return values.map((value) => detectionReport({ ...detection, id: `${detection.id}.${value}` }, tally.byValue.get(value) ?? none));
      }
      return [detectionReport(detection, tally)];
    }),
  };
}

function detectionReport(detection: ReplayDetection, tally: DetectionTally): DetectionReport {
  const rule = detection.rule;
  return {
    id: detection.id,
    title: detection.title,
    severity: detection.severity,
    pages: detection.pages,
    pattern: detection.pattern,
    patternNote: detection.patternNote ?? null,
    alarm: rule,
    matches: tally.matches,
    firstMatch: isoOrNull(tally.firstMatch),
    lastMatch: isoOrNull(tally.lastMatch),
    countsPerPeriod: [...tally.countsByPeriod]
      .sort(([a], [b]) => a - b)
      .map(([start, count]) => ({ start: iso(start), count })),
    alarmPeriods:
      rule.kind === 'threshold'
        ? alarmEpisodes(tally.countsByPeriod, rule).map((episode) => ({ from: iso(episode.from), until: iso(episode.until), periods: episode.periods }))
        : null,
    topPrincipals: tally.topPrincipals(TOP_PRINCIPALS),
    otherPrincipalMatches: tally.untrackedPrincipalMatches,
  };
}
