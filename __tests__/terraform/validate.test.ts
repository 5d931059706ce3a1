import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateAll, validateStack } from '../../scripts/validate';
import { LOG_ARCHIVE_RECIPE } from '../../scripts/lib/access-proof/subjects';
import { PROJECT_ROOT } from '../../scripts/lib/project-root';

describe('terraform validate', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'validate-'));
  const outdir = path.join(work, 'cdktf.out');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('GIVEN every built-in environment synthesized WHEN Terraform validates each stack THEN all are valid', async () => {
    const synth = spawnSync('bash', [path.join(PROJECT_ROOT, 'scripts', 'synth.sh')], {
      env: { ...process.env, S3_AUDIT_TRAIL_OUTDIR: outdir },
      encoding: 'utf8',
    });
    expect(synth.status).toBe(0);

    const results = await validateAll(outdir);

    expect(results.map((result) => result.stack)).toEqual(['dev', 'prod', 'staging']);
    for (const result of results) expect(result).toMatchObject({ valid: true, problems: [] });
  }, 300_000);

  test('GIVEN the log-archive account recipe (examples/log-archive-account) WHEN Terraform validates it THEN it is valid', async () => {
    const recipe = path.join(work, 'log-archive-account');
    cpSync(path.dirname(LOG_ARCHIVE_RECIPE), recipe, { recursive: true });
    expect(await validateStack(recipe)).toMatchObject({ valid: true, problems: [] });
  }, 300_000);
});
