import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateAll } from '../../scripts/validate';
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
});
