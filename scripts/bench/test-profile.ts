/**
 * `npm run bench:tests [-- --runs <n>] [--only typecheck,unit,full] [--top <k>]`: where the test
 * suite's time goes, on this machine. A measurement, not a test: run it on a quiet machine.
 *
 * Each run times, one after the other: the type check (`npm run typecheck`), the unit tier alone
 * (`npm run test:unit`) and the whole suite (`npm test`), each with its wall clock and the CPU time
 * of every process it started (user + system, from /usr/bin/time), so CPU ÷ wall says whether a
 * phase computes (near the core count) or waits (near zero). Jest's own report gives each file's
 * wall time. Prints the median of each over the runs, and the files that take longest.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../lib/project-root';

const PHASES = {
  typecheck: { label: 'npm run typecheck', args: ['run', 'typecheck'], jest: false },
  unit: { label: 'npm run test:unit', args: ['run', 'test:unit', '--', '--json', '--outputFile=RESULTS'], jest: true },
  full: { label: 'npm test', args: ['test', '--', '--json', '--outputFile=RESULTS'], jest: true },
} as const;
type Phase = keyof typeof PHASES;

interface JestReport {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  testResults: { name: string; startTime: number; endTime: number; assertionResults: { fullName: string; status: string }[] }[];
}

interface PhaseRun {
  readonly wall: number;
  readonly cpu: number;
  readonly code: number | null;
  readonly tests?: { total: number; failed: number };
  /** Seconds per test file, by path below the project. */
  readonly files: Map<string, number>;
  /** `<file>: <test>` of each failed test. */
  readonly failures: string[];
}

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    only: { type: 'string', default: 'typecheck,unit,full' },
    top: { type: 'string', default: '15' },
  },
});
const runs = Number(values.runs);
const top = Number(values.top);
const phases = values.only.split(',') as Phase[];
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: expected a whole number, at least 1`);
const unknown = phases.filter((phase) => !(phase in PHASES));
if (unknown.length > 0) throw new Error(`--only ${unknown.join(',')}: expected some of ${Object.keys(PHASES).join(', ')}`);

const scratch = mkdtempSync(path.join(tmpdir(), 'test-profile-'));
const env = { ...process.env, CHECKPOINT_DISABLE: '1', FORCE_COLOR: '0' };

function runPhase(phase: Phase, index: number): PhaseRun {
  const results = path.join(scratch, `${phase}-${index}.json`);
  const timing = path.join(scratch, `${phase}-${index}.time`);
  const args = PHASES[phase].args.map((arg) => arg.replace('RESULTS', results));
  // GNU time reports the rusage of every descendant the command waited for: the whole tree's CPU.
  const child = spawnSync('/usr/bin/time', ['-f', '%e %U %S', '-o', timing, 'npm', ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const [wall, user, system] = readFileSync(timing, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  const files = new Map<string, number>();
  const failures: string[] = [];
  let tests: PhaseRun['tests'];
  if (PHASES[phase].jest) {
    const report = JSON.parse(readFileSync(results, 'utf8')) as JestReport;
    tests = { total: report.numTotalTests, failed: report.numFailedTests };
    for (const result of report.testResults) {
      files.set(path.relative(PROJECT_ROOT, result.name), (result.endTime - result.startTime) / 1000);
      for (const assertion of result.assertionResults.filter((a) => a.status === 'failed')) failures.push(`${path.relative(PROJECT_ROOT, result.name)}: ${assertion.fullName}`);
    }
  }
  return { wall, cpu: user + system, code: child.status, tests, files, failures };
}

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const seconds = (value: number) => `${value.toFixed(1)} s`;

const measured = new Map<Phase, PhaseRun[]>(phases.map((phase) => [phase, []]));
try {
  for (let index = 0; index < runs; index += 1) {
    for (const phase of phases) {
      const run = runPhase(phase, index);
      measured.get(phase)!.push(run);
      const status = run.code === 0 ? 'passed' : `exit ${run.code}`;
      const count = run.tests ? `, ${run.tests.total} tests, ${run.tests.failed} failed` : '';
      console.error(`run ${index + 1}/${runs} ${PHASES[phase].label}: ${seconds(run.wall)} wall, ${seconds(run.cpu)} CPU (${status}${count})`);
      for (const failure of run.failures) console.error(`  failed: ${failure}`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

console.log(`\nMedians of ${runs} run(s) on ${availableParallelism()} cores (CPU ÷ wall: ${availableParallelism()} is every core busy, 0 is waiting)\n`);
console.log('| Phase | Wall | CPU | CPU ÷ wall | Tests |');
console.log('| --- | --- | --- | --- | --- |');
for (const [phase, phaseRuns] of measured) {
  const wall = median(phaseRuns.map((run) => run.wall));
  const cpu = median(phaseRuns.map((run) => run.cpu));
  const tests = phaseRuns[0].tests ? String(median(phaseRuns.map((run) => run.tests!.total))) : '—';
  console.log(`| ${PHASES[phase].label} | ${seconds(wall)} | ${seconds(cpu)} | ${(cpu / wall).toFixed(2)} | ${tests} |`);
}

for (const [phase, phaseRuns] of measured) {
  if (!PHASES[phase].jest) continue;
  const names = new Set(phaseRuns.flatMap((run) => [...run.files.keys()]));
  const perFile = [...names].map((name) => [name, median(phaseRuns.map((run) => run.files.get(name) ?? 0))] as const).sort((a, b) => b[1] - a[1]);
  const total = perFile.reduce((sum, [, time]) => sum + time, 0);
  console.log(`\n${PHASES[phase].label}: ${perFile.length} files, ${seconds(total)} of file time in all; the ${Math.min(top, perFile.length)} longest (median wall per file)\n`);
  for (const [name, time] of perFile.slice(0, top)) console.log(`  ${seconds(time).padStart(8)}  ${name}`);
}
if ([...measured.values()].some((phaseRuns) => phaseRuns.some((run) => run.code !== 0))) process.exitCode = 1;
