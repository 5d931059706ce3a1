/**
 * Runs a command (e.g. `cdktf deploy prod`) with the Terraform environment the project's own
 * commands use: the provider mirror's CLI configuration when TF_PROVIDER_MIRROR (or the machine's
 * well-known mirror) applies, and no calls home.
 *
 * With a mirror, a cdktf command that runs `terraform init` first gets every stack synthesized and
 * its provider lock file written from the mirror: otherwise cdktf would lock against the registry
 * and fail offline on a stack's first run (see lib/provider-lock.ts for cdktf's logic).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { STSClient } from '@aws-sdk/client-sts';
import { ENVIRONMENTS } from '../stacks/environments';
import { EnvironmentsDefinitionError, loadEnvironments } from '../stacks/load-environments';
import { haveCredentials } from './lib/aws-credentials';
import { quietSdkNodeVersionWarning } from './lib/aws-sdk-settings';
import { lockProvidersFromMirror, synthesizedStackDirs } from './lib/provider-lock';
import { synthesize } from './lib/synth';
import { providerMirror, terraformEnv } from './lib/terraform';

/** The cdktf subcommands that call AWS, and so need credentials for the environment's account. */
const CDKTF_AWS_COMMANDS = new Set(['diff', 'deploy', 'destroy']);

/** The cdktf subcommands that run `terraform init`, and with it cdktf's own provider locking. */
const CDKTF_INIT_COMMANDS = new Set(['diff', 'deploy', 'destroy', 'output']);
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The folder cdktf synthesizes into: its `-o` / `--output` option, else cdktf.json's `output`, else cdktf.out. */
export function cdktfOutdir(cdktfArgs: readonly string[], cwd: string = process.cwd()): string {
  for (const [index, arg] of cdktfArgs.entries()) {
    if ((arg === '-o' || arg === '--output') && cdktfArgs[index + 1] !== undefined) return path.resolve(cwd, cdktfArgs[index + 1]);
    if (arg.startsWith('--output=')) return path.resolve(cwd, arg.slice('--output='.length));
  }
  return path.resolve(cwd, configuredOutdir(cwd) ?? 'cdktf.out');
}

function configuredOutdir(cwd: string): string | undefined {
  try {
    const config = JSON.parse(readFileSync(path.join(cwd, 'cdktf.json'), 'utf8')) as { output?: unknown };
    return typeof config.output === 'string' ? config.output : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The cdktf command line to run once this script has synthesized into cdktf's output folder: told
 * to skip its own synth, which would rebuild the same stacks a second time (seconds per run, and
 * the better part of a minute on a loaded machine).
 */
export function cdktfArgsAfterSynth(cdktfArgs: readonly string[]): readonly string[] {
  return cdktfArgs.includes('--skip-synth') ? cdktfArgs : [...cdktfArgs, '--skip-synth'];
}

/**
 * Synth (unless cdktf is told to skip it) and lock files from the mirror, so cdktf's init stays
 * offline. Resolves with the cdktf arguments to run.
 */
async function prepareStacksForCdktf(cdktfArgs: readonly string[], env: NodeJS.ProcessEnv): Promise<readonly string[]> {
  const mirror = providerMirror();
  if (!mirror) return cdktfArgs;
  const outdir = cdktfOutdir(cdktfArgs);
  if (!cdktfArgs.includes('--skip-synth')) process.stderr.write(synthesize(outdir, env).stderr);
  const stackDirs = synthesizedStackDirs(outdir);
  console.error(`Locking providers from the mirror ${mirror} for: ${stackDirs.map((dir) => path.basename(dir)).join(', ')}`);
  await lockProvidersFromMirror(stackDirs, mirror, env);
  return cdktfArgsAfterSynth(cdktfArgs);
}

/**
 * Runs the command with the terminal; a signal this process gets is passed on, so stopping the npm
 * script stops the command rather than orphaning it. Resolves with the exit code to pass on.
 */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const stopForwarding = () => FORWARDED_SIGNALS.forEach((signal) => process.removeListener(signal, forward));
    child.once('error', (error) => {
      stopForwarding();
      console.error(`cannot run ${command}: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      stopForwarding();
      // Die of the same signal, so whoever started us sees how the command ended.
      if (signal) process.kill(process.pid, signal);
      resolve(code ?? 1);
    });
  });
}

/** The stacks a cdktf command line names: its positional arguments after the subcommand. */
export function namedStacks(cdktfArgs: readonly string[]): string[] {
  const named: string[] = [];
  for (let index = 1; index < cdktfArgs.length; index += 1) {
    const arg = cdktfArgs[index];
    if (OPTIONS_WITH_VALUE.has(arg)) index += 1;
    else if (!arg.startsWith('-')) named.push(arg);
  }
  return named;
}
const OPTIONS_WITH_VALUE = new Set(['-o', '--output', '-a', '--app', '--var', '--var-file', '--parallelism', '--outputs-file']);

/**
 * What to tell a user about to diff or deploy without AWS credentials, before any synth or spinner
 * (cdktf would otherwise fail deep in its plan output on "No valid credential sources found"); or
 * undefined when credentials are found, or every named environment runs against the local emulator.
 */
export async function missingCredentialsMessage(
  cdktfArgs: readonly string[],
  environ: NodeJS.ProcessEnv,
  findCredentials: () => Promise<boolean>,
): Promise<string | undefined> {
  const subcommand = cdktfArgs[0];
  if (!CDKTF_AWS_COMMANDS.has(subcommand)) return undefined;
  const { environments } = loadEnvironments(ENVIRONMENTS, environ);
  const named = namedStacks(cdktfArgs);
  const targets = environments.filter((env) => named.length === 0 || named.includes(env.name));
  if (targets.length > 0 && targets.every((env) => env.endpoint !== undefined)) return undefined;
  if (await findCredentials()) return undefined;
  const accounts = [...new Set(targets.map((env) => `${env.accountId} (${env.name})`))].join(', ');
  const example = named[0] ?? targets[0]?.name ?? '<env>';
  return [
    `npm run ${subcommand} needs AWS credentials for the environment's account${accounts ? `: ${accounts}` : ''}, and found none.`,
    'Set AWS_PROFILE (after `aws sso login` or `aws configure`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).',
    'Without an AWS account, plan or deploy against the local emulator instead:',
    `  npm run deploy:local -- ${example} --plan     # what it would create, then stop`,
    `  npm run deploy:local -- ${example}            # apply it to the emulator`,
  ].join('\n');
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error('usage: with-terraform.ts <command> [args...]');
    return 2;
  }
  if (command === 'cdktf') {
    let missing: string | undefined;
    try {
      missing = await missingCredentialsMessage(args, process.env, () => {
        quietSdkNodeVersionWarning();
        const client = new STSClient({ region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1' });
        return haveCredentials(client, 10_000).finally(() => client.destroy());
      });
    } catch (error) {
      if (!(error instanceof EnvironmentsDefinitionError)) throw error;
      console.error(error.message);
      return 1;
    }
    if (missing) {
      console.error(missing);
      return 2;
    }
  }
  const env = terraformEnv();
  const commandArgs = command === 'cdktf' && CDKTF_INIT_COMMANDS.has(args[0]) ? await prepareStacksForCdktf(args, env) : args;
  return run(command, commandArgs, env);
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
