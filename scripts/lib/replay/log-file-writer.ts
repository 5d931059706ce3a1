/** Writes CloudTrail log files as CloudTrail delivers them to S3: `{"Records": [...]}`, gzip-compressed or plain. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export function cloudTrailLogText(records: readonly object[]): string {
  return JSON.stringify({ Records: records });
}

/** Writes `records` to `file` (gzip-compressed when the name ends in `.gz`) and returns the path. */
export function writeCloudTrailLogFile(file: string, records: readonly object[]): string {
  mkdirSync(path.dirname(file), { recursive: true });
  const text = cloudTrailLogText(records);
  writeFileSync(file, file.endsWith('.gz') ? gzipSync(text) : text);
  return file;
}

/**
 * The name CloudTrail gives a log file: `<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz`
 * ("Finding your CloudTrail log files", AWS CloudTrail User Guide).
 */
export function cloudTrailLogFileName(accountId: string, region: string, time: number, unique: string): string {
  const stamp = new Date(time).toISOString().slice(0, 16).replace(/[-:]/g, '');
  return `${accountId}_CloudTrail_${region}_${stamp}Z_${unique}.json.gz`;
}
