/**
 * One environment synthesized to run against a local AWS emulator: the environment's own
 * settings plus an `endpoint`, in a work folder of its own, so the real synth output and state
 * are never touched.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ENVIRONMENTS } from '../../stacks/environments';
import type { EnvironmentInput } from '../../stacks/environment-schema';
import { parseEnvironments, readEnvironmentsDefinition } from '../../stacks/load-environments';
import { synthesize } from './synth';
import { init, terraform, terraformEnv } from './terraform';

export interface LocalStack {
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  /** cdktf.out/stacks/<env> inside the work folder: where Terraform runs. */
  readonly stackDir: string;
  /** Environment for Terraform: mirror config, emulator credentials. */
  readonly env: NodeJS.ProcessEnv;
}

export function environmentNamed(name: string, environments: readonly EnvironmentInput[] = ENVIRONMENTS): EnvironmentInput {
  const found = environments.find((env) => env.name === name);
  if (!found) {
    throw new Error(`No environment "${name}"; defined: ${environments.map((env) => env.name).join(', ')}`);
  }
  return found;
}

/**
 * The environment named `name` in the definition being synthesized: the JSON file
 * `S3_AUDIT_TRAIL_ENVIRONMENTS` names (a relative path is taken from where the command was started),
 * else the built-in one. The whole definition is validated first, as synth would: throws
 * `EnvironmentsDefinitionError` listing every problem, or an error naming the environments defined.
 */
export function definedEnvironmentNamed(name: string, environ: NodeJS.ProcessEnv = process.env): EnvironmentInput {
  const { raw } = readEnvironmentsDefinition(ENVIRONMENTS, environ);
  parseEnvironments(raw);
  // The entry as written, not as parsed: synthLocalStack writes it back for synth to read, and the
  // parsed form is synth's output shape (watchedBuckets as names, bucketIntents apart), not its input.
  return environmentNamed(name, raw as EnvironmentInput[]);
}

/** Synthesizes `environment` pointed at `endpoint` into `workDir` (emptied first). */
export function synthLocalStack(
  environment: EnvironmentInput,
  endpoint: string,
  workDir: string,
  emulatorEnv: Record<string, string>,
): LocalStack {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const definition = path.join(workDir, 'environments.json');
  // The local backend's default path is relative to the stack folder, so state lands in workDir.
  writeFileSync(definition, JSON.stringify([{ ...environment, endpoint, backend: { type: 'local' } }], null, 2));
  synthesize(path.join(workDir, 'cdktf.out'), { ...process.env, S3_AUDIT_TRAIL_ENVIRONMENTS: definition });
  return {
    name: environment.name,
    accountId: environment.accountId,
    region: environment.region,
    stackDir: path.join(workDir, 'cdktf.out', 'stacks', environment.name),
    env: terraformEnv({ ...process.env, ...emulatorEnv }),
  };
}

/** `terraform init`; aborting `signal` interrupts it. */
export async function initStack(stack: LocalStack, onOutput?: (chunk: string) => void, signal?: AbortSignal): Promise<void> {
  await init(stack.stackDir, { backend: true, env: stack.env, onOutput, signal });
}

/** `terraform apply`; throws with Terraform's own message when it fails. Aborting `signal` interrupts it. */
export async function applyStack(stack: LocalStack, onOutput?: (chunk: string) => void, signal?: AbortSignal): Promise<void> {
  const result = await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], {
    cwd: stack.stackDir,
    env: stack.env,
    // dev's apply waits out the provider's lifecycle-configuration sleeps; beside the rest of the
    // Terraform tier it can take minutes, and only a hang should fail it.
    timeoutMs: 480_000,
    onOutput,
    signal,
  });
  if (result.code !== 0) throw new Error(`terraform apply failed for ${stack.name}:\n${result.stderr || result.stdout}`);
}

/** `terraform plan`, shown as it runs; throws with Terraform's message when it fails. Aborting `signal` interrupts it. */
export async function showPlan(stack: LocalStack, onOutput: (chunk: string) => void, signal?: AbortSignal): Promise<void> {
  const result = await terraform(['plan', '-input=false', '-no-color'], { cwd: stack.stackDir, env: stack.env, timeoutMs: 300_000, onOutput, signal });
  if (result.code !== 0) throw new Error(`terraform plan failed for ${stack.name}:\n${result.stderr || result.stdout}`);
}

/** `terraform plan -detailed-exitcode`: 0 no changes, 1 error, 2 changes. */
export function planStack(stack: LocalStack, extraArgs: readonly string[] = []) {
  return terraform(['plan', '-detailed-exitcode', '-input=false', '-no-color', '-lock-timeout=30s', ...extraArgs], {
    cwd: stack.stackDir,
    env: stack.env,
    // About 80 s beside the rest of the Terraform tier on 2 cores, and CI machines can be slower.
    timeoutMs: 300_000,
  });
}

export async function stackOutputs(stack: LocalStack): Promise<Record<string, string>> {
  const result = await terraform(['output', '-json', '-no-color'], { cwd: stack.stackDir, env: stack.env, timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`terraform output failed for ${stack.name}:\n${result.stderr}`);
  const outputs = JSON.parse(result.stdout) as Record<string, { value: string }>;
  return Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.value]));
}
