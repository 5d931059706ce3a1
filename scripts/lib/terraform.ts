/**
 * Runs Terraform the way every project command needs it: from a provider mirror when one is set,
 * without phoning home, and never longer than a stated bound.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './project-root';

/** Git-ignored: the CLI configuration this project writes, and the provider cache it points at. */
export const CLI_CONFIG_DIR = path.join(PROJECT_ROOT, '.tf-cli');
/** Where the offline machines this project is developed on keep the AWS provider. */
export const WELL_KNOWN_MIRROR = '/opt/tf-plugins';

/**
 * The filesystem mirror to install providers from: `TF_PROVIDER_MIRROR` when set (`none` for
 * Terraform's usual registry behaviour), else the well-known offline mirror if this machine has it.
 */
export function providerMirror(environ: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = environ.TF_PROVIDER_MIRROR;
  if (setting === 'none') return undefined;
  if (setting) {
    if (!existsSync(setting)) throw new Error(`TF_PROVIDER_MIRROR=${setting}: no such directory`);
    return path.resolve(setting);
  }
  return existsSync(WELL_KNOWN_MIRROR) ? WELL_KNOWN_MIRROR : undefined;
}

/**
 * The CLI configuration text that installs every provider from `mirror`. No plugin cache: Terraform
 * links providers from an unpacked mirror instead of copying them, and a shared cache is not safe
 * for the concurrent `terraform init`s the tests and `validate` run.
 */
export function cliConfigFor(mirror: string): string {
  return [
    '# Written by scripts/lib/terraform.ts from TF_PROVIDER_MIRROR. Do not edit; delete to regenerate.',
    'provider_installation {',
    `  filesystem_mirror {`,
    `    path = ${JSON.stringify(mirror)}`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Environment for a Terraform (or cdktf) child process. */
export function terraformEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  const mirror = providerMirror(base);
  if (mirror) {
    const configFile = path.join(CLI_CONFIG_DIR, 'terraformrc');
    writeAtomically(configFile, cliConfigFor(mirror));
    env.TF_CLI_CONFIG_FILE = configFile;
  }
  return env;
}

/** Several test files start Terraform at once: none may read the configuration half-written. */
function writeAtomically(file: string, text: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return;
  mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Kill Terraform (SIGTERM, then SIGKILL) after this long. */
  readonly timeoutMs: number;
  /** Called with each chunk of output as it arrives. */
  readonly onOutput?: (chunk: string) => void;
  /**
   * Aborting interrupts Terraform with SIGTERM, as a cancelled CI job does. Given a signal, the
   * caller owns stopping Terraform, so Terraform runs in a process group of its own: Ctrl-C in a
   * terminal signals the whole foreground group, and Terraform reads a second interrupt as "exit
   * immediately, data loss may occur". This way it hears exactly one, from the caller.
   */
  readonly signal?: AbortSignal;
}

/** Runs `terraform <args>`; resolves with its exit code, rejects only when it cannot start or times out. */
export function terraform(args: readonly string[], options: RunOptions): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', ['-chdir=' + options.cwd, ...args], {
      env: options.env ?? terraformEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
      killSignal: 'SIGTERM',
      detached: options.signal !== undefined,
    });
    // Past the bound, Terraform and the provider plugins it started go: in its own group, all of them.
    const killHard = () => {
      if (options.signal !== undefined && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
          return;
        } catch {
          // The group is gone already.
        }
      }
      child.kill('SIGKILL');
    };
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      options.onOutput?.(chunk.toString());
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      options.onOutput?.(chunk.toString());
    });
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      setTimeout(killHard, 5000).unref();
      reject(new Error(`terraform ${args.join(' ')} in ${options.cwd} took longer than ${options.timeoutMs} ms\n${stderr}`));
    }, options.timeoutMs);
    child.once('error', (error) => {
      if (error.name === 'AbortError') return; // 'close' follows once Terraform has shut down
      clearTimeout(timer);
      reject(new Error(`cannot run terraform: ${error.message}. Is it on PATH?`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 + (signal === 'SIGKILL' ? 9 : 15) : 1), stdout, stderr });
    });
  });
}

/** `terraform init` for a stack directory; throws with Terraform's message when it fails. Cheap to repeat: providers are linked from the mirror. */
export async function init(
  stackDir: string,
  options: { backend: boolean; env?: NodeJS.ProcessEnv; timeoutMs?: number; onOutput?: (chunk: string) => void; signal?: AbortSignal },
) {
  const result = await terraform(
    ['init', '-input=false', '-no-color', `-backend=${options.backend}`],
    { cwd: stackDir, env: options.env, timeoutMs: options.timeoutMs ?? 120_000, onOutput: options.onOutput, signal: options.signal },
  );
  if (result.code !== 0) throw new Error(`terraform init failed in ${stackDir}:\n${result.stderr || result.stdout}`);
  return result;
}

/** `terraform fmt -recursive` of `folder`, synchronously; throws naming `what` when it refuses. */
export function terraformFmt(folder: string, what: string): void {
  const result = spawnSync('terraform', ['fmt', '-recursive', '-no-color', folder], { env: terraformEnv(), encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run terraform fmt: ${result.error.message}. Is terraform on PATH?`);
  if (result.status !== 0) throw new Error(`terraform fmt refused ${what}:\n${result.stderr}`);
}
