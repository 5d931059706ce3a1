/**
 * Runs a command and measures it: wall time, and peak memory as the largest total resident memory of
 * the command and every process it starts, sampled from /proc while it runs (Linux only: the bench
 * machines are).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const SAMPLE_EVERY_MS = 10;
const PAGE_BYTES = 4096;

export interface Measurement {
  readonly seconds: number;
  readonly peakBytes: number;
  readonly code: number | null;
  readonly output: string;
}

export interface Command {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** The process and all its descendants, as /proc lists each thread's children. */
function processTree(root: number): number[] {
  const found: number[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    found.push(pid);
    let threads: string[];
    try {
      threads = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const thread of threads) {
      for (const child of (read(`/proc/${pid}/task/${thread}/children`) ?? '').split(' ').filter(Boolean)) pending.push(Number(child));
    }
  }
  return found;
}

function residentBytes(pids: readonly number[]): number {
  return pids.reduce((total, pid) => total + Number((read(`/proc/${pid}/statm`) ?? '0 0').split(' ')[1]) * PAGE_BYTES, 0);
}

export function measure({ command, args, cwd, env }: Command): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let peakBytes = 0;
    const sampler = setInterval(() => {
      peakBytes = Math.max(peakBytes, residentBytes(processTree(child.pid as number)));
    }, SAMPLE_EVERY_MS);
    child.once('error', (error) => {
      clearInterval(sampler);
      reject(error);
    });
    let seconds = 0;
    child.once('exit', () => {
      seconds = Number(process.hrtime.bigint() - started) / 1e9;
      clearInterval(sampler);
    });
    // 'close' comes once the output is all read, after 'exit' has stopped the clock.
    child.once('close', (code) => resolve({ seconds, peakBytes, code, output }));
  });
}
