/**
 * Slow tier: `npm run deploy:local` never leaves its emulator or Terraform behind, whichever way it
 * is stopped: through npm's process alone (npm passes SIGINT and SIGTERM only to its own child, so
 * the script `exec`s node), through the whole process group as a terminal's Ctrl-C does (Terraform
 * and the emulator run in groups of their own, so Terraform hears one interrupt, from deploy:local,
 * and winds down while the emulator still answers), or npm dying outright (a watchdog). Every
 * process a test starts is killed after each test whatever happened.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** Live processes `ps` lists with `selection` (a zombie has exited; nobody may reap it in a container). */
function liveProcesses(selection: readonly string[]): LiveProcess[] {
  let listing: string;
  try {
    listing = execFileSync('ps', ['-o', 'pid=,stat=,args=', ...selection], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when it selects nothing
  }
  return listing
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && !match[2].startsWith('Z'))
    .map((match) => ({ pid: Number(match[1]), args: match[3] }));
}

const liveProcessesOf = (group: number) => liveProcesses(['-g', String(group)]);

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
  /** Processes the run started in groups of their own (emulator, Terraform), once seen. */
  private readonly started: number[] = [];

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

  /** The emulator this run started, by the port it printed (it runs in a process group of its own). */
  async emulator(): Promise<{ port: number; pids: number[] }> {
    // Synth, then an emulator start that is allowed a minute on a loaded machine.
    const port = Number((await this.waitFor(LISTENING, 90_000))[1]);
    const pids = liveProcesses(['-e'])
      .filter((proc) => proc.args.includes('moto_server.py') && proc.args.includes(`-p ${port}`))
      .map((proc) => proc.pid);
    this.started.push(...pids);
    return { port, pids };
  }

  /** The Terraform process working on this run's stack; it leads a process group of its own. */
  terraform(stackDir: string): number[] {
    const pids = liveProcesses(['-e']).filter((proc) => /(^|\/)terraform /.test(proc.args) && proc.args.includes(`-chdir=${stackDir}`)).map((proc) => proc.pid);
    this.started.push(...pids);
    return pids;
  }

  /** Every process of the run, in npm's group and in the groups of its own it started. */
  live(): LiveProcess[] {
    return [this.group, ...this.started].flatMap((group) => liveProcessesOf(group));
  }

  killEverything(): void {
    for (const group of [this.group, ...this.started]) {
      if (liveProcessesOf(group).length > 0) process.kill(-group, 'SIGKILL');
    }
    for (const pid of this.started) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
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
    const names = ['sigterm', 'sigint', 'npm-killed', 'mid-apply', 'group-init', 'group-plan', 'group-apply', 'group-term'];
    writeFileSync(definition, JSON.stringify(names.map((name) => validEnvironment({ name, namePrefix: `acme-${name}` }))));
  });
  afterEach(() => {
    run?.killEverything();
    run = undefined;
    rmSync(join(CLI_CONFIG_DIR, 'local', envName), { recursive: true, force: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const expectEmulatorGone = async (emulator: { port: number; pids: number[] }, timeoutMs: number) => {
    const live = () => (run as DeployLocalRun).live();
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

  // Ctrl-C in a terminal: SIGINT to every process of the foreground group, npm and node at once
  // (and SIGTERM to the group, as a process supervisor may send).
  test.each([
    ['terraform init', 'SIGINT', 'group-init', /Initializing (the backend|provider plugins)/, 130],
    ['terraform planning', 'SIGINT', 'group-plan', /: Reading\.\.\./, 130],
    ['terraform applying', 'SIGINT', 'group-apply', /: Creating\.\.\./, 130],
    ['terraform applying', 'SIGTERM', 'group-term', /: Creating\.\.\./, 143],
  ] as const)(
    'GIVEN %s WHEN the whole process group gets %s THEN Terraform hears one interrupt and winds down, the state is whole, and nothing of the run is left',
    async (_phase, signal, name, phase, exitCode) => {
      envName = name;
      run = new DeployLocalRun(name, definition);
      const emulator = await run.emulator();
      await run.waitFor(phase, 150_000);
      const workDir = join(CLI_CONFIG_DIR, 'local', name);
      const terraform = run.terraform(join(workDir, 'cdktf.out', 'stacks', name));
      expect(terraform).toHaveLength(1);

      process.kill(-run.group, signal);

      expect(await run.exited).toEqual({ code: exitCode, signal: null });
      expect(run.output()).not.toContain('Two interrupts received');
      expect(run.output()).toContain(`Stopped (${signal}) before ${name} was deployed.`);
      expect(run.output()).toContain('Emulator stopped.');
      await expectEmulatorGone(emulator, 30_000);
      // Terraform, and the provider plugins in its group, have exited.
      await eventually(() => run!.live().length === 0, 30_000, () => JSON.stringify(run!.live()));
      // The state Terraform wrote on its way out is whole and unlocked (before apply there may be none).
      const state = join(workDir, `terraform.${name}.tfstate`);
      if (phase.source.includes('Creating')) expect(existsSync(state)).toBe(true);
      if (existsSync(state)) expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ version: 4, resources: expect.any(Array) });
      expect(existsSync(join(workDir, `.terraform.${name}.tfstate.lock.info`))).toBe(false);
    },
    300_000,
  );
});
