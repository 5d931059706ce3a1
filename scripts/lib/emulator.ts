/**
 * Starts and stops a local AWS emulator (moto, via scripts/emulator/moto_server.py) for the
 * Terraform/emulator test tier. Listens on 127.0.0.1 only. Start never hangs: it fails with a
 * clear error (including the tail of the emulator's output) when the process exits early (e.g.
 * port in use) or is not ready within `startTimeoutMs`. Emulators are killed when this process
 * exits or gets SIGINT/SIGTERM it has no handler of its own for, and (via stdin EOF) even when it
 * is SIGKILLed.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

export const EMULATOR_HOST = '127.0.0.1';
export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';
export const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

const LAUNCHER = path.resolve(__dirname, '..', 'emulator', 'moto_server.py');
const READY_LINE = /^MOTO_SERVER_READY (\S+)/m;
const OUTPUT_TAIL_CHARS = 4000;
const STOP_GRACE_MS = 5000;

export interface EmulatorOptions {
  /** 12-digit account the emulator deploys as (MOTO_ACCOUNT_ID). Default 123456789012. */
  accountId?: string;
  /** Port on 127.0.0.1. Default: a free port. */
  port?: number;
  /** Region reported by env()/sdkConfig(). Default us-east-1. */
  region?: string;
  /**
   * Bound on the whole start (spawn + ready). Default 60000: moto starts in a few seconds, but the
   * test run starts its shared emulators while every jest worker is loading, on two cores.
   */
  startTimeoutMs?: number;
  /** Append the emulator's stdout/stderr to this file. */
  logFile?: string;
  /** Python interpreter. Default $PYTHON or python3. */
  python?: string;
  /**
   * Keep the Node event loop alive while the emulator runs (e.g. a CLI that serves until Ctrl-C
   * and only awaits a signal: a pending promise alone does not keep Node running). Default false:
   * a forgotten emulator does not hold the process open; it is killed when the process exits.
   */
  keepAlive?: boolean;
  /**
   * Buckets that exist in another account (another emulator), which this one's trails may deliver
   * to: a log archive's. The launcher's CloudTrail looks buckets up in its own account only.
   * Default none.
   */
  bucketsInOtherAccounts?: readonly string[];
}

export interface Emulator {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  readonly port: number;
  readonly accountId: string;
  readonly region: string;
  readonly pid: number;
  /** Environment for child processes (terraform, aws cli, SDK) pointed at the emulator. */
  env(): Record<string, string>;
  /** Config for AWS SDK v3 clients: `new S3Client(emulator.sdkConfig())`. */
  sdkConfig(): EmulatorSdkConfig;
  /** Last emulator stdout/stderr (bounded), for error messages. */
  outputTail(): string;
  /** SIGTERM, then SIGKILL after a bounded wait. Idempotent. */
  stop(): Promise<void>;
}

export interface EmulatorSdkConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
  maxAttempts: number;
}

export class EmulatorStartError extends Error {
  constructor(message: string, readonly outputTail: string) {
    super(outputTail.trim() ? `${message}\n--- emulator output (tail) ---\n${outputTail.trim()}` : message);
    this.name = 'EmulatorStartError';
  }
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, EMULATOR_HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// ---- process-exit cleanup: listeners are installed while at least one emulator is live ----
// (signal/exit listeners do not keep the event loop alive; removing them when idle avoids piling
// up listeners when many test files load this module in one jest worker). Under jest, `process`
// is a sandbox copy whose exit/signal events never fire: there the launcher's stdin-EOF watchdog
// is what stops a forgotten emulator when the worker exits.
const live = new Set<ChildProcess>();

function killAllSync(): void {
  for (const child of live) child.kill('SIGKILL');
  untrack();
}

function onSignal(signal: NodeJS.Signals): void {
  // A process with a handler of its own decides when its emulators stop (it may need them to shut
  // down cleanly); the 'exit' listener and the stdin-EOF watchdog still make sure they die with it.
  if (process.listenerCount(signal) > 1) return;
  killAllSync();
  // Our listener suppressed Node's default "die on signal": restore it.
  process.kill(process.pid, signal);
}

function track(child: ChildProcess): void {
  if (live.size === 0) {
    process.on('exit', killAllSync);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  live.add(child);
  child.once('exit', () => untrack(child));
}

function untrack(child?: ChildProcess): void {
  if (child) live.delete(child);
  else live.clear();
  if (live.size === 0) {
    process.removeListener('exit', killAllSync);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

function probe(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** Resolves true when `promise` settles, false after `ms`; never leaves a timer behind. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)));
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts an emulator. A port picked here can be taken by another process before the emulator binds
 * it (tests start several at once), so a clash on a port this function chose is retried on a new one;
 * a clash on a port the caller asked for is an error at once.
 */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const attempts = opts.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (error) {
      const clash = error instanceof EmulatorStartError && /already in use/.test(error.message);
      if (!clash || attempt >= attempts) throw error;
    }
  }
}

async function startOnce(opts: EmulatorOptions): Promise<Emulator> {
  const accountId = opts.accountId ?? DEFAULT_ACCOUNT_ID;
  if (!/^\d{12}$/.test(accountId)) throw new Error(`startEmulator: accountId must be 12 digits, got "${accountId}"`);
  const region = opts.region ?? DEFAULT_REGION;
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  const deadline = Date.now() + startTimeoutMs;
  const port = opts.port ?? (await findFreePort());
  const endpoint = `http://${EMULATOR_HOST}:${port}`;
  const python = opts.python ?? process.env.PYTHON ?? 'python3';

  const child = spawn(python, [LAUNCHER, '-H', EMULATOR_HOST, '-p', String(port), '--exit-on-stdin-eof'], {
    env: { ...process.env, MOTO_ACCOUNT_ID: accountId, MOTO_BUCKETS_IN_OTHER_ACCOUNTS: (opts.bucketsInOtherAccounts ?? []).join(','), PYTHONUNBUFFERED: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
    // A long-lived emulator is stopped by its owner, after whatever still talks to it has wound
    // down; in the terminal's process group, Ctrl-C would stop it at once, under an interrupted
    // Terraform. It still dies with this process: stdin closes and the launcher exits.
    detached: opts.keepAlive === true,
  });
  track(child);

  // The pipes never keep the event loop alive, the child only with keepAlive; the 'exit' listener
  // kills it either way.
  if (!opts.keepAlive) child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as net.Socket | null)?.unref();
  child.stdin?.on('error', () => undefined); // EPIPE if the child dies first

  let log: WriteStream | undefined;
  if (opts.logFile) {
    log = createWriteStream(opts.logFile, { flags: 'a' });
    log.on('error', () => undefined);
  }
  let tail = '';
  let stdoutSoFar = '';
  const record = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-OUTPUT_TAIL_CHARS);
    log?.write(text);
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    record(chunk);
    if (stdoutSoFar.length < OUTPUT_TAIL_CHARS) stdoutSoFar += chunk.toString('utf8');
  });
  child.stderr?.on('data', record);

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.once('error', (err) => {
      spawnError = err;
      if (child.pid === undefined) {
        exited = { code: null, signal: null };
        resolve();
      }
    });
  });
  // 'exit' can fire before the last output is read: wait for stdio to close (bounded).
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!exited) {
        child.kill('SIGTERM');
        if (!(await settlesWithin(exitPromise, STOP_GRACE_MS))) {
          child.kill('SIGKILL');
          await exitPromise;
        }
      }
      untrack(child);
      await settlesWithin(closed, 500);
      await new Promise<void>((resolve) => (log ? log.end(resolve) : resolve()));
    })();
    return stopping;
  };

  const fail = async (message: string): Promise<never> => {
    await stop();
    throw new EmulatorStartError(message, tail);
  };

  // Ready = OUR process printed the ready line (so it owns the port; a foreign server already on
  // the port cannot make us look ready) AND the endpoint answers HTTP.
  for (;;) {
    if (spawnError && child.pid === undefined) {
      return fail(`emulator: cannot run "${python}": ${spawnError.message}`);
    }
    if (exited) {
      await settlesWithin(closed, 500);
      const how = exited.signal ? `signal ${exited.signal}` : `code ${exited.code}`;
      const inUse = /address already in use|is in use by another program/i.test(tail);
      return fail(
        inUse
          ? `emulator: port ${EMULATOR_HOST}:${port} is already in use (emulator exited with ${how})`
          : `emulator: exited during start with ${how}`,
      );
    }
    if (Date.now() >= deadline) {
      return fail(`emulator: not ready at ${endpoint} within ${startTimeoutMs} ms`);
    }
    if (READY_LINE.test(stdoutSoFar) && (await probe(`${endpoint}/moto-api/`, Math.max(100, deadline - Date.now())))) {
      break;
    }
    await settlesWithin(exitPromise, 50);
  }

  return {
    endpoint,
    port,
    accountId,
    region,
    pid: child.pid as number,
    env: () => ({
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ENDPOINT_URL: endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      MOTO_ACCOUNT_ID: accountId,
    }),
    sdkConfig: () => ({
      endpoint,
      region,
      credentials: { ...TEST_CREDENTIALS },
      forcePathStyle: true,
      maxAttempts: 1,
    }),
    outputTail: () => tail,
    stop,
  };
}
