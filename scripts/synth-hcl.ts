/**
 * `npm run synth:hcl [-- <folder>]`: every environment stack as HCL, `<folder>/stacks/<env>/main.tf`
 * (default cdktf.out.hcl), for teams that review or keep HCL: what `cdktf synth --hcl` writes,
 * with cdktf 0.21's rendering defects repaired (scripts/lib/hcl), then `terraform fmt`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { App } from 'cdktf';
import { environmentStacks } from '../stacks/environment-stacks';
import { ENVIRONMENTS } from '../stacks/environments';
import { loadEnvironments } from '../stacks/load-environments';
import { stackHcl } from './lib/hcl/stack-hcl';
import { PROJECT_ROOT } from './lib/project-root';
import { terraformFmt } from './lib/terraform';

export function synthHcl(outdir: string, environ: NodeJS.ProcessEnv = process.env): string[] {
  const { environments } = loadEnvironments(ENVIRONMENTS, environ);
  const app = new App({ skipValidation: true });
  const stacks = environments.flatMap((env) => environmentStacks(app, env));
  for (const stack of stacks) stack.runAllValidations();
  rmSync(outdir, { recursive: true, force: true });
  for (const stack of stacks) {
    // What synth does first: cdktf adds the default backend here when a stack has none.
    stack.prepareStack();
    const dir = path.join(outdir, 'stacks', stack.node.id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'main.tf'), stackHcl(stack));
  }
  terraformFmt(outdir, 'the HCL');
  return stacks.map((stack) => stack.node.id);
}

if (require.main === module) {
  const outdir = path.resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2] ?? path.join(PROJECT_ROOT, 'cdktf.out.hcl'));
  try {
    console.log(`Wrote ${synthHcl(outdir).join(', ')} to ${outdir}/stacks/<env>/main.tf`);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
