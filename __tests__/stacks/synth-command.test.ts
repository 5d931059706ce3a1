import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validEnvironment } from '../support/environments';

const ROOT = join(__dirname, '..', '..');

function synth(outdir: string, environments: unknown) {
  const definition = join(outdir, '..', 'environments.json');
  writeFileSync(definition, JSON.stringify(environments));
  return spawnSync('bash', [join(ROOT, 'scripts', 'synth.sh')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, S3_AUDIT_TRAIL_ENVIRONMENTS: definition, S3_AUDIT_TRAIL_OUTDIR: outdir },
    timeout: 60_000,
  });
}

describe('npm run synth', () => {
  let work: string;
  let outdir: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'synth-'));
    outdir = join(work, 'cdktf.out');
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  test('GIVEN valid environments WHEN synthesized THEN each gets cdktf.out/stacks/<env>/cdk.tf.json', () => {
    const result = synth(outdir, [validEnvironment({ name: 'one' }), validEnvironment({ name: 'two' })]);
    expect(result.status).toBe(0);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['one', 'two']);
    const stack = JSON.parse(readFileSync(join(outdir, 'stacks', 'one', 'cdk.tf.json'), 'utf8'));
    expect(Object.values(stack.resource.aws_cloudtrail).map((t: any) => t.name)).toEqual(['acme-one-s3-audit']);
  });

  test('GIVEN an invalid definition WHEN synthesized THEN it exits non-zero, says why, and leaves the previous output untouched', () => {
    mkdirSync(join(outdir, 'stacks', 'previous'), { recursive: true });
    writeFileSync(join(outdir, 'stacks', 'previous', 'cdk.tf.json'), '{}');

    const result = synth(outdir, [validEnvironment({ accountId: '12345', alarmEmails: ['nope'] })]);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid environments definition (2 problems)');
    expect(result.stderr).toContain('environment "test", field accountId: "12345" is not a 12-digit AWS account id');
    expect(result.stderr).toContain('environment "test", field alarmEmails[0]: "nope" is not a valid email address');
    expect(readdirSync(join(outdir, 'stacks'))).toEqual(['previous']);
    expect(readdirSync(work).sort()).toEqual(['cdktf.out', 'environments.json']);
  });

  test('GIVEN a definition with no environments WHEN synthesized THEN it exits non-zero and writes nothing', () => {
    const result = synth(outdir, []);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no environments are defined');
    expect(existsSync(outdir)).toBe(false);
  });
});
