import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportModule } from '../../scripts/export-module';
import { Emulator, startEmulator } from '../../scripts/lib/emulator';
import { terraformEnv } from '../../scripts/lib/terraform';
import { emulatorOverride, TerraformRoot } from '../support/terraform-root';

/**
 * GIVEN the exported module's complete example WHEN it is applied to the AWS emulator THEN it
 * converges: the next plan is empty. And a plan that watches so many buckets that a filter
 * pattern outgrows CloudWatch's limit is refused by the module's precondition.
 */
describe('the exported module applied to the emulator', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'module-apply-'));
  const moduleDir = path.join(work, 'terraform-aws-s3-audit-trail');
  let emulator: Emulator;
  let example: TerraformRoot;

  beforeAll(async () => {
    await exportModule(moduleDir);
    // The example's provider allows only account 333333333333.
    emulator = await startEmulator({ accountId: '333333333333' });
    const env = terraformEnv({ ...process.env, ...emulator.env() });
    const exampleDir = path.join(moduleDir, 'examples', 'complete');
    example = TerraformRoot.write(exampleDir, { 'emulator_override.tf': emulatorOverride(emulator) }, env);
    await example.init(true);
  }, 180_000);
  afterAll(async () => {
    await emulator?.stop();
    rmSync(work, { recursive: true, force: true });
  }, 30_000);

  test('THEN examples/complete applies, and a second plan finds nothing to change', async () => {
    const apply = await example.run(['apply', '-auto-approve', '-input=false'], 420_000);
    expect({ code: apply.code, stderr: apply.stderr }).toEqual({ code: 0, stderr: '' });
    const plan = await example.run(['plan', '-detailed-exitcode', '-input=false']);
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
  }, 600_000);

  test('WHEN 30 buckets are watched THEN the plan fails on the 1024-character filter pattern limit', async () => {
    const dir = path.join(work, 'too-many-buckets');
    const buckets = Array.from({ length: 30 }, (_, i) => `"acme-customer-data-bucket-${i}"`).join(', ');
    const root = TerraformRoot.write(dir, {
      'emulator_override.tf': emulatorOverride(emulator),
      'main.tf': `provider "aws" {\n  region = "us-east-1"\n}\n\nmodule "audit" {\n  source          = "${moduleDir}"\n  name            = "acme-wide"\n  watched_buckets = [${buckets}]\n}\n`,
    }, terraformEnv({ ...process.env, ...emulator.env() }));
    await root.init();
    const plan = await root.run(['plan', '-input=false']);
    expect(plan.code).toBe(1);
    expect(plan.stderr.replace(/\s+/g, ' ')).toContain('the filter pattern of this detection is longer than the 1024 characters CloudWatch Logs accepts. Watch fewer buckets, or all');
  }, 300_000);
});
