/**
 * The real deployment of one environment: `bash scripts/synth.sh`, then Terraform in
 * cdktf.out/stacks/<env> with the state where `npm run deploy` keeps it, through the project's
 * Terraform helpers (provider mirror, no checkpoint calls).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../project-root';
import { init, terraform, terraformEnv } from '../terraform';
import { parseStackOutputs, StackOutputs } from './stack-outputs';

const SYNTH_TIMEOUT_MS = 5 * 60_000;
const INIT_TIMEOUT_MS = 5 * 60_000;
// The AWS provider waits 55 s after each S3 lifecycle write; a first apply takes minutes.
const APPLY_TIMEOUT_MS = 45 * 60_000;
const OUTPUT_TIMEOUT_MS = 2 * 60_000;

export interface TerraformRun {
  readonly ok: boolean;
  /** Everything Terraform printed, for reading errors. */
  readonly output: string;
}

/** What the smoke steps need of a deployment; tests stand in for Terraform with their own. */
export interface EnvironmentDeployment {
  /** The folder Terraform runs in, for messages. */
  readonly stackDir: string;
  /** Synthesizes every environment, then `terraform init` and `apply` for this one. */
  deploy(): Promise<TerraformRun>;
  /** `terraform output -json`, synthesizing first only if this environment was never synthesized. */
  readOutputs(): Promise<StackOutputs>;
  destroy(): Promise<TerraformRun>;
}

export function terraformDeployment(environmentName: string, print: (line: string) => void): EnvironmentDeployment {
  const outDir = path.resolve(PROJECT_ROOT, process.env.S3_AUDIT_TRAIL_OUTDIR ?? 'cdktf.out');
  const stackDir = path.join(outDir, 'stacks', environmentName);
  const shownDir = stackDir.startsWith(PROJECT_ROOT + path.sep) ? path.relative(PROJECT_ROOT, stackDir) : stackDir;
  // Built on first use: a bad TF_PROVIDER_MIRROR then fails the deployment step, not the whole run.
  let builtEnv: NodeJS.ProcessEnv | undefined;
  const tfEnv = () => (builtEnv ??= terraformEnv());

  const synth = async () => {
    print('  synthesizing: bash scripts/synth.sh');
    await promisify(execFile)('bash', [path.join(PROJECT_ROOT, 'scripts', 'synth.sh')], {
      cwd: PROJECT_ROOT,
      env: tfEnv(),
      timeout: SYNTH_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: Error & { stderr?: string }) => {
      throw new Error(`bash scripts/synth.sh failed: ${error.stderr?.trim() || error.message}`);
    });
    if (!existsSync(path.join(stackDir, 'cdk.tf.json'))) throw new Error(`synth wrote no stack for "${environmentName}" in ${stackDir}`);
  };
  let initialized = false;
  const initStack = async () => {
    if (initialized) return;
    print(`  terraform init in ${shownDir}`);
    await init(stackDir, { backend: true, env: tfEnv(), timeoutMs: INIT_TIMEOUT_MS });
    initialized = true;
  };
  const run = async (command: 'apply' | 'destroy'): Promise<TerraformRun> => {
    print(`  terraform ${command} -auto-approve in ${shownDir} (up to ${APPLY_TIMEOUT_MS / 60_000} min)`);
    const result = await terraform([command, '-auto-approve', '-input=false', '-no-color'], {
      cwd: stackDir,
      env: tfEnv(),
      timeoutMs: APPLY_TIMEOUT_MS,
      onOutput: progressPrinter(print),
    });
    return { ok: result.code === 0, output: `${result.stdout}\n${result.stderr}` };
  };

  return {
    stackDir,
    async deploy() {
      await synth();
      await initStack();
      return run('apply');
    },
    async readOutputs() {
      if (!existsSync(path.join(stackDir, 'cdk.tf.json'))) await synth();
      await initStack();
      const result = await terraform(['output', '-json', '-no-color'], { cwd: stackDir, env: tfEnv(), timeoutMs: OUTPUT_TIMEOUT_MS });
      if (result.code !== 0) throw new Error(`terraform output failed: ${result.stderr || result.stdout}`);
      return parseStackOutputs(result.stdout);
    },
    async destroy() {
      if (!existsSync(path.join(stackDir, 'cdk.tf.json'))) await synth();
      await initStack();
      return run('destroy');
    },
  };
}

/** The lines of Terraform's output worth seeing live: each resource finished, errors, the final count. */
const PROGRESS_LINE = /((Creation|Modifications|Destruction) complete after|Apply complete!|Destroy complete!|No changes\.|^Error: )/;

/** Prints Terraform's progress lines as they arrive, whatever way the output is chunked. */
export function progressPrinter(print: (line: string) => void): (chunk: string) => void {
  let partial = '';
  return (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (PROGRESS_LINE.test(line)) print(`    ${line.trim()}`);
  };
}

/** The line a person reads first: Terraform's `Apply complete! ...`, else its first `Error:` lines. */
export function terraformOutcome(output: string): string {
  const lines = output.split('\n').map((line) => line.trim());
  const complete = lines.find((line) => /^(Apply|Destroy) complete!/.test(line));
  if (complete) return complete;
  const errorAt = lines.findIndex((line) => line.startsWith('Error: '));
  if (errorAt >= 0) return lines.slice(errorAt, errorAt + 4).filter(Boolean).join(' ');
  return lines.filter(Boolean).slice(-3).join(' ') || 'no output';
}
