import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** The resource type whose writes cost an apply a fixed wait each (see leaveOutResources). */
export const BUCKET_LIFECYCLE = 'aws_s3_bucket_lifecycle_configuration';

export interface EmulatedStackOptions {
  /**
   * Resource types left out of the synthesized stack (see leaveOutResources).
   * @default none
   */
  readonly leaveOut?: readonly string[];
}

export async function emulatedStack(envName: string, options: EmulatedStackOptions = {}): Promise<EmulatedStack> {
  const environment = environmentNamed(envName);
  const emulator = await startEmulator({ accountId: environment.accountId, region: environment.region });
  const work = mkdtempSync(path.join(tmpdir(), `e2e-${envName}-`));
  const dispose = async () => {
    await emulator.stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    const stack = synthLocalStack(environment, emulator.endpoint, work, emulator.env());
    if (options.leaveOut) leaveOutResources(stack.stackDir, options.leaveOut);
    await initStack(stack);
    return { emulator, stack, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/**
 * Removes every resource of these types from a synthesized stack. Only for types no other resource
 * of the stack refers to, such as the bucket lifecycle configurations: the AWS provider waits a fixed
 * 55 s after writing each, which an apply that does not test them need not pay.
 */
export function leaveOutResources(stackDir: string, types: readonly string[]): void {
  const stackFile = path.join(stackDir, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(stackFile, 'utf8'));
  for (const type of types) delete json.resource[type];
  writeFileSync(stackFile, JSON.stringify(json, null, 2));
}
