/**
 * `npm run validate`: every synthesized stack through `terraform init -backend=false` and
 * `terraform validate`, all stacks in one Terraform run (validateTogether), one line of result per
 * stack. Exits non-zero if any fails.
 * Run `npm run synth` first (the npm script does).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  return validateTogether(readdirSync(stacksDir).sort().map((stack) => path.join(stacksDir, stack)));
}

/**
 * What Terraform says when a root module is called as a child, which is how validateTogether reads
 * each stack; Terraform's own text says calling a root module as a child for testing is what it
 * allows this for. The backend is not read by `validate` either way (`init -backend=false`).
 */
const CALLED_AS_A_CHILD = new Set(['Backend configuration ignored']);
const CALLS_FILE = 'main.tf';

interface ValidateReport {
  valid: boolean;
  diagnostics: { severity: string; summary: string; detail?: string; range?: { filename: string; start: { line: number } } }[];
}

/**
 * Validates several root modules with one `terraform init` and one `terraform validate`: a scratch
 * root calls each as a child module, so the AWS provider's schema, which each Terraform command
 * loads again and which is most of what validating one stack costs, is loaded once for all of them.
 * Each diagnostic goes to the stack its file belongs to, or whose module call it is about (a root
 * with required variables cannot be called without them: validate it alone, with validateStack);
 * one without a file goes to every stack.
 */
export async function validateTogether(stackDirs: readonly string[], env = terraformEnv()): Promise<StackValidation[]> {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  const root = mkdtempSync(path.join(tmpdir(), 'validate-together-'));
  try {
    // Four lines per call, so that a diagnostic on line n of main.tf is about call (n - 1) / 4.
    const calls = stackDirs.map((dir, index) => `module "stack_${index}" {\n  source = ${JSON.stringify(`./${path.relative(root, dir).split(path.sep).join('/')}`)}\n}\n`);
    writeFileSync(path.join(root, CALLS_FILE), calls.join('\n'));
    let report: ValidateReport;
    try {
      await init(root, { backend: false, env });
      const result = await terraform(['validate', '-json', '-no-color'], { cwd: root, env, timeoutMs: 300_000 });
      report = JSON.parse(result.stdout) as ValidateReport;
    } catch (error) {
      return stackDirs.map((dir) => ({ stack: path.basename(dir), valid: false, problems: [(error as Error).message], seconds: seconds() }));
    }
    const diagnostics = report.diagnostics.filter((d) => !(d.severity === 'warning' && CALLED_AS_A_CHILD.has(d.summary)));
    const callOf = (line: number) => Math.floor((line - 1) / 4);
    // An error in a module call (a required variable) stops Terraform before it reads the modules:
    // then the stacks it said nothing about are validated one by one.
    const callErrors = diagnostics.some((d) => d.severity === 'error' && d.range?.filename === CALLS_FILE);
    const results = stackDirs.map((dir, index) => {
      const own = diagnostics.filter((d) => {
        if (!d.range) return true;
        if (d.range.filename === CALLS_FILE) return callOf(d.range.start.line) === index;
        return isInside(path.resolve(root, d.range.filename), dir);
      });
      const problems = own.map((d) => `${d.severity}: ${d.summary}${d.detail ? ` (${d.detail})` : ''}`);
      return { stack: path.basename(dir), valid: !own.some((d) => d.severity === 'error'), problems, seconds: seconds() };
    });
    if (!callErrors) return results;
    return await Promise.all(results.map((result, index) => (result.valid ? validateStack(stackDirs[index], env) : result)));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

if (require.main === module) {
  validateAll().then(
    (results) => {
      for (const result of results) {
        console.log(`${result.valid ? 'valid  ' : 'INVALID'} ${result.stack}`);
        for (const problem of result.problems) console.log(`        ${problem}`);
      }
      if (results.length > 0) console.log(`(${results[0].seconds.toFixed(1)} s for all ${results.length})`);
      process.exitCode = results.every((result) => result.valid) ? 0 : 1;
    },
    (error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
