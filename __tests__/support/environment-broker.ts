/**
 * Applies the shared environments (applied-environments.ts) on demand, in jest's own process, which
 * outlives every test file: each the first time a test file asks for it, each on an emulator of its
 * own, several at once. Stopping it interrupts what is still applying and stops the emulators.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyStack, stackOutputs } from '../../scripts/lib/local-stack';
import { EmulatedStack, emulatedStack } from './emulated-stack';
import { AppliedEnvironment, BROKER_DIR_VARIABLE, failedFile, readyFile, SHARED_ENVIRONMENTS, SharedEnvironment, SharedEnvironmentName } from './applied-environments';

const POLL_MS = 200;

export class EnvironmentBroker {
  private readonly emulated: EmulatedStack[] = [];
  private readonly applying: Promise<void>[] = [];
  private readonly started = new Set<string>();
  private readonly stopping = new AbortController();
  private readonly poller: NodeJS.Timeout;

  private constructor(private readonly dir: string) {
    this.poller = setInterval(() => this.takeRequests(), POLL_MS);
  }

  /** Starts listening; test files started from now on find it through the environment. */
  static start(): EnvironmentBroker {
    const dir = mkdtempSync(path.join(tmpdir(), 'applied-environments-'));
    process.env[BROKER_DIR_VARIABLE] = dir;
    return new EnvironmentBroker(dir);
  }

  async stop(): Promise<void> {
    clearInterval(this.poller);
    this.stopping.abort();
    await Promise.allSettled(this.applying);
    await Promise.all(this.emulated.map((each) => each.dispose()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private takeRequests(): void {
    for (const file of readdirSync(this.dir)) {
      const name = file.replace(/\.request$/, '');
      if (name === file || this.started.has(name)) continue;
      this.started.add(name);
      const applying = this.apply(name).then(
        (applied) => writeFileSync(readyFile(this.dir, name), JSON.stringify(applied)),
        (error: Error) => writeFileSync(failedFile(this.dir, name), error.message),
      );
      this.applying.push(applying);
    }
  }

  private async apply(name: string): Promise<AppliedEnvironment> {
    const shared: SharedEnvironment | undefined = SHARED_ENVIRONMENTS[name as SharedEnvironmentName];
    if (!shared) throw new Error(`no shared environment ${name}; defined: ${Object.keys(SHARED_ENVIRONMENTS).join(', ')}`);
    const emulated = await emulatedStack(shared.environment, { leaveOut: shared.leaveOut });
    this.emulated.push(emulated);
    const { emulator, stack } = emulated;
    await applyStack(stack, undefined, this.stopping.signal);
    return { stack, outputs: await stackOutputs(stack), sdkConfig: emulator.sdkConfig() };
  }
}
