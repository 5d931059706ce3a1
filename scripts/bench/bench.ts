/**
 * `npm run bench [-- --runs <n>]`: how fast synth is, side by side, on this machine. A measurement,
 * not a test: CI does not run it (shared machines are noisy), but it exits non-zero when a budget is
 * missed, naming it.
 *
 * For the shipped environments, alternating run by run: (a) `npm run synth` (scripts/synth.sh, what
 * the npm script runs), (b) the stock cdktf setup (stock-app/: `cdktf synth` of a ts-node app importing
 * the provider from its package root, building the same stacks) and (c) the floor, a node process that
 * only writes the same files. Then (a) at scale: generated definitions of 10, 100 and 500
 * environments. Prints medians, min–max, peak memory across all processes, the ratios and the growth.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../lib/project-root';
import { generateEnvironments } from './generate-environments';
import { Command, measure, Measurement } from './measure';

const BUDGETS = {
  shippedSeconds: 0.8,
  speedupOverStock: 8,
  hundredSeconds: 6,
  hundredPeakMiB: 500,
  fiveHundredOverHundred: 5.5,
};
const SCALE = [10, 100, 500] as const;
/** 500 environments take long enough that fewer runs keep the bench within minutes. */
const SCALE_RUNS_CAP: Record<number, number> = { 500: 3 };
const MiB = 1024 * 1024;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: expected a whole number, at least 1`);

const scratch = mkdtempSync(path.join(tmpdir(), 'bench-'));
const { S3_AUDIT_TRAIL_ENVIRONMENTS: _definition, S3_AUDIT_TRAIL_SYNTH_WORKERS: _workers, INIT_CWD: _from, ...environ } = process.env;
const env = { ...environ, CHECKPOINT_DISABLE: '1' };

/** (c): node doing nothing but write the files, from one JSON of { relative path: text }. */
const FLOOR_PROGRAM = [
  "const fs = require('fs'), path = require('path');",
  "const files = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));",
  'for (const [file, text] of Object.entries(files)) {',
  '  const target = path.join(process.argv[2], file);',
  '  fs.mkdirSync(path.dirname(target), { recursive: true });',
  '  fs.writeFileSync(target, text);',
  '}',
].join('\n');

const ours = (outdir: string, definition?: string): Command => ({
  command: 'bash',
  args: [path.join(PROJECT_ROOT, 'scripts', 'synth.sh')],
  cwd: PROJECT_ROOT,
  env: { ...env, S3_AUDIT_TRAIL_OUTDIR: outdir, ...(definition && { S3_AUDIT_TRAIL_ENVIRONMENTS: definition }) },
});
const stock = (outdir: string): Command => ({
  command: 'npx',
  args: ['cdktf', 'synth', '--output', outdir],
  cwd: path.join(__dirname, 'stock-app'),
  env,
});
const floor = (bundle: string, outdir: string): Command => ({ command: 'node', args: ['-e', FLOOR_PROGRAM, bundle, outdir], cwd: scratch, env });

/** Every file below `dir`, by path relative to it. */
function filesBelow(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(path.join(dir, prefix)).sort()) {
    const relative = path.join(prefix, name);
    if (statSync(path.join(dir, relative)).isDirectory()) Object.assign(files, filesBelow(dir, relative));
    else files[relative] = readFileSync(path.join(dir, relative), 'utf8');
  }
  return files;
}

async function run(name: string, command: Command, outdir: string): Promise<Measurement> {
  rmSync(outdir, { recursive: true, force: true });
  const measured = await measure(command);
  if (measured.code !== 0) throw new Error(`${name} failed (exit code ${measured.code}):\n${measured.output}`);
  return measured;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const seconds = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} s`;
const spread = (samples: readonly Measurement[]) => {
  const times = samples.map((sample) => sample.seconds);
  return `${seconds(Math.min(...times))} – ${seconds(Math.max(...times))}`;
};
const peak = (samples: readonly Measurement[]) => Math.max(...samples.map((sample) => sample.peakBytes)) / MiB;
const row = (cells: readonly string[], widths: readonly number[]) => cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[index]))).join('  ');

async function main(): Promise<number> {
  const build = await measure({ command: 'bash', args: [path.join(PROJECT_ROOT, 'scripts', 'build.sh')], cwd: PROJECT_ROOT, env });
  if (build.code !== 0) throw new Error(`the build failed:\n${build.output}`);

  const outs = { a: path.join(scratch, 'a'), b: path.join(scratch, 'b'), c: path.join(scratch, 'c') };
  // Untimed first runs: they fill the file cache, and give the files to compare and to copy.
  await run('(a)', ours(outs.a), outs.a);
  await run('(b)', stock(outs.b), outs.b);
  const written = filesBelow(outs.a);
  if (JSON.stringify(filesBelow(outs.b)) !== JSON.stringify(written)) {
    throw new Error(`(a) and (b) wrote different files (compare ${outs.a} with ${outs.b}): they are not doing the same work`);
  }
  const bundle = path.join(scratch, 'floor-files.json');
  writeFileSync(bundle, JSON.stringify(written));
  await run('(c)', floor(bundle, outs.c), outs.c);

  const shipped: Record<'a' | 'b' | 'c', Measurement[]> = { a: [], b: [], c: [] };
  for (let index = 0; index < runs; index++) {
    // Each contender takes each position in turn, so none always runs after the same neighbour.
    const order = (['a', 'b', 'c'] as const).map((_, offset, all) => all[(index + offset) % all.length]);
    for (const which of order) {
      const command = which === 'a' ? ours(outs.a) : which === 'b' ? stock(outs.b) : floor(bundle, outs.c);
      shipped[which].push(await run(`(${which})`, command, outs[which]));
    }
  }

  const definitions = Object.fromEntries(
    SCALE.map((count) => {
      const file = path.join(scratch, `environments-${count}.json`);
      writeFileSync(file, JSON.stringify(generateEnvironments(count)));
      return [count, file];
    }),
  );
  const scale: Record<number, Measurement[]> = Object.fromEntries(SCALE.map((count) => [count, []]));
  const scaleOut = path.join(scratch, 'scale');
  for (let index = 0; index < runs; index++) {
    for (const count of SCALE) {
      if (index >= (SCALE_RUNS_CAP[count] ?? runs)) continue;
      scale[count].push(await run(`(a) at ${count} environments`, ours(scaleOut, definitions[count]), scaleOut));
      const stacks = readdirSync(path.join(scaleOut, 'stacks')).length;
      if (stacks !== count) throw new Error(`(a) at ${count} environments wrote ${stacks} stacks`);
    }
  }

  const [a, b, c] = (['a', 'b', 'c'] as const).map((which) => median(shipped[which].map((sample) => sample.seconds)));
  const widths = [44, 9, 17, 12];
  const lines = [
    `npm run bench: ${availableParallelism()} cores, node ${process.version}, ${runs} runs each (alternating), build up to date`,
    '',
    row(['shipped environments (3)', 'median', 'min – max', 'peak memory'], widths),
    row(['(a) npm run synth', seconds(a), spread(shipped.a), `${peak(shipped.a).toFixed(0)} MiB`], widths),
    row(['(b) stock: cdktf synth, ts-node, package root', seconds(b), spread(shipped.b), `${peak(shipped.b).toFixed(0)} MiB`], widths),
    row(['(c) floor: node writing the same files', seconds(c), spread(shipped.c), `${peak(shipped.c).toFixed(0)} MiB`], widths),
    `a/b = ${(a / b).toFixed(3)} ((b) takes ${(b / a).toFixed(1)}x as long)   a/c = ${(a / c).toFixed(1)}`,
    '',
    row(['(a) at scale, generated environments', 'median', 'min – max', 'peak memory', 'growth'], [...widths, 22]),
  ];
  SCALE.forEach((count, index) => {
    const time = median(scale[count].map((sample) => sample.seconds));
    let growth = '';
    if (index > 0) {
      const previous = SCALE[index - 1];
      const factor = time / median(scale[previous].map((sample) => sample.seconds));
      const perTenfold = factor ** (1 / Math.log10(count / previous));
      growth = count / previous === 10 ? `${factor.toFixed(1)}x per 10x` : `${factor.toFixed(1)}x for ${count / previous}x (${perTenfold.toFixed(1)}x per 10x)`;
    }
    const runsNote = scale[count].length === runs ? '' : ` (${scale[count].length} runs)`;
    lines.push(row([`${count} environments${runsNote}`, seconds(time), spread(scale[count]), `${peak(scale[count]).toFixed(0)} MiB`, growth], [...widths, 22]));
  });

  const hundred = median(scale[100].map((sample) => sample.seconds));
  const fiveHundred = median(scale[500].map((sample) => sample.seconds));
  const checks: [string, boolean, string][] = [
    [`3 shipped environments in <= ${BUDGETS.shippedSeconds} s`, a <= BUDGETS.shippedSeconds, seconds(a)],
    [`>= ${BUDGETS.speedupOverStock}x faster than (b)`, b / a >= BUDGETS.speedupOverStock, `${(b / a).toFixed(1)}x`],
    [`100 environments in <= ${BUDGETS.hundredSeconds} s`, hundred <= BUDGETS.hundredSeconds, seconds(hundred)],
    [`100 environments under ${BUDGETS.hundredPeakMiB} MiB`, peak(scale[100]) < BUDGETS.hundredPeakMiB, `${peak(scale[100]).toFixed(0)} MiB`],
    [`500 environments in <= ${BUDGETS.fiveHundredOverHundred}x the time of 100`, fiveHundred / hundred <= BUDGETS.fiveHundredOverHundred, `${(fiveHundred / hundred).toFixed(2)}x`],
  ];
  lines.push('', 'budgets (medians):', ...checks.map(([what, met, measured]) => `  ${met ? 'met   ' : 'MISSED'}  ${what}: ${measured}`));
  lines.push('', 'peak memory: the largest total resident memory of the command and all it starts, sampled every 10 ms');
  console.log(lines.join('\n'));
  return checks.every(([, met]) => met) ? 0 : 1;
}

main()
  .then((code) => (process.exitCode = code))
  .catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 2;
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }));
