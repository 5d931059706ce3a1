import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StackValidation, validateStack, validateTogether } from '../../scripts/validate';
import { LOG_ARCHIVE_RECIPE } from '../../scripts/lib/access-proof/subjects';
import { PROJECT_ROOT } from '../../scripts/lib/project-root';

/**
 * GIVEN every built-in environment synthesized, and the log-archive account's recipe WHEN Terraform
 * validates them THEN all are valid. One validate run reads them all (validateTogether); a stack
 * broken on purpose in the same run is the only one refused, with its own problem.
 */
describe('terraform validate', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'validate-'));
  const outdir = path.join(work, 'cdktf.out');
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  let shipped: StackValidation[];
  let together: StackValidation[];

  beforeAll(async () => {
    const synth = spawnSync('bash', [path.join(PROJECT_ROOT, 'scripts', 'synth.sh')], {
      env: { ...process.env, S3_AUDIT_TRAIL_OUTDIR: outdir },
      encoding: 'utf8',
    });
    expect(synth.status).toBe(0);
    const recipe = path.join(work, 'log-archive-account');
    cpSync(path.dirname(LOG_ARCHIVE_RECIPE), recipe, { recursive: true });
    // dev with one argument the AWS provider does not have on the trail.
    const broken = path.join(work, 'broken', 'dev-broken');
    cpSync(path.join(outdir, 'stacks', 'dev'), broken, { recursive: true });
    const stack = JSON.parse(readFileSync(path.join(broken, 'cdk.tf.json'), 'utf8'));
    for (const trail of Object.values(stack.resource.aws_cloudtrail) as Record<string, unknown>[]) trail.is_multi_region = true;
    writeFileSync(path.join(broken, 'cdk.tf.json'), JSON.stringify(stack));
    const stacks = readdirSync(path.join(outdir, 'stacks')).sort().map((stack) => path.join(outdir, 'stacks', stack));
    // The recipe has required variables, which a module call would have to give: it is validated alone.
    const [results, recipeResult] = await Promise.all([validateTogether([...stacks, broken]), validateStack(recipe)]);
    shipped = results.slice(0, stacks.length);
    together = [...results.slice(stacks.length), recipeResult];
  }, 300_000);

  test('GIVEN every built-in environment synthesized WHEN Terraform validates the stacks THEN all are valid', () => {
    expect(shipped.map((result) => result.stack)).toEqual(['dev', 'prod', 'staging']);
    for (const result of shipped) expect(result).toMatchObject({ valid: true, problems: [] });
  });

  test('GIVEN the log-archive account recipe (examples/log-archive-account) WHEN Terraform validates it THEN it is valid', () => {
    expect(together.find((result) => result.stack === 'log-archive-account')).toMatchObject({ valid: true, problems: [] });
  });

  test('GIVEN a stack with an argument the provider does not have, validated with the shipped ones WHEN Terraform validates them together THEN only it is refused, naming the argument', () => {
    const broken = together.find((result) => result.stack === "dev-broken");
    expect(broken?.valid).toBe(false);
    expect(broken?.problems.join('\n')).toContain('is_multi_region');
  });
});
