/**
 * Slow tier: planning against the AWS emulator, with no AWS account. `deploy:local --plan` plans an
 * environment of a definition (here the example a newcomer starts from) and stops; `plan:local`
 * plans a Terraform root of the user's own that calls the exported module by a local path
 * (examples/terraform-root, as docs/offline.md shows it) and leaves that folder as it was.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportModule } from '../../scripts/export-module';
import { OVERRIDE_FILE } from '../../scripts/plan-local';
import { CLI_CONFIG_DIR } from '../../scripts/lib/terraform';
import { npmRun } from '../support/npm-run';

const ROOT = join(__dirname, '..', '..');


const { S3_AUDIT_TRAIL_ENVIRONMENTS: _definition, INIT_CWD: _from, ...environ } = process.env;

test('GIVEN the example definition WHEN `deploy:local -- prod --plan` runs THEN it plans the whole stack against the emulator, applies nothing, and stops', async () => {
  const run = await npmRun(['deploy:local', '--', 'prod', '--plan'], { ...environ, S3_AUDIT_TRAIL_ENVIRONMENTS: join(ROOT, 'examples', 'two-accounts.json') }, 400_000);
  expect(run.output).toMatch(/Plan: \d{3} to add, 0 to change, 0 to destroy\./);
  expect(run.output).toContain('Emulator stopped.');
  expect(run.output).not.toContain('Apply complete');
  expect(existsSync(join(CLI_CONFIG_DIR, 'local', 'prod', 'terraform.prod.tfstate'))).toBe(false);
  expect(run.code).toBe(0);
  rmSync(join(CLI_CONFIG_DIR, 'local', 'prod'), { recursive: true, force: true });
}, 420_000);

describe('a Terraform root of your own, calling the exported module by a local path', () => {
  const work = mkdtempSync(join(tmpdir(), 'plan-local-'));
  const root = join(work, 'examples', 'terraform-root');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('WHEN `plan:local` plans it THEN the module plans against the emulator, and the folder is left as it was', async () => {
    // The example's `source` is ../../dist/terraform-aws-s3-audit-trail: the same layout, in a scratch folder.
    await exportModule(join(work, 'dist', 'terraform-aws-s3-audit-trail'));
    cpSync(join(ROOT, 'examples', 'terraform-root'), root, { recursive: true });
    const before = readdirSync(root).sort();

    const run = await npmRun(['plan:local', '--', root], environ, 600_000);

    expect(run.output).toContain('as account 444455556666');
    expect(run.output).toMatch(/Plan: \d{3} to add, 0 to change, 0 to destroy\./);
    expect(run.output).not.toMatch(/registry\.terraform\.io|Unable to open CLI configuration/);
    expect(run.code).toBe(0);
    expect(readdirSync(root).sort()).toEqual(before);
    expect(before).not.toContain(OVERRIDE_FILE);
  }, 660_000);
});
