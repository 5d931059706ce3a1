/**
 * The log files replay reads, from the files and folders on its command line. Folders are searched
 * recursively for `.json` and `.json.gz` files, as `aws s3 sync` leaves a trail's prefix on disk;
 * CloudTrail's digest files (`..._CloudTrail-Digest_...`) hold hashes, not events, and are left out.
 * A file named on the command line is read whatever its name.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export class LogPathError extends Error {}

export interface LogFileSelection {
  /** Sorted, so that runs over the same input read it in the same order. */
  readonly files: readonly string[];
  readonly digestFilesLeftOut: number;
}

const LOG_FILE_NAME = /\.json(\.gz)?$/i;
const DIGEST_FILE_NAME = /_CloudTrail-Digest_/;

function walk(folder: string, found: string[], digests: { count: number }): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) walk(full, found, digests);
    else if (entry.isFile() && LOG_FILE_NAME.test(entry.name)) {
      if (DIGEST_FILE_NAME.test(entry.name)) digests.count += 1;
      else found.push(full);
    }
  }
}

/** `paths` are resolved against `baseDirectory`; a path that does not exist is a LogPathError. */
export function selectLogFiles(paths: readonly string[], baseDirectory: string): LogFileSelection {
  const files = new Set<string>();
  const digests = { count: 0 };
  for (const given of paths) {
    const full = path.resolve(baseDirectory, given);
    let isFolder: boolean;
    try {
      isFolder = statSync(full).isDirectory();
    } catch {
      throw new LogPathError(`${given}: no such file or folder`);
    }
    if (!isFolder) {
      files.add(full);
      continue;
    }
    const found: string[] = [];
    walk(full, found, digests);
    if (found.length === 0) throw new LogPathError(`${given}: no .json or .json.gz log files in this folder`);
    for (const file of found) files.add(file);
  }
  return { files: [...files].sort(), digestFilesLeftOut: digests.count };
}
