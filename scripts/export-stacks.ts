/**
 * `npm run export:stacks -- <folder>`: writes each environment's synthesized stack to
 * `<folder>/<env>/cdk.tf.json`, a folder meant to be committed, for VCS-driven Terraform Cloud
 * workspaces (working directory `<folder>/<env>`) or any pipeline that runs plain Terraform on a
 * checkout. `cdktf.out` is rebuilt by every synth and git-ignored; this folder is not.
 *
 * All or nothing: synth runs into a scratch folder first, and the target's stacks are replaced
 * only when every environment synthesized and passed the compliance pack. Other files in the
 * folder (a README, a .terraform.lock.hcl you commit) are left alone.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultLocalStatePath } from '../stacks/environment-backend';
import { synthesize } from './lib/synth';

/** Terraform's own default: a local state beside the configuration, in the exported folder itself. */
export const EXPORTED_LOCAL_STATE = 'terraform.tfstate';

/**
 * A local backend's default path leads from cdktf.out/stacks/<env> to the project root; from
 * <folder>/<env> the same path leads out of the exported folder, somewhere else in the user's
 * repository. Exported, the state stays in the stack's own folder. A path the environment set
 * itself is the user's and is kept.
 */
function keepLocalStateInFolder(stackFile: string, envName: string): boolean {
  const stack = JSON.parse(readFileSync(stackFile, 'utf8'));
  const local = stack.terraform?.backend?.local;
  if (!local || local.path !== defaultLocalStatePath(envName)) return false;
  local.path = EXPORTED_LOCAL_STATE;
  writeFileSync(stackFile, `${JSON.stringify(stack, null, 2)}\n`);
  return true;
}

/** What a committed stack folder gets from a synth: the stack and its compliance report. */
const EXPORTED_FILES = ['cdk.tf.json', 'compliance.json'] as const;

export function exportStacks(target: string, env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log): string[] {
  const scratch = mkdtempSync(path.join(tmpdir(), 'export-stacks-'));
  try {
    const outdir = path.join(scratch, 'cdktf.out');
    const { stderr } = synthesize(outdir, env);
    if (stderr.trim()) process.stderr.write(stderr);
    const stacks = readdirSync(path.join(outdir, 'stacks')).sort();
    for (const stack of stacks) {
      const destination = path.join(target, stack);
      mkdirSync(destination, { recursive: true });
      for (const file of EXPORTED_FILES) {
        const source = path.join(outdir, 'stacks', stack, file);
        if (existsSync(source)) cpSync(source, path.join(destination, file));
      }
      if (keepLocalStateInFolder(path.join(destination, 'cdk.tf.json'), stack)) {
        log(`${stack}: local state goes to ${path.join(destination, EXPORTED_LOCAL_STATE)}; do not commit it (give the environment an s3 or cloud backend to share state)`);
      }
    }
    return stacks;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [folder, ...rest] = process.argv.slice(2);
  if (!folder || rest.length > 0 || folder.startsWith('-')) {
    console.error('usage: npm run export:stacks -- <folder>   (e.g. terraform/stacks; commit the result)');
    process.exit(2);
  }
  const target = path.resolve(process.env.INIT_CWD ?? process.cwd(), folder);
  try {
    const stacks = exportStacks(target);
    console.log(`Exported ${stacks.join(', ')} to ${target}/<env>/cdk.tf.json`);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
