/**
 * A synth worker process: `node synth-worker.js <task.json>`. Synthesizes the share of environments
 * the task names, already validated with the whole definition by the process that started it, into
 * the task's folder, and writes what that process needs to merge the shares (or to refuse them) to
 * the task's report file. Stacks are built and synthesized a batch at a time, so a worker's memory
 * stays that of one batch however large its share.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { App, StackManifest } from 'cdktf';
import { environmentStacks } from './environment-stacks';
import type { SynthTask, SynthReport } from './synth-workers';
import { synthesizeIfValid } from './synthesize-app';

const BATCH_SIZE = 10;

const task = JSON.parse(readFileSync(process.argv[2], 'utf8')) as SynthTask;
const failures: string[] = [];
const stacks: StackManifest[] = [];
let manifestVersion = '';
for (let start = 0; start < task.environments.length; start += BATCH_SIZE) {
  const app = new App({ outdir: task.outdir });
  const batch = task.environments.slice(start, start + BATCH_SIZE).flatMap((env) => environmentStacks(app, env));
  failures.push(...synthesizeIfValid(app, batch));
  stacks.push(...Object.values(app.manifest.stacks));
  manifestVersion = app.manifest.version;
}
const report: SynthReport = { failures, stacks, manifestVersion };
writeFileSync(task.reportFile, JSON.stringify(report));
