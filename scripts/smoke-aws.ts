/**
 * `npm run smoke:aws -- <env>`: proves, in the environment's real AWS account, what the emulator
 * cannot: the trail delivers, a deletion in a watched bucket reaches the log group and its metric,
 * and an alarm's notification gets through the topic's key. Never run in CI: it deploys (unless
 * --no-deploy), writes and deletes one object, and sends alarm emails.
 *
 * Exit codes: 0 every step passed; 1 a step failed; 2 the run could not start (usage, unknown
 * environment, --destroy of a protected environment, no credentials, wrong account).
 */
import { ENVIRONMENTS } from '../stacks/environments';
import { EnvironmentsDefinitionError, loadEnvironments } from '../stacks/load-environments';
import { parseSmokeArguments, USAGE } from './lib/smoke/arguments';
import { createSmokeClients, destroySmokeClients, SmokeClients } from './lib/smoke/aws-clients';
import { Clock, SYSTEM_CLOCK } from './lib/smoke/bounded-wait';
import { checkCallerAccount } from './lib/smoke/caller-account';
import { runSmoke } from './lib/smoke/run-smoke';
import { chooseTarget } from './lib/smoke/smoke-target';
import { allPassed, summaryLine } from './lib/smoke/step-result';
import { EnvironmentDeployment, terraformDeployment } from './lib/smoke/terraform-stack';
import { runCli } from './lib/run-cli';

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_CANNOT_RUN = 2;

/** Everything the command touches outside itself, so tests can stand in for it. */
export interface SmokeIo {
  readonly environ: NodeJS.ProcessEnv;
  readonly print: (line: string) => void;
  readonly printError: (line: string) => void;
  readonly createClients: (region: string) => SmokeClients;
  readonly createDeployment: (environmentName: string, print: (line: string) => void) => EnvironmentDeployment;
  readonly clock: Clock;
}

const REAL_IO: SmokeIo = {
  environ: process.env,
  print: (line) => console.log(line),
  printError: (line) => console.error(line),
  createClients: createSmokeClients,
  createDeployment: terraformDeployment,
  clock: SYSTEM_CLOCK,
};

export async function main(args: readonly string[], io: SmokeIo = REAL_IO): Promise<number> {
  const parsed = parseSmokeArguments(args);
  if (parsed.kind === 'help') {
    io.print(USAGE);
    return EXIT_PASSED;
  }
  if (parsed.kind === 'invalid') {
    io.printError(`smoke:aws: ${parsed.message}`);
    io.printError(USAGE);
    return EXIT_CANNOT_RUN;
  }

  let loaded;
  try {
    loaded = loadEnvironments(ENVIRONMENTS, io.environ);
  } catch (error) {
    if (!(error instanceof EnvironmentsDefinitionError)) throw error;
    io.printError(error.message);
    return EXIT_CANNOT_RUN;
  }
  for (const warning of loaded.warnings) io.printError(`Warning: ${warning}`);
  const choice = chooseTarget(parsed.arguments, loaded.environments);
  if (!choice.ok) {
    io.printError(`smoke:aws: ${choice.message}`);
    return EXIT_CANNOT_RUN;
  }
  const { target } = choice;

  const clients = io.createClients(target.env.region);
  try {
    const caller = await checkCallerAccount(clients.sts, target.env);
    if (!caller.ok) {
      io.printError(`smoke:aws: ${caller.message}`);
      return EXIT_CANNOT_RUN;
    }
    io.print(`smoke:aws ${target.env.name}: account ${target.env.accountId}, region ${target.env.region}, as ${caller.arn}`);
    const results = await runSmoke(target, {
      clients,
      deployment: io.createDeployment(target.env.name, io.print),
      clock: io.clock,
      print: io.print,
    });
    io.print(summaryLine(target.env.name, results));
    return allPassed(results) ? EXIT_PASSED : EXIT_FAILED;
  } finally {
    destroySmokeClients(clients);
  }
}

if (require.main === module) runCli(main, EXIT_FAILED);
