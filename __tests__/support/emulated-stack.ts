import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Emulator, startEmulator } from '../../scripts/lib/emulator';
import { environmentNamed, initStack, LocalStack, synthLocalStack } from '../../scripts/lib/local-stack';

/** An emulator running as the environment's account, and the environment synthesized against it. */
export interface EmulatedStack {
  readonly emulator: Emulator;
  readonly stack: LocalStack;
  dispose(): Promise<void>;
}

export async function emulatedStack(envName: string): Promise<EmulatedStack> {
  const environment = environmentNamed(envName);
  const emulator = await startEmulator({ accountId: environment.accountId, region: environment.region });
  const work = mkdtempSync(path.join(tmpdir(), `e2e-${envName}-`));
  const dispose = async () => {
    await emulator.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const stack = synthLocalStack(environment, emulator.endpoint, work, emulator.env());
    await initStack(stack);
    return { emulator, stack, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
