/**
 * `npm run bench:replay [-- <records> [<runs>]]`: how many CloudTrail records per second replay
 * evaluates on one core. Generates `records` records (default 200,000) of everyday traffic in
 * gzip-compressed log files of 2,000 records, as CloudTrail writes them, then times reading,
 * decompressing and evaluating every detection of the fixture environment over them, `runs` times
 * (default 5), and prints the median. Generating the files and synthesizing the stack are not timed.
 *
 * One core: on Linux the benchmark re-runs itself under `taskset -c 0`, with libuv's thread pool
 * (where zlib decompresses) cut to one thread, so decompression shares that core. It reports two
 * rates: per second of wall clock, which is the one-core figure on a quiet machine, and per second
 * of CPU time used by the process (all its threads), which stays the one-core figure when other
 * work competes for the core. A measurement, not a test: nothing here fails on a number.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ACCOUNT_ID, FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES, REGION } from '../__tests__/fixtures/cloudtrail/environment';
import { parseEnvironments } from '../stacks/load-environments';
import { cloudTrailLogFileName, writeCloudTrailLogFile } from './lib/replay/log-file-writer';
import { replayDetections } from './lib/replay/replay-detections';
import { replayLogFiles } from './lib/replay/run-replay';
import { sampleTraffic } from './lib/replay/sample-traffic';

const RECORDS_PER_FILE = 2_000;
const PINNED = 'BENCH_REPLAY_PINNED';

function pinToOneCore(): boolean {
  if (process.env[PINNED] !== undefined || process.platform !== 'linux') return process.env[PINNED] === 'taskset';
  const probe = spawnSync('taskset', ['-c', '0', 'true']);
  if (probe.error || probe.status !== 0) return false;
  const rerun = spawnSync('taskset', ['-c', '0', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [PINNED]: 'taskset', UV_THREADPOOL_SIZE: '1' },
  });
  process.exit(rerun.status ?? 1);
}

async function main(): Promise<void> {
  const pinned = pinToOneCore();
  const count = Number(process.argv[2] ?? 200_000);
  const runs = Number(process.argv[3] ?? 5);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(runs) || runs < 1) {
    throw new Error('usage: npm run bench:replay -- [<records, a whole number>] [<runs, a whole number>]');
  }

  const folder = mkdtempSync(path.join(tmpdir(), 'bench-replay-'));
  try {
    const start = Date.parse('2026-11-16T00:00:00Z');
    const week = 7 * 24 * 3600 * 1000;
    const records = sampleTraffic(count, start, week);
    const files: string[] = [];
    for (let first = 0; first < records.length; first += RECORDS_PER_FILE) {
      const time = Date.parse(String(records[first].eventTime));
      const name = cloudTrailLogFileName(ACCOUNT_ID, REGION, time, String(first).padStart(8, '0'));
      files.push(writeCloudTrailLogFile(path.join(folder, name), records.slice(first, first + RECORDS_PER_FILE)));
    }
    const [environment] = parseEnvironments([FIXTURE_ENVIRONMENT]);
    const detections = replayDetections(environment, FIXTURE_REFERENCES.aws_kms_key);

    const wallRates: number[] = [];
    const cpuRates: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const started = process.hrtime.bigint();
      const cpuBefore = process.cpuUsage();
      const result = await replayLogFiles(files, detections);
      const cpu = process.cpuUsage(cpuBefore);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (result.records !== count) throw new Error(`replay read ${result.records} of ${count} records`);
      wallRates.push(count / seconds);
      cpuRates.push(count / ((cpu.user + cpu.system) / 1e6));
    }
    const median = (rates: number[]) => [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)];
    const perSecond = (rate: number) => Math.round(rate).toLocaleString('en-US');
    console.log(`${count.toLocaleString('en-US')} records in ${files.length} gzip files, ${detections.length} detections, ${runs} runs`);
    console.log(`wall clock: ${wallRates.map(perSecond).join(', ')} records/s`);
    console.log(`CPU time:   ${cpuRates.map(perSecond).join(', ')} records/s`);
    console.log(
      `median: ${perSecond(median(wallRates))} records/s wall clock, ${perSecond(median(cpuRates))} records per CPU-second, ` +
        (pinned ? 'on one core (taskset -c 0, UV_THREADPOOL_SIZE=1)' : '(not pinned to one core)'),
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
