/**
 * `npm run bench:synth [-- <runs>]`: how long synthesizing every environment takes with the
 * project's `npm run synth` (swc-transpiled app, atomic swap) against the baseline most cdktf
 * projects use (`cdktf synth` running the app through ts-node), run alternately on this machine.
 * Prints each median and the ratio. A measurement, not a test: nothing here fails on a number.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './lib/project-root';

interface Contender {
  readonly name: string;
  readonly command: string[];
  readonly env: NodeJS.ProcessEnv;
}

const runs = Number(process.argv[2] ?? 5);
const scratch = mkdtempSync(path.join(tmpdir(), 'bench-synth-'));
const env = { ...process.env, CHECKPOINT_DISABLE: '1' };
const contenders: Contender[] = [
  { name: 'npm run synth (this project)', command: ['bash', 'scripts/synth.sh'], env: { ...env, S3_AUDIT_TRAIL_OUTDIR: path.join(scratch, 'ours') } },
  {
    name: 'cdktf synth + ts-node (baseline)',
    command: ['npx', 'cdktf', 'synth', '--app', 'npx ts-node main.ts', '--output', path.join(scratch, 'baseline')],
    env,
  },
];

const seconds: number[][] = contenders.map(() => []);
for (let run = 0; run < runs; run++) {
  contenders.forEach((contender, index) => {
    const started = process.hrtime.bigint();
    const result = spawnSync(contender.command[0], contender.command.slice(1), { cwd: PROJECT_ROOT, env: contender.env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${contender.name} failed:\n${result.stderr}`);
    seconds[index].push(Number(process.hrtime.bigint() - started) / 1e9);
  });
}
rmSync(scratch, { recursive: true, force: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const [ours, baseline] = seconds.map(median);
console.log(`runs: ${runs} each, alternating`);
contenders.forEach((contender, index) => console.log(`${contender.name.padEnd(34)} median ${median(seconds[index]).toFixed(2)} s`));
console.log(`ratio baseline / ours: ${(baseline / ours).toFixed(1)}x`);
