/**
 * A one-line progress display for replay, on stderr and only when stderr is a terminal: piped or
 * redirected output, and `--json`, stay clean. Redrawn at most every REDRAW_MS, cleared at the end.
 */

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const REDRAW_MS = 100;

export interface Progress {
  fileDone(filesDone: number, records: number): void;
  finish(): void;
}

export function progressOn(stream: ProgressStream, filesTotal: number, now: () => number = Date.now): Progress {
  if (!stream.isTTY) return { fileDone: () => {}, finish: () => {} };
  let lastDrawn = -Infinity;
  let drawn = false;
  return {
    fileDone(filesDone, records) {
      const time = now();
      if (filesDone < filesTotal && time - lastDrawn < REDRAW_MS) return;
      lastDrawn = time;
      drawn = true;
      const percent = Math.floor((filesDone / filesTotal) * 100);
      stream.write(`\r\x1b[2Kreplay: ${filesDone}/${filesTotal} files (${percent}%), ${records.toLocaleString('en-US')} records`);
    },
    finish() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
