/**
 * Replays log files through detections, one file at a time. A record is parsed only when the triage
 * leaves a detection that could match it, once, and tested against those detections; so a record
 * that is not valid JSON is noticed only when some detection could have matched it. A file's matches
 * count only once the whole file has been read, so that a truncated or corrupt file is skipped
 * entirely, never half counted.
 */
import { LogEvent } from '../../../modules/detections/filter-pattern';
import { readLogFile, UnreadableLogFile } from './cloudtrail-log-file';
import { DetectionTally } from './detection-tally';
import { principalOf } from './principal';
import { RecordTriage } from './record-triage';
import type { ReplayDetection } from './replay-detections';
import { TimeRange } from './time-range';

export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

export interface ReplayResult {
  readonly filesRead: number;
  readonly skipped: readonly SkippedFile[];
  readonly records: number;
  /** Records without a readable eventTime: they cannot be placed in a period, so they are not evaluated. */
  readonly undatedRecords: number;
  readonly firstEvent: number | undefined;
  readonly lastEvent: number | undefined;
  /** One per detection, in the order of the detections. */
  readonly tallies: readonly DetectionTally[];
}

/** Told after every file; a progress display is the only listener. */
export type FileDoneListener = (filesDone: number, records: number) => void;

/** The value a dimension takes from a record, as CloudWatch Logs reads it; undefined when the metric is not split. */
function splitValueOf(record: Record<string, unknown>, path: readonly string[] | undefined): string | undefined {
  if (path === undefined) return undefined;
  const value = path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), record);
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

export async function replayLogFiles(
  files: readonly string[],
  detections: readonly ReplayDetection[],
  onFileDone: FileDoneListener = () => {},
): Promise<ReplayResult> {
  const tallies = detections.map((detection) => new DetectionTally(detection.rule.periodSeconds));
  const filters = detections.map((detection) => detection.filter);
  const triage = new RecordTriage(filters);
  const topLevelFields = [...triage.topLevelFields, 'eventTime'];
  const skipped: SkippedFile[] = [];
  let filesRead = 0;
  let records = 0;
  let undatedRecords = 0;
  const times = new TimeRange();

  for (const [index, file] of files.entries()) {
    // Matches of this file, held back until it has been read to the end: detection, time, principal.
    const matchedDetection: number[] = [];
    const matchedTime: number[] = [];
    const matchedPrincipal: string[] = [];
    const matchedSplit: (string | undefined)[] = [];
    let fileUndated = 0;
    const fileTimes = new TimeRange();
    try {
      let recordNumber = 0;
      const fileRecords = await readLogFile(file, (text, topLevel) => {
        recordNumber += 1;
        const eventTime = topLevel.eventTime;
        if (typeof eventTime !== 'string' || !fileTimes.include(eventTime)) {
          fileUndated += 1;
          return;
        }
        const candidates = triage.candidates(text, topLevel);
        if (candidates.length === 0) return;
        let record: Record<string, unknown>;
        try {
          record = JSON.parse(text);
        } catch (error) {
          throw new UnreadableLogFile(file, `record ${recordNumber} is not valid JSON (${(error as Error).message})`);
        }
        const time = Date.parse(eventTime);
        const event = new LogEvent(text, record);
        let principal: string | undefined;
        for (const d of candidates) {
          if (!filters[d].matchesEvent(event)) continue;
          principal ??= principalOf(record);
          matchedDetection.push(d);
          matchedTime.push(time);
          matchedPrincipal.push(principal);
          matchedSplit.push(splitValueOf(record, detections[d].splitBy));
        }
      }, topLevelFields);
      for (let m = 0; m < matchedDetection.length; m += 1) tallies[matchedDetection[m]].add(matchedTime[m], matchedPrincipal[m], matchedSplit[m]);
      filesRead += 1;
      records += fileRecords;
      undatedRecords += fileUndated;
      times.merge(fileTimes);
    } catch (error) {
      if (!(error instanceof UnreadableLogFile)) throw error;
      skipped.push({ file, reason: error.reason });
    }
    onFileDone(index + 1, records);
  }
  return { filesRead, skipped, records, undatedRecords, firstEvent: times.first(), lastEvent: times.last(), tallies };
}
