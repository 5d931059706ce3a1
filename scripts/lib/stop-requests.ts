/**
 * One AbortSignal for "this command must stop now", for commands that hold something (an emulator)
 * that must not outlive them: SIGINT, SIGTERM or SIGHUP to this process, or the process that started
 * it going away. The last is the case no signal reports: a wrapper that dies without passing its
 * signal on (a shell killed by SIGTERM, npm killed by SIGKILL) leaves this process reparented and
 * otherwise waiting forever.
 */
import { constants } from 'node:os';

export type StopReason = NodeJS.Signals | 'parent exited';

export interface StopRequests {
  /** Aborted, with the StopReason as its reason, on the first stop request. */
  readonly signal: AbortSignal;
  /** Resolves with the reason of the first stop request. */
  readonly requested: Promise<StopReason>;
  /** Stops listening: signals get their default effect again. */
  dispose(): void;
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const PARENT_POLL_MS = 250;

export function listenForStopRequests(pollMs: number = PARENT_POLL_MS): StopRequests {
  const controller = new AbortController();
  let resolveRequested: (reason: StopReason) => void = () => undefined;
  const requested = new Promise<StopReason>((resolve) => (resolveRequested = resolve));
  const stop = (reason: StopReason) => {
    if (controller.signal.aborted) return;
    controller.abort(reason);
    resolveRequested(reason);
  };

  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  const startedBy = process.ppid;
  // Unref'd: watching for the parent must never be what keeps this process alive.
  const watchdog = setInterval(() => {
    if (process.ppid !== startedBy) stop('parent exited');
  }, pollMs).unref();

  return {
    signal: controller.signal,
    requested,
    dispose: () => {
      clearInterval(watchdog);
      for (const signal of STOP_SIGNALS) process.removeListener(signal, stop);
    },
  };
}

/** The exit status a shell reports for a command ended by this stop: 128 + the signal's number. */
export function exitCodeFor(reason: StopReason): number {
  return reason === 'parent exited' ? 1 : 128 + constants.signals[reason];
}
