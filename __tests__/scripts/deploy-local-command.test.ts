/**
 * `npm run deploy:local` refuses what it cannot do before it starts anything: each case here ends
 * before the emulator would start, so no emulator or Terraform is spawned.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validEnvironment } from '../support/environments';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'deploy-local.ts');
/**
 * A node start with the TypeScript hook takes about a second, much longer beside a busy test run:
 * beside the Terraform tier on two cores, half a minute was seen not to be enough.
 */
const RUN_TIMEOUT_MS = 90_000;
/** Longer than a run may take, so a slow run fails on its own timeout with its output, not jest's. */
const TEST_TIMEOUT_MS = RUN_TIMEOUT_MS + 10_000;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** This process's environment without the settings a test run may have inherited from npm or the user. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const { S3_AUDIT_TRAIL_ENVIRONMENTS: _definition, INIT_CWD: _startedFrom, ...rest } = process.env;
  return rest;
}

function deployLocal(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', SCRIPT, ...args], {
      cwd: ROOT,
      env: { ...cleanEnvironment(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: RUN_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run deploy:local, before it starts the emulator', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'deploy-local-'));
    writeFileSync(join(work, 'mine.json'), JSON.stringify([validEnvironment({ name: 'alpha' }), validEnvironment({ name: 'beta', namePrefix: 'other' })]));
    writeFileSync(join(work, 'broken.json'), JSON.stringify([validEnvironment({ accountId: '12345' })]));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test.concurrent('GIVEN a mistyped flag (--exti) WHEN run THEN it prints the usage, exits 2 and starts nothing', async () => {
    const run = await deployLocal(['--exti']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--exti'");
    expect(run.stderr).toContain('usage: npm run deploy:local');
    expect(run.stdout).not.toContain('Starting the AWS emulator');
  }, TEST_TIMEOUT_MS);

  test.concurrent('GIVEN two environments WHEN run THEN it prints the usage and exits 2', async () => {
    const run = await deployLocal(['dev', 'prod']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('one environment at a time; also given: prod');
    expect(run.stderr).toContain('usage: npm run deploy:local');
  }, TEST_TIMEOUT_MS);

  test.concurrent('GIVEN --help WHEN run THEN it explains the arguments and exits 0', async () => {
    const run = await deployLocal(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: npm run deploy:local');
    expect(run.stdout).toMatch(/--exit\s+stop the emulator as soon as the deploy is done/);
    expect(run.stdout).not.toContain('Starting the AWS emulator');
  }, TEST_TIMEOUT_MS);

  test.concurrent(
    'GIVEN S3_AUDIT_TRAIL_ENVIRONMENTS relative to where npm was started WHEN an environment it lacks is asked for THEN it names the ones it defines',
    async () => {
      const run = await deployLocal(['dev'], { S3_AUDIT_TRAIL_ENVIRONMENTS: 'mine.json', INIT_CWD: work });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('No environment "dev"; defined: alpha, beta');
      expect(run.stdout).not.toContain('Starting the AWS emulator');
    },
    TEST_TIMEOUT_MS,
  );

  test.concurrent('GIVEN an invalid definition WHEN run THEN it lists the problems as synth would and exits 1', async () => {
    const run = await deployLocal(['test'], { S3_AUDIT_TRAIL_ENVIRONMENTS: join(work, 'broken.json') });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Invalid environments definition (1 problem)');
    expect(run.stderr).toContain('environment "test", field accountId: "12345" is not a 12-digit AWS account id');
    expect(run.stdout).not.toContain('Starting the AWS emulator');
  }, TEST_TIMEOUT_MS);
});
