/**
 * `npm run plan:local -- <terraform root folder> [--account <id>]`: plans a Terraform root of your
 * own (one that calls the exported module, say) against the local AWS emulator: no AWS account, no
 * credentials, no registry when a provider mirror is set. Nothing in the folder changes for good:
 * an override file pointing the aws provider (and the state) at the emulator is there only while
 * the plan runs, Terraform's working data goes to a scratch folder (TF_DATA_DIR), and the
 * dependency lock file is put back as it was (or removed, if the root had none).
 *
 * The account is the root's `allowed_account_ids` when it names one, else `--account`, else the
 * emulator's default. Exit codes: Terraform's own (0 planned); 2 could not start.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from './lib/emulator';
import { emulatorOverride } from './lib/emulator-override';
import { exitCodeFor, listenForStopRequests, StopReason } from './lib/stop-requests';
import { init, terraform, terraformEnv } from './lib/terraform';

const USAGE = 'usage: npm run plan:local -- <terraform root folder> [--account <12-digit id>]';
const EXIT_CANNOT_START = 2;
/** The emulator's own account when nothing names one. */
const DEFAULT_ACCOUNT = '123456789012';
/** Written into the root while the plan runs; a name no one else's file will have. */
export const OVERRIDE_FILE = 's3_audit_trail_plan_local_override.tf';

/** The one account the root's provider allows, if its .tf files name exactly one. */
export function allowedAccount(rootDir: string): string | undefined {
  const accounts = new Set<string>();
  for (const file of readdirSync(rootDir).filter((name) => name.endsWith('.tf'))) {
    for (const [, list] of readFileSync(path.join(rootDir, file), 'utf8').matchAll(/allowed_account_ids\s*=\s*\[([^\]]*)\]/g)) {
      for (const [, id] of list.matchAll(/"(\d{12})"/g)) accounts.add(id);
    }
  }
  return accounts.size === 1 ? [...accounts][0] : undefined;
}

export async function main(args: readonly string[]): Promise<number> {
  let rootDir: string;
  let account: string;
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: { account: { type: 'string' } }, allowPositionals: true, strict: true });
    if (positionals.length !== 1) throw new Error(positionals.length === 0 ? 'name the Terraform root folder to plan' : `one folder at a time; also given: ${positionals.slice(1).join(' ')}`);
    rootDir = path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]);
    if (!existsSync(rootDir) || !statSync(rootDir).isDirectory()) throw new Error(`${rootDir} is not a folder`);
    if (!readdirSync(rootDir).some((name) => name.endsWith('.tf'))) throw new Error(`${rootDir} holds no .tf file`);
    account = values.account ?? allowedAccount(rootDir) ?? DEFAULT_ACCOUNT;
    if (!/^\d{12}$/.test(account)) throw new Error(`--account ${account} is not a 12-digit AWS account id`);
  } catch (error) {
    console.error(`plan:local: ${(error as Error).message}\n${USAGE}`);
    return EXIT_CANNOT_START;
  }

  const stop = listenForStopRequests();
  const scratch = mkdtempSync(path.join(tmpdir(), 'plan-local-'));
  const override = path.join(rootDir, OVERRIDE_FILE);
  // init writes the dependency lock file into the root; the root's own (if any) comes back as it was.
  const lockFile = path.join(rootDir, '.terraform.lock.hcl');
  const ownLockFile = existsSync(lockFile) ? readFileSync(lockFile) : undefined;
  const emulator = await startEmulator({ accountId: account, keepAlive: true });
  try {
    console.log(`Emulator listening at ${emulator.endpoint} as account ${account}; planning ${rootDir}`);
    writeFileSync(override, emulatorOverride(emulator, path.join(scratch, 'terraform.tfstate')));
    const env = { ...terraformEnv({ ...process.env, ...emulator.env() }), TF_DATA_DIR: path.join(scratch, 'terraform-data') };
    const show = (chunk: string) => process.stdout.write(chunk);
    await init(rootDir, { backend: true, env, onOutput: show, signal: stop.signal, timeoutMs: 300_000 });
    const plan = await terraform(['plan', '-input=false', '-no-color'], { cwd: rootDir, env, onOutput: show, signal: stop.signal, timeoutMs: 900_000 });
    return plan.code;
  } catch (error) {
    if (!stop.signal.aborted) throw error;
    console.error(`Stopped (${stop.signal.reason as StopReason}).`);
    return exitCodeFor(stop.signal.reason as StopReason);
  } finally {
    rmSync(override, { force: true });
    if (ownLockFile === undefined) rmSync(lockFile, { force: true });
    else writeFileSync(lockFile, ownLockFile);
    await emulator.stop();
    rmSync(scratch, { recursive: true, force: true });
    stop.dispose();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
