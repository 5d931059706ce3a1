import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportModule } from '../../scripts/export-module';
import { MODULE_EXAMPLES } from '../../scripts/lib/module-example';
import { terraform, terraformEnv } from '../../scripts/lib/terraform';
import { StackValidation, validateTogether } from '../../scripts/validate';
import { TerraformRoot, Validation } from '../support/terraform-root';

/**
 * GIVEN the module exported to a folder WHEN Terraform reads it THEN it is fmt-clean, valid on
 * through each of its examples (complete, organization, control-tower), and refuses the values the environment schema refuses,
 * with the same words.
 */
describe('the exported HCL module', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'module-export-'));
  const moduleDir = path.join(work, 'terraform-aws-s3-audit-trail');
  beforeAll(async () => exportModule(moduleDir), 240_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('THEN it has the Registry standard module structure and no provider or backend', () => {
    expect(readdirSync(moduleDir).sort()).toEqual(['README.md', 'compliance.json', 'examples', 'main.tf', 'outputs.tf', 'variables.tf', 'versions.tf']);
    expect(readdirSync(path.join(moduleDir, 'examples')).sort()).toEqual(Object.keys(MODULE_EXAMPLES).sort());
    for (const folder of Object.keys(MODULE_EXAMPLES)) expect(readdirSync(path.join(moduleDir, 'examples', folder))).toEqual(['main.tf']);
  });

  test('THEN terraform fmt finds nothing to change', async () => {
    const result = await terraform(['fmt', '-check', '-recursive', '-no-color', moduleDir], { cwd: work, env: terraformEnv(), timeoutMs: 60_000 });
    expect({ code: result.code, unformatted: result.stdout }).toEqual({ code: 0, unformatted: '' });
  }, 60_000);

  // Validating an example validates the module it calls too: the module is part of its configuration.
  // All examples in one validate run (validateTogether), which answers in the order it was given them.
  const folders = Object.keys(MODULE_EXAMPLES).map((folder) => `examples/${folder}`);
  let examples: Promise<StackValidation[]>;
  beforeAll(() => {
    examples = validateTogether(folders.map((folder) => path.join(moduleDir, folder)));
  });
  test.each(folders.map((folder, index) => [folder, index] as const))('THEN %s initializes from the provider mirror and validates', async (_folder, index) => {
    expect((await examples)[index]).toMatchObject({ valid: true, problems: [] });
  }, 300_000);

  describe('WHEN called with values the environment schema refuses', () => {
    const cases: [string, string, string][] = [
      ['log_retention_days = 100', 'log_retention_days is not a retention CloudWatch Logs accepts; accepted: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.', 'retention'],
      ['name = "acme--dev"', 'name is not a valid name; expected lowercase letters, digits and single hyphens', 'a name CloudTrail refuses'],
      ['watched_buckets = ["data--x-s3"]', 'watched_buckets has a name that is not a bucket name S3 accepts: it ends with a suffix S3 reserves', 'a directory bucket name'],
      ['detections = { "cis-root-account-usage" = { period_seconds = 30 } }', 'detections has a period_seconds a metric-filter alarm cannot use; expected a multiple of 60 seconds', 'a sub-minute period'],
      ['tags = { "aws:owner" = "me" }', 'tags has a key starting with "aws:", a prefix AWS reserves for its own tags.', 'a reserved tag key'],
      ['organization = { id = "o-short" }', 'organization id is not an organization id; expected "o-" followed by 10 to 32 lowercase letters or digits.', 'an organization id too short'],
      ['organization = { id = "o-a1b2c3d4e5", management_account_id = "1111" }', 'organization management_account_id is not a 12-digit AWS account id.', 'a management account id of 4 digits'],
      ['existing_trail = { log_group_name = "control tower" }', 'existing_trail log_group_name is not a log group name CloudWatch Logs accepts', 'a log group name with a space'],
    ];
    // One root calling the module once per case, each call in a file of its own, and one validate:
    // each validate loads the provider's whole schema, and the cases are independent module calls
    // whose refusals Terraform reports all together, each at the call's own file.
    const caseFile = (index: number) => `case-${index}.tf`;
    let report: Validation;
    beforeAll(async () => {
      const files = Object.fromEntries(
        cases.map(([assignment], index) => {
          const extra = assignment.startsWith('name') ? assignment : `name = "acme-test"\n  ${assignment}`;
          return [caseFile(index), `module "audit_${index}" {\n  source = "${moduleDir}"\n  ${extra}\n}\n`];
        }),
      );
      const root = TerraformRoot.write(path.join(work, 'refusals'), files);
      await root.init();
      report = await root.validate();
    }, 300_000);

    test.each(cases.map((entry, index) => [...entry, index] as const))('GIVEN %s THEN validate refuses it (%s)', (_assignment, message, _what, index) => {
      const { valid, diagnostics } = report;
      expect(valid).toBe(false);
      const said = diagnostics
        .filter((d) => d.severity === 'error' && d.range?.filename === caseFile(index))
        .map((d) => `${d.summary}: ${d.detail ?? ''}`.replace(/\s+/g, ' '))
        .join('\n');
      expect(said).toContain(message);
    });
  });
});
