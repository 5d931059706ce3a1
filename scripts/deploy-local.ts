/**
 * `npm run deploy:local [-- <env>] [-- --exit]`: try the project without an AWS account.
 * Starts the AWS emulator on loopback, deploys one environment (dev by default) to it, prints
 * the stack outputs and how to look around with the AWS CLI, then keeps the emulator up until
 * Ctrl-C (or stops at once with --exit). The emulator never outlives this command.
 */
import path from 'node:path';
import { startEmulator } from './lib/emulator';
import { applyStack, environmentNamed, initStack, stackOutputs, synthLocalStack } from './lib/local-stack';
import { CLI_CONFIG_DIR } from './lib/terraform';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const exitWhenDone = args.includes('--exit');
  const envName = args.find((arg) => !arg.startsWith('--')) ?? 'dev';
  const environment = environmentNamed(envName);

  console.log(`Starting the AWS emulator as account ${environment.accountId} ...`);
  const emulator = await startEmulator({ accountId: environment.accountId, region: environment.region, keepAlive: true });
  try {
    console.log(`Emulator listening at ${emulator.endpoint}`);
    const stack = synthLocalStack(environment, emulator.endpoint, path.join(CLI_CONFIG_DIR, 'local', envName), emulator.env());
    console.log(`Deploying ${envName} (${stack.stackDir}) ...`);
    await initStack(stack);
    await applyStack(stack, (chunk) => process.stdout.write(chunk));

    const outputs = await stackOutputs(stack);
    console.log('\nStack outputs:');
    for (const [name, value] of Object.entries(outputs)) console.log(`  ${name} = ${value}`);
    console.log(
      `\nInspect it: AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing aws --endpoint-url ${emulator.endpoint} ` +
        `--region ${environment.region} cloudtrail get-trail-status --name ${outputs.trail_arn}`,
    );
    if (exitWhenDone) return;
    console.log('The emulator keeps running until you press Ctrl-C.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  } finally {
    await emulator.stop();
    console.log('Emulator stopped.');
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
