/**
 * Synthesizes a validated definition in worker processes, one per core, each taking a contiguous
 * share of the environments (see synth-worker.ts), and merges their output into the very files a
 * synth in one process writes. All or nothing: the shares are synthesized into a folder of their
 * own, and moved into the output only once every worker has succeeded and every stack has passed
 * validation.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
// Not from cdktf's package root, which loads all of cdktf: this process builds no stack.
import { Manifest, StackManifest } from 'cdktf/lib/manifest';
import type { EnvironmentSettings } from './environment-schema';
import { refusal } from './synthesize-app';

/**
 * Up to this many environments one process is quicker: a worker spends about as long starting
 * (loading cdktf and the provider's classes) as synthesizing this many stacks.
 */
export const FAN_OUT_THRESHOLD = 8;

/** What a worker is given: its share, where to synthesize it, where to report. */
export interface SynthTask {
  readonly environments: readonly EnvironmentSettings[];
  readonly outdir: string;
  readonly reportFile: string;
}

/** What a worker reports: every stack that failed validation, or the manifest entry of each stack it wrote. */
export interface SynthReport {
  readonly failures: readonly string[];
  readonly stacks: readonly StackManifest[];
  readonly manifestVersion: string;
}

/** An S3_AUDIT_TRAIL_SYNTH_WORKERS this module cannot act on. */
export class SynthSettingError extends Error {}

/**
 * How many worker processes synthesize `environments` environments: `S3_AUDIT_TRAIL_SYNTH_WORKERS`
 * when set (0 synthesizes in this process), else one per available core above the threshold.
 */
export function synthWorkerCount(environments: number, environ: NodeJS.ProcessEnv = process.env, cores: number = availableParallelism()): number {
  const setting = environ.S3_AUDIT_TRAIL_SYNTH_WORKERS;
  if (setting !== undefined && setting !== '') {
    if (!/^\d+$/.test(setting)) {
      throw new SynthSettingError(`S3_AUDIT_TRAIL_SYNTH_WORKERS=${setting} is not accepted; expected a whole number of worker processes (0 synthesizes in this process)`);
    }
    return Math.min(Number(setting), environments);
  }
  return environments > FAN_OUT_THRESHOLD && cores > 1 ? Math.min(cores, environments) : 0;
}

interface WorkerRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly report?: SynthReport;
}

export interface FanOutOptions {
  /** @default CDKTF_OUTDIR, else cdktf.out, as cdktf's App */
  readonly outdir?: string;
  /** @default synth-worker beside this file */
  readonly workerEntry?: string;
  readonly print?: { out(text: string): void; err(text: string): void };
}

/** Synthesizes `environments` in `workers` processes into the output folder; returns the exit code. */
export async function synthesizeInWorkers(environments: readonly EnvironmentSettings[], workers: number, options: FanOutOptions = {}): Promise<number> {
  const outdir = options.outdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  const print = options.print ?? { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };
  print.out(`Synthesizing ${environments.length} environments in ${workers} worker processes\n`);
  mkdirSync(outdir, { recursive: true });
  const parts = mkdtempSync(path.join(outdir, '.parts-'));
  try {
    const shares = contiguousShares(environments, workers);
    const runs = await Promise.all(
      shares.map((share, index) => runWorker(options.workerEntry ?? require.resolve('./synth-worker'), share, path.join(parts, String(index)))),
    );
    // In share order, so the output reads as a synth in one process prints it.
    for (const run of runs) {
      print.out(run.stdout);
      print.err(run.stderr);
    }
    const broken = runs.filter((run) => run.report === undefined);
    if (broken.length > 0) {
      const how = broken.map((run) => (run.signal ? `signal ${run.signal}` : `exit code ${run.code}`)).join(', ');
      print.err(`Synth failed: ${broken.length} of ${runs.length} synth workers stopped (${how}). Nothing was written.\n`);
      return 1;
    }
    const reports = runs.map((run) => run.report as SynthReport);
    const failures = reports.flatMap((report) => report.failures);
    if (failures.length > 0) {
      print.err(`${refusal(failures, environments.length)}\n`);
      return 1;
    }
    mergeShares(reports, parts, outdir);
    return 0;
  } finally {
    rmSync(parts, { recursive: true, force: true });
  }
}

/** Consecutive slices as even as they come, so the shares together keep the definition's order. */
function contiguousShares<T>(items: readonly T[], count: number): T[][] {
  const shares: T[][] = [];
  let start = 0;
  for (let index = 0; index < count; index++) {
    const size = Math.floor(items.length / count) + (index < items.length % count ? 1 : 0);
    shares.push(items.slice(start, start + size));
    start += size;
  }
  return shares;
}

function runWorker(entry: string, environments: readonly EnvironmentSettings[], outdir: string): Promise<WorkerRun> {
  mkdirSync(outdir, { recursive: true });
  const taskFile = path.join(outdir, '..', `${path.basename(outdir)}.task.json`);
  const reportFile = path.join(outdir, '..', `${path.basename(outdir)}.report.json`);
  const task: SynthTask = { environments, outdir, reportFile };
  writeFileSync(taskFile, JSON.stringify(task));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...workerFlags(process.execArgv), entry, taskFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const report = code === 0 && existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, 'utf8')) as SynthReport) : undefined;
      resolve({ code, signal, stdout, stderr, report });
    });
  });
}

/**
 * The node flags this process was started with, so that a worker loads the same way (run from
 * TypeScript sources, with the same hooks and limits), less any code to evaluate: a worker would
 * run it again, and a synth evaluated that way would start workers without end.
 */
export function workerFlags(execArgv: readonly string[]): string[] {
  const flags: string[] = [];
  for (let index = 0; index < execArgv.length; index++) {
    if (/^(-e|--eval|-p|--print|-pe)$/.test(execArgv[index])) index++;
    else if (!/^--(eval|print)=/.test(execArgv[index])) flags.push(execArgv[index]);
  }
  return flags;
}

/** Moves every share's stack folders into the output, and writes the one manifest listing them all. */
function mergeShares(reports: readonly SynthReport[], parts: string, outdir: string): void {
  const manifest = new Manifest(reports[0].manifestVersion, outdir, false);
  reports.forEach((report, index) => {
    const stacksDir = path.join(parts, String(index), Manifest.stacksFolder);
    for (const stack of report.stacks) {
      const from = path.join(stacksDir, stack.name);
      const to = path.join(outdir, stack.workingDirectory);
      mkdirSync(to, { recursive: true });
      // File by file, as cdktf writes them: whatever else a stack folder holds (.terraform) stays.
      for (const file of readdirSync(from)) renameSync(path.join(from, file), path.join(to, file));
      manifest.stacks[stack.name] = stack;
    }
  });
  manifest.writeToFile();
}
