/**
 * Slow tier: `npm run deploy:local` never leaves its emulator behind, whichever way it is stopped
 * through npm's process. npm passes SIGINT and SIGTERM only to its own child, so the script
 * `exec`s node (no shell in between to swallow them); a watchdog covers npm dying outright.
 * Every process a test starts shares one process group, killed after each test whatever happened.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_CONFIG_DIR } from '../../scripts/lib/terraform';
import { validEnvironment } from '../support/environments';

const ROOT = join(__dirname, '..', '..');
const LISTENING = /Emulator listening at http:\/\/127\.0\.0\.1:(\d+)/;

interface LiveProcess {
  readonly pid: number;
  readonly args: string;
}

/** Processes of a group that still run (a zombie has exited; nobody may reap it in a container). */
function liveProcessesOf(group: number): LiveProcess[] {
  let listing: string;
  try {
    listing = execFileSync('ps', ['-o', 'pid=,stat=,args=', '-g', String(group)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when the group is empty
  }
  return listing
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && !match[2].startsWith('Z'))
    .map((match) => ({ pid: Number(match[1]), args: match[3] }));
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls `check` until it holds; fails with `describe()` after `timeoutMs`. */
async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`still not so after ${timeoutMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `npm run deploy:local -- <env> --exit` in a process group of its own. */
class DeployLocalRun {
  readonly npm: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private text = '';

  constructor(envName: string, definition: string) {
    const { INIT_CWD: _startedFrom, ...environ } = process.env;
    this.npm = spawn('npm', ['run', 'deploy:local', '--', envName, '--exit'], {
      cwd: ROOT,
      env: { ...environ, S3_AUDIT_TRAIL_ENVIRONMENTS: definition, CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.npm.stdout?.on('data', (chunk) => (this.text += chunk));
    this.npm.stderr?.on('data', (chunk) => (this.text += chunk));
    this.exited = new Promise((resolve) => this.npm.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get group(): number {
    return this.npm.pid as number;
  }

  output(): string {
    return this.text;
  }

  async waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    await eventually(() => pattern.test(this.text), timeoutMs, () => `no ${pattern} in:\n${this.text}`);
    return pattern.exec(this.text) as RegExpExecArray;
  }

  /** The emulator this run started, by the port it printed. */
  async emulator(): Promise<{ port: number; pids: number[] }> {
    // Synth, then an emulator start that is allowed a minute on a loaded machine.
    const port = Number((await this.waitFor(LISTENING, 90_000))[1]);
    const pids = liveProcessesOf(this.group)
      .filter((proc) => proc.args.includes('moto_server.py') && proc.args.includes(`-p ${port}`))
      .map((proc) => proc.pid);
    return { port, pids };
  }

  killEverything(): void {
    if (liveProcessesOf(this.group).length > 0) process.kill(-this.group, 'SIGKILL');
  }
}

describe('npm run deploy:local stopped through npm', () => {
  let work: string;
  let definition: string;
  let run: DeployLocalRun | undefined;
  let envName: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'deploy-local-signals-'));
    definition = join(work, 'environments.json');
    const names = ['sigterm', 'sigint', 'npm-killed', 'mid-apply'];
    writeFileSync(definition, JSON.stringify(names.map((name) => validEnvironment({ name, namePrefix: `acme-${name}` }))));
  });
  afterEach(() => {
    run?.killEverything();
    run = undefined;
    rmSync(join(CLI_CONFIG_DIR, 'local', envName), { recursive: true, force: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const expectEmulatorGone = async (emulator: { port: number; pids: number[] }, timeoutMs: number) => {
    const live = () => liveProcessesOf((run as DeployLocalRun).group);
    await eventually(() => !live().some((proc) => emulator.pids.includes(proc.pid)), timeoutMs, () => JSON.stringify(live()));
    await eventually(async () => !(await acceptsConnections(emulator.port)), 5_000, () => `port ${emulator.port} still accepts connections`);
  };

  test.each([
    ['SIGTERM', 'sigterm', 143],
    ['SIGINT', 'sigint', 130],
  ] as const)(
    'GIVEN its emulator is up WHEN npm gets %s THEN the emulator stops, its port closes, and npm exits as the signal says',
    async (signal, name, exitCode) => {
      envName = name;
      run = new DeployLocalRun(name, definition);
      const emulator = await run.emulator();
      expect(emulator.pids).toHaveLength(1);

      process.kill(run.group, signal);

      await expectEmulatorGone(emulator, 30_000);
      expect(await run.exited).toEqual({ code: exitCode, signal: null });
      expect(run.output()).toContain('Emulator stopped.');
    },
    150_000,
  );

  test('GIVEN its emulator is up WHEN npm is killed outright THEN deploy:local sees its parent gone, stops the emulator and exits', async () => {
    envName = 'npm-killed';
    run = new DeployLocalRun(envName, definition);
    const emulator = await run.emulator();

    process.kill(run.group, 'SIGKILL');

    await expectEmulatorGone(emulator, 30_000);
    const group = run.group;
    await eventually(() => liveProcessesOf(group).length === 0, 30_000, () => JSON.stringify(liveProcessesOf(group)));
  }, 150_000);

  test('GIVEN Terraform is applying WHEN npm gets SIGTERM THEN Terraform winds down, and nothing of the run is left', async () => {
    envName = 'mid-apply';
    run = new DeployLocalRun(envName, definition);
    const emulator = await run.emulator();
    await run.waitFor(/Creation complete/, 120_000);

    process.kill(run.group, 'SIGTERM');

    await expectEmulatorGone(emulator, 45_000);
    const group = run.group;
    await eventually(() => liveProcessesOf(group).length === 0, 30_000, () => JSON.stringify(liveProcessesOf(group)));
    expect(await run.exited).toEqual({ code: 143, signal: null });
  }, 300_000);
});
