import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validEnvironment } from '../support/environments';

const ROOT = join(__dirname, '..', '..');

/** This process's environment without the settings a test run may have inherited from npm or the user. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  const { S3_AUDIT_TRAIL_ENVIRONMENTS: _definition, INIT_CWD: _startedFrom, ...rest } = process.env;
  return rest;
}

/** Runs synth.sh as a user would from `cwd`, with extra environment settings. */
function synthFrom(cwd: string, env: NodeJS.ProcessEnv, shellPrefix = '') {
  return spawnSync('bash', ['-c', `${shellPrefix}exec bash "$0"`, join(ROOT, 'scripts', 'synth.sh')], {
    cwd,
    encoding: 'utf8',
    env: { ...cleanEnvironment(), ...env },
    timeout: 60_000,
  });
}

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

  // Each successful synth is a process that builds a stack: one run checks both the umask and the
  // relative path, which are independent of each other.
  test.each([
    ['027', 'S3_AUDIT_TRAIL_ENVIRONMENTS relative to the folder synth.sh is run from, not the project', 0o750, true],
    ['002', 'an absolute S3_AUDIT_TRAIL_ENVIRONMENTS, run from the project', 0o775, false],
  ])(
    'GIVEN umask %s and %s WHEN synthesized THEN the output folder gets 0777 minus the umask, as any other build output, and the definition is the one named',
    (umask, _given, mode, relative) => {
      writeFileSync(join(work, 'environments.json'), JSON.stringify([validEnvironment({ name: 'relative' })]));
      const definition = relative ? 'environments.json' : join(work, 'environments.json');
      const result = synthFrom(relative ? work : ROOT, { S3_AUDIT_TRAIL_ENVIRONMENTS: definition, S3_AUDIT_TRAIL_OUTDIR: outdir }, `umask ${umask}; `);
      expect(result.status).toBe(0);
      expect((statSync(outdir).mode & 0o777).toString(8)).toBe(mode.toString(8));
      expect(readdirSync(join(outdir, 'stacks'))).toEqual(['relative']);
    },
  );

  test('GIVEN a relative S3_AUDIT_TRAIL_ENVIRONMENTS that does not exist WHEN synth.sh is run from another folder THEN the message shows the absolute path tried', () => {
    const result = synthFrom(work, { S3_AUDIT_TRAIL_ENVIRONMENTS: 'missing.json', S3_AUDIT_TRAIL_OUTDIR: outdir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${join(work, 'missing.json')}): no such file`);
    expect(existsSync(outdir)).toBe(false);
  });

  test('GIVEN a definition with no environments WHEN synthesized THEN it exits non-zero and writes nothing', () => {
    const result = synth(outdir, []);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no environments are defined');
    expect(existsSync(outdir)).toBe(false);
  });

  test('GIVEN a definition file WHEN synthesized THEN the output names the file it used and its environments', () => {
    const result = synth(outdir, [validEnvironment({ name: 'one' }), validEnvironment({ name: 'two' })]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Definition: ${join(work, 'environments.json')}; environments: one, two`);
  });

  test.each(['', '   '])('GIVEN S3_AUDIT_TRAIL_ENVIRONMENTS=%j WHEN synthesized THEN it is refused and the previous output stays', (setting) => {
    mkdirSync(join(outdir, 'stacks', 'previous'), { recursive: true });
    const result = synthFrom(work, { S3_AUDIT_TRAIL_ENVIRONMENTS: setting, S3_AUDIT_TRAIL_OUTDIR: outdir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`S3_AUDIT_TRAIL_ENVIRONMENTS=${JSON.stringify(setting)} names no file`);
    expect(readdirSync(join(outdir, 'stacks'))).toEqual(['previous']);
  });
});
