/**
 * Environments applied to the AWS emulator once per test run and shared by every test file that
 * only reads them (SDK calls, plans, `terraform show`), so an apply and its fixed waits are paid once.
 * Jest's terraform project starts the broker that applies them (environment-broker.ts, through its
 * globalSetup); a test file asks for one by name and waits until it is ready. Nothing may change a
 * shared environment: a test that applies, imports or destroys needs a stack of its own.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EmulatorSdkConfig } from '../../scripts/lib/emulator';
import type { LocalStack } from '../../scripts/lib/local-stack';
import type { EmulatedStackOptions } from './emulated-stack';
import { BUCKET_LIFECYCLE } from './emulated-stack';

export interface SharedEnvironment extends EmulatedStackOptions {
  /** The environment of the built-in definition it is made from. */
  readonly environment: string;
}

export const SHARED_ENVIRONMENTS = {
  /** The whole dev stack, as `npm run deploy:local` applies it. */
  dev: { environment: 'dev' },
  /**
   * prod without its two bucket lifecycle configurations: the AWS provider waits a fixed 55 s after
   * writing each, nothing that reads prod looks at them, and dev's apply proves that the same
   * construct's configurations apply and converge.
   */
  'prod-without-lifecycle': { environment: 'prod', leaveOut: [BUCKET_LIFECYCLE] },
} satisfies Record<string, SharedEnvironment>;

export type SharedEnvironmentName = keyof typeof SHARED_ENVIRONMENTS;

/** What the broker writes once an environment is applied. */
export interface AppliedEnvironment {
  readonly stack: LocalStack;
  readonly outputs: Record<string, string>;
  /** For AWS SDK clients: `new S3Client(applied.sdkConfig)`. */
  readonly sdkConfig: EmulatorSdkConfig;
}

/** The folder the broker and the test files talk through; set by the broker before any test file runs. */
export const BROKER_DIR_VARIABLE = 'S3_AUDIT_TRAIL_TEST_BROKER';

export const requestFile = (dir: string, name: string) => path.join(dir, `${name}.request`);
export const readyFile = (dir: string, name: string) => path.join(dir, `${name}.json`);
export const failedFile = (dir: string, name: string) => path.join(dir, `${name}.error`);

const POLL_MS = 250;

/** The shared environment `name`, applied; asks the broker for it if no file has yet. */
export async function appliedEnvironment(name: SharedEnvironmentName, timeoutMs = 540_000): Promise<AppliedEnvironment> {
  const dir = process.env[BROKER_DIR_VARIABLE];
  if (!dir) throw new Error(`no environment broker: run this file through jest's terraform project, whose globalSetup starts it`);
  writeFileSync(requestFile(dir, name), '');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(readyFile(dir, name))) return JSON.parse(readFileSync(readyFile(dir, name), 'utf8')) as AppliedEnvironment;
    if (existsSync(failedFile(dir, name))) throw new Error(`the shared environment ${name} could not be applied:\n${readFileSync(failedFile(dir, name), 'utf8')}`);
    if (Date.now() > deadline) throw new Error(`the shared environment ${name} was not applied within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
