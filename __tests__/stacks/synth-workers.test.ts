import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEnvironments } from '../../stacks/load-environments';
import { FAN_OUT_THRESHOLD, SynthSettingError, synthesizeInWorkers, synthWorkerCount, workerFlags } from '../../stacks/synth-workers';
import type { EnvironmentInput } from '../../stacks/environment-schema';
import { PROJECT_ROOT } from '../../scripts/lib/project-root';
import { validEnvironment } from '../support/environments';

/** Five environments in one account: unique names and prefixes, as validation demands. */
const FIVE: EnvironmentInput[] = ['one', 'two', 'three', 'four', 'five'].map((name) => validEnvironment({ name, namePrefix: `acme-${name}` }));

function synth(work: string, outdir: string, environments: unknown, workers: string) {
  const definition = path.join(work, 'environments.json');
  writeFileSync(definition, JSON.stringify(environments));
  const { INIT_CWD: _startedFrom, ...environ } = process.env;
  return spawnSync('bash', [path.join(PROJECT_ROOT, 'scripts', 'synth.sh')], {
    encoding: 'utf8',
    env: { ...environ, S3_AUDIT_TRAIL_ENVIRONMENTS: definition, S3_AUDIT_TRAIL_OUTDIR: outdir, S3_AUDIT_TRAIL_SYNTH_WORKERS: workers },
    timeout: 60_000,
  });
}

/** Every file below `dir` with its bytes, by relative path. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(path.join(dir, prefix)).sort()) {
    const relative = path.join(prefix, name);
    if (statSync(path.join(dir, relative)).isDirectory()) Object.assign(files, tree(dir, relative));
    else files[relative] = readFileSync(path.join(dir, relative)).toString('base64');
  }
  return files;
}

describe('how many synth workers', () => {
  test.each([
    [FAN_OUT_THRESHOLD, 2, 0],
    [FAN_OUT_THRESHOLD + 1, 2, 2],
    [100, 4, 4],
    [FAN_OUT_THRESHOLD + 3, 16, FAN_OUT_THRESHOLD + 3],
    [100, 1, 0],
  ])('GIVEN %i environments and %i cores THEN %i workers (0: in the synth process)', (environments, cores, workers) => {
    expect(synthWorkerCount(environments, {}, cores)).toBe(workers);
  });

  test('GIVEN S3_AUDIT_TRAIL_SYNTH_WORKERS THEN it decides, never more workers than environments', () => {
    expect(synthWorkerCount(100, { S3_AUDIT_TRAIL_SYNTH_WORKERS: '0' }, 8)).toBe(0);
    expect(synthWorkerCount(3, { S3_AUDIT_TRAIL_SYNTH_WORKERS: '2' }, 1)).toBe(2);
    expect(synthWorkerCount(3, { S3_AUDIT_TRAIL_SYNTH_WORKERS: '7' }, 8)).toBe(3);
  });

  test('GIVEN S3_AUDIT_TRAIL_SYNTH_WORKERS that is not a whole number THEN it is refused, saying what is accepted', () => {
    expect(() => synthWorkerCount(3, { S3_AUDIT_TRAIL_SYNTH_WORKERS: 'two' }, 2)).toThrow(SynthSettingError);
    expect(() => synthWorkerCount(3, { S3_AUDIT_TRAIL_SYNTH_WORKERS: '-1' }, 2)).toThrow(
      'S3_AUDIT_TRAIL_SYNTH_WORKERS=-1 is not accepted; expected a whole number of worker processes (0 synthesizes in this process)',
    );
  });
});

test('GIVEN synth started with code to evaluate WHEN workers start THEN they get its other node flags, not the code', () => {
  const flags = ['-r', '@swc-node/register', '--max-old-space-size=4096', '-e', 'require("./main")', '--eval=x', '-p', 'y', '--cpu-prof'];
  expect(workerFlags(flags)).toEqual(['-r', '@swc-node/register', '--max-old-space-size=4096', '--cpu-prof']);
});

describe('npm run synth in worker processes', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'synth-workers-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  test('GIVEN environments shared out to workers WHEN synthesized THEN the output is byte for byte that of one process', () => {
    const serial = synth(work, path.join(work, 'serial'), FIVE, '0');
    const parallel = synth(work, path.join(work, 'parallel'), FIVE, '2');
    expect(serial.status).toBe(0);
    expect(parallel.status).toBe(0);
    expect(parallel.stdout).toContain('Synthesizing 5 environments in 2 worker processes');
    expect(serial.stdout).not.toContain('worker processes');
    // The suppressions in force, printed in the definition's order however the work was shared.
    expect(parallel.stderr).toBe(serial.stderr);
    const written = tree(path.join(work, 'parallel'));
    expect(Object.keys(written).filter((file) => file.endsWith('cdk.tf.json'))).toHaveLength(5);
    expect(written).toEqual(tree(path.join(work, 'serial')));
  });

  test('GIVEN one stack in the last worker share failing the compliance pack THEN synth names it, writes nothing and keeps the previous output', () => {
    const outdir = path.join(work, 'cdktf.out');
    mkdirSync(path.join(outdir, 'stacks', 'previous'), { recursive: true });
    writeFileSync(path.join(outdir, 'stacks', 'previous', 'cdk.tf.json'), '{}');
    const broken = FIVE.map((env) => (env.name === 'five' ? { ...env, logRetentionDays: 30 } : env));

    const result = synth(work, outdir, broken, '2');

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Synth refused: 1 of 5 stacks fail the compliance pack or other validations. Nothing was written.');
    expect(result.stderr).toContain('[five/Compliance] [log-group-retention]');
    expect(tree(outdir)).toEqual({ [path.join('stacks', 'previous', 'cdk.tf.json')]: Buffer.from('{}').toString('base64') });
    expect(readdirSync(work).sort()).toEqual(['cdktf.out', 'environments.json']);
  });

  test('GIVEN environments that clash with each other THEN the definition is refused before any worker starts', () => {
    const clashing = [...FIVE, validEnvironment({ name: 'one', namePrefix: 'acme-six' })];
    const result = synth(work, path.join(work, 'cdktf.out'), clashing, '2');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('environment "one", field name: "one" is defined more than once');
    expect(result.stdout).not.toContain('worker processes');
    expect(existsSync(path.join(work, 'cdktf.out'))).toBe(false);
  });

  test('GIVEN a worker that stops before it reports WHEN the others succeed THEN synth fails saying so, and writes nothing', async () => {
    // A stand-in worker: the second share's stops with code 3, the first reports an empty share.
    const worker = path.join(work, 'worker.js');
    writeFileSync(
      worker,
      [
        "const fs = require('fs');",
        "const task = JSON.parse(fs.readFileSync(process.argv[process.argv.length - 1], 'utf8'));",
        "if (task.outdir.endsWith('1')) process.exit(3);",
        "fs.writeFileSync(task.reportFile, JSON.stringify({ failures: [], stacks: [], manifestVersion: '0.21.0' }));",
      ].join('\n'),
    );
    const outdir = path.join(work, 'cdktf.out');
    const printed: string[] = [];
    const print = { out: (text: string) => printed.push(text), err: (text: string) => printed.push(text) };

    const code = await synthesizeInWorkers(parseEnvironments(FIVE.slice(0, 2)), 2, { outdir, workerEntry: worker, print });

    expect(code).toBe(1);
    expect(printed.join('')).toContain('Synth failed: 1 of 2 synth workers stopped (exit code 3). Nothing was written.');
    expect(readdirSync(outdir)).toEqual([]);
  });
});
