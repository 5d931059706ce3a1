/**
 * `npm run deploy:local [-- [<env>] [--exit]]`: try the project without an AWS account.
 * Starts the AWS emulator on loopback, deploys one environment (dev by default) of the definition
 * being synthesized (S3_AUDIT_TRAIL_ENVIRONMENTS or the built-in one) to it, prints the stack
 * outputs and how to look around with the AWS CLI, then keeps the emulator up until Ctrl-C (or
 * stops at once with --exit). The emulator never outlives this command: it stops on SIGINT, SIGTERM
 * or SIGHUP, and when the process that started this one goes away.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EnvironmentInput } from '../stacks/environment-schema';
import { Emulator, startEmulator } from './lib/emulator';
import { applyStack, definedEnvironmentNamed, initStack, LocalStack, showPlan, stackOutputs, synthLocalStack } from './lib/local-stack';
import { exitCodeFor, listenForStopRequests, StopReason, StopRequests } from './lib/stop-requests';
import { CLI_CONFIG_DIR } from './lib/terraform';

const USAGE = 'usage: npm run deploy:local [-- [<env>] [--exit | --plan]]';
const HELP = `${USAGE}

Starts an AWS emulator (moto) on 127.0.0.1, deploys one environment to it with Terraform, prints
the stack outputs, and keeps the emulator up until Ctrl-C.

  <env>     the environment to deploy (default: dev), from S3_AUDIT_TRAIL_ENVIRONMENTS if set,
            else the built-in definition
  --exit    stop the emulator as soon as the deploy is done
  --plan    only plan against the emulator (what a first deploy would create), then stop
  --help    show this help`;
const DEFAULT_ENVIRONMENT = 'dev';
/** Exit status for a command line this script cannot understand. */
const USAGE_ERROR = 2;
/** After a stop request, how long an interrupted Terraform may keep the emulator to wind down with. */
const TERRAFORM_WIND_DOWN_MS = 30_000;

interface CommandLine {
  readonly envName: string;
  readonly exitWhenDone: boolean;
  readonly planOnly: boolean;
  readonly help: boolean;
}

class UsageError extends Error {}

/** Strict: a mistyped flag must not start a command that runs until Ctrl-C. */
function parseCommandLine(args: string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { exit: { type: 'boolean' }, plan: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs goes on to advise a '--' before a dash-led argument: under npm, which takes the first '--', that misleads.
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument[\s\S]*$/, ''));
  }
  const [envName = DEFAULT_ENVIRONMENT, ...extra] = parsed.positionals;
  if (extra.length > 0) throw new UsageError(`one environment at a time; also given: ${extra.join(' ')}`);
  const planOnly = parsed.values.plan === true;
  return { envName, exitWhenDone: parsed.values.exit === true || planOnly, planOnly, help: parsed.values.help === true };
}

/** Synth blocks the event loop: a signal that arrived meanwhile reaches its listeners only on the next turn. */
function signalsDelivered(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Synthesizes, initializes and applies the environment against the emulator; returns the stack outputs. */
async function deploy(environment: EnvironmentInput, emulator: Emulator, stop: AbortSignal, planOnly: boolean): Promise<Record<string, string> | undefined> {
  const workDir = path.join(CLI_CONFIG_DIR, 'local', environment.name);
  let stack: LocalStack;
  try {
    stack = synthLocalStack(environment, emulator.endpoint, workDir, emulator.env());
  } finally {
    await signalsDelivered();
  }
  stop.throwIfAborted();
  console.log(`${planOnly ? 'Planning' : 'Deploying'} ${environment.name} (${stack.stackDir}) ...`);
  await initStack(stack, (chunk) => process.stdout.write(chunk), stop);
  stop.throwIfAborted();
  if (planOnly) {
    await showPlan(stack, (chunk) => process.stdout.write(chunk), stop);
    stop.throwIfAborted();
    return undefined;
  }
  await applyStack(stack, (chunk) => process.stdout.write(chunk), stop);
  stop.throwIfAborted();
  return stackOutputs(stack);
}

function printOutputs(outputs: Record<string, string>): void {
  console.log('\nStack outputs:');
  for (const [name, value] of Object.entries(outputs)) console.log(`  ${name} = ${value}`);
}

function printInspectHint(emulator: Emulator, environment: EnvironmentInput, outputs: Record<string, string>): void {
  console.log(
    `\nInspect it: AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing aws --endpoint-url ${emulator.endpoint} ` +
      `--region ${environment.region} cloudtrail get-trail-status --name ${outputs.trail_arn}`,
  );
}

/** Runs the emulator for the whole command and stops it however the command ends. */
async function deployAndServe(environment: EnvironmentInput, { exitWhenDone, planOnly }: CommandLine, stop: StopRequests): Promise<void> {
  console.log(`Starting the AWS emulator as account ${environment.accountId} ...`);
  const emulator = await startEmulator({ accountId: environment.accountId, region: environment.region, keepAlive: true });
  // A stop request interrupts Terraform, which winds down cleanly only while the emulator still
  // answers: against a vanished endpoint it retries for minutes, and killing it orphans its provider
  // process. So the emulator goes when the deploy has wound down, or after a bound.
  let windDown: NodeJS.Timeout | undefined;
  const stopEmulatorLater = () => (windDown = setTimeout(() => void emulator.stop(), TERRAFORM_WIND_DOWN_MS));
  stop.signal.addEventListener('abort', stopEmulatorLater);
  try {
    console.log(`Emulator listening at ${emulator.endpoint}`);
    stop.signal.throwIfAborted();
    const outputs = await deploy(environment, emulator, stop.signal, planOnly);
    if (!outputs) return;
    printOutputs(outputs);
    if (exitWhenDone) return;
    printInspectHint(emulator, environment, outputs);
    console.log('The emulator keeps running until you press Ctrl-C.');
    await stop.requested;
  } finally {
    stop.signal.removeEventListener('abort', stopEmulatorLater);
    clearTimeout(windDown);
    await emulator.stop();
    console.log('Emulator stopped.');
  }
}

async function main(args: string[]): Promise<number> {
  let commandLine: CommandLine;
  try {
    commandLine = parseCommandLine(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`deploy:local: ${error.message}\n${USAGE}`);
    return USAGE_ERROR;
  }
  if (commandLine.help) {
    console.log(HELP);
    return 0;
  }
  const environment = definedEnvironmentNamed(commandLine.envName);
  const stop = listenForStopRequests();
  try {
    await deployAndServe(environment, commandLine, stop);
    return 0;
  } catch (error) {
    // Once asked to stop, whatever failed next (an interrupted apply, a killed emulator) is expected.
    if (!stop.signal.aborted) throw error;
    const reason = stop.signal.reason as StopReason;
    console.error(`Stopped (${reason}) before ${environment.name} was deployed.`);
    return exitCodeFor(reason);
  } finally {
    stop.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  },
);
