/**
 * Runs a command (e.g. `cdktf deploy prod`) with the Terraform environment the project's own
 * commands use: the provider mirror's CLI configuration when TF_PROVIDER_MIRROR (or the machine's
 * well-known mirror) applies, and no calls home.
 */
import { spawnSync } from 'node:child_process';
import { terraformEnv } from './lib/terraform';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-terraform.ts <command> [args...]');
  process.exit(2);
}
const result = spawnSync(command, args, { stdio: 'inherit', env: terraformEnv() });
if (result.error) console.error(`cannot run ${command}: ${result.error.message}`);
process.exit(result.status ?? 1);
