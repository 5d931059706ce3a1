/**
 * Waiting for AWS to catch up, never longer than a stated bound. Time comes from an injectable
 * clock so the tests can run a twenty-minute wait in no time.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface WaitSpec<T> {
  /** What is awaited, for the progress lines: "CloudTrail's first delivery to CloudWatch Logs". */
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** Returns a value to stop waiting with, or undefined to look again after `intervalMs`. */
  readonly poll: () => Promise<T | undefined>;
  /**
   * A "still waiting" line this often, so a long wait never looks like a hang.
   * @default 5 minutes
   */
  readonly progressEveryMs?: number;
}

export type WaitOutcome<T> =
  | { readonly done: true; readonly value: T; readonly elapsedMs: number }
  | { readonly done: false; readonly elapsedMs: number };

/** Polls until `poll` returns a value or `timeoutMs` has passed; polls once more at the bound. */
export async function waitFor<T>(spec: WaitSpec<T>): Promise<WaitOutcome<T>> {
  const { clock, timeoutMs, intervalMs } = spec;
  const progressEveryMs = spec.progressEveryMs ?? 5 * 60_000;
  const started = clock.now();
  spec.log(`  waiting up to ${formatDuration(timeoutMs)} for ${spec.what} (checking every ${formatDuration(intervalMs)})`);
  let nextProgress = progressEveryMs;
  for (;;) {
    const value = await spec.poll();
    const elapsedMs = clock.now() - started;
    if (value !== undefined) return { done: true, value, elapsedMs };
    if (elapsedMs >= timeoutMs) return { done: false, elapsedMs };
    if (elapsedMs >= nextProgress) {
      spec.log(`  still waiting for ${spec.what}: ${formatDuration(elapsedMs)} of ${formatDuration(timeoutMs)}`);
      nextProgress += progressEveryMs;
    }
    await clock.sleep(Math.min(intervalMs, timeoutMs - elapsedMs));
  }
}

/** `45 s`, `6 min`, `6 min 12 s`: the units people read a wait in. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}
