/**
 * `npm run validate`: every synthesized stack through `terraform init -backend=false` and
 * `terraform validate`, stacks in parallel, one line of result per stack. Exits non-zero if any fails.
 * Run `npm run synth` first (the npm script does).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { init, terraform, terraformEnv } from './lib/terraform';
import { PROJECT_ROOT } from './lib/project-root';

export interface StackValidation {
  readonly stack: string;
  readonly valid: boolean;
  readonly problems: readonly string[];
  readonly seconds: number;
}

export async function validateStack(stackDir: string, env = terraformEnv()): Promise<StackValidation> {
  const started = Date.now();
  const stack = path.basename(stackDir);
  const seconds = () => (Date.now() - started) / 1000;
  try {
    await init(stackDir, { backend: false, env });
    const result = await terraform(['validate', '-json', '-no-color'], { cwd: stackDir, env, timeoutMs: 120_000 });
    const report = JSON.parse(result.stdout) as { valid: boolean; diagnostics: { severity: string; summary: string; detail?: string }[] };
    const problems = report.diagnostics.map((d) => `${d.severity}: ${d.summary}${d.detail ? ` (${d.detail})` : ''}`);
    return { stack, valid: report.valid && result.code === 0, problems, seconds: seconds() };
  } catch (error) {
    return { stack, valid: false, problems: [(error as Error).message], seconds: seconds() };
  }
}

export async function validateAll(outdir = path.join(PROJECT_ROOT, 'cdktf.out')): Promise<StackValidation[]> {
  const stacksDir = path.join(outdir, 'stacks');
  const stacks = readdirSync(stacksDir).sort();
  const env = terraformEnv();
  return Promise.all(stacks.map((stack) => validateStack(path.join(stacksDir, stack), env)));
}

if (require.main === module) {
  validateAll().then(
    (results) => {
      for (const result of results) {
        console.log(`${result.valid ? 'valid  ' : 'INVALID'} ${result.stack} (${result.seconds.toFixed(1)} s)`);
        for (const problem of result.problems) console.log(`        ${problem}`);
      }
      process.exitCode = results.every((result) => result.valid) ? 0 : 1;
    },
    (error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
