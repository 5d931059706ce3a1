import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostPlatform, lockPlatforms } from '../../scripts/lib/provider-lock';
import { cdktfArgsAfterSynth, cdktfOutdir, missingCredentialsMessage } from '../../scripts/with-terraform';
import { validEnvironment } from '../support/environments';

describe('the folder `npm run deploy` / `diff` prepares lock files in: where cdktf will synthesize', () => {
  let project: string;
  beforeEach(() => (project = mkdtempSync(join(tmpdir(), 'with-terraform-'))));
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  test('GIVEN no output option and no cdktf.json output WHEN resolved THEN it is cdktf.out in the project', () => {
    expect(cdktfOutdir(['diff', 'dev'], project)).toBe(join(project, 'cdktf.out'));
  });

  test('GIVEN cdktf.json names an output WHEN resolved THEN that folder is used', () => {
    writeFileSync(join(project, 'cdktf.json'), JSON.stringify({ output: 'build/tf' }));
    expect(cdktfOutdir(['deploy', 'prod'], project)).toBe(join(project, 'build', 'tf'));
  });

  test.each([
    [['diff', 'dev', '-o', 'elsewhere']],
    [['diff', 'dev', '--output', 'elsewhere']],
    [['diff', 'dev', '--output=elsewhere']],
  ])('GIVEN the command line %j WHEN resolved THEN the option wins over cdktf.json', (args) => {
    writeFileSync(join(project, 'cdktf.json'), JSON.stringify({ output: 'build/tf' }));
    expect(cdktfOutdir(args, project)).toBe(join(project, 'elsewhere'));
  });
});

describe('the platforms a lock file is written for', () => {
  test('GIVEN a Linux x64 machine WHEN locking THEN only linux_amd64, which cdktf locks for too', () => {
    expect(lockPlatforms(hostPlatform('linux', 'x64'))).toEqual(['linux_amd64']);
  });

  test('GIVEN an Apple silicon Mac WHEN locking THEN this machine, for init, and linux_amd64, as cdktf would', () => {
    expect(lockPlatforms(hostPlatform('darwin', 'arm64'))).toEqual(['darwin_arm64', 'linux_amd64']);
  });
});

describe('the cdktf command `npm run deploy` / `diff` runs once it has synthesized', () => {
  test('GIVEN `diff dev` WHEN prepared THEN cdktf is told to skip the synth just done', () => {
    expect(cdktfArgsAfterSynth(['diff', 'dev'])).toEqual(['diff', 'dev', '--skip-synth']);
  });

  test('GIVEN the user already asked to skip synth WHEN prepared THEN the flag is not repeated', () => {
    expect(cdktfArgsAfterSynth(['deploy', 'prod', '--skip-synth', '--auto-approve'])).toEqual(['deploy', 'prod', '--skip-synth', '--auto-approve']);
  });
});

describe('npm run diff / deploy without AWS credentials', () => {
  const ROOT = join(__dirname, '..', '..');
  const environ = { S3_AUDIT_TRAIL_ENVIRONMENTS: undefined } as NodeJS.ProcessEnv;

  test('GIVEN no credentials WHEN diff is asked for an environment THEN the message names its account, how to set credentials, and the emulator instead', async () => {
    const message = await missingCredentialsMessage(['diff', 'staging'], environ, async () => false);
    expect(message?.split('\n')).toEqual([
      "npm run diff needs AWS credentials for the environment's account: 222222222222 (staging), and found none.",
      'Set AWS_PROFILE (after `aws sso login` or `aws configure`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).',
      'Without an AWS account, plan or deploy against the local emulator instead:',
      '  npm run deploy:local -- staging --plan     # what it would create, then stop',
      '  npm run deploy:local -- staging            # apply it to the emulator',
    ]);
  });

  test('GIVEN credentials WHEN deploy is asked THEN nothing is said', async () => {
    expect(await missingCredentialsMessage(['deploy', 'prod', '--auto-approve'], environ, async () => true)).toBeUndefined();
  });

  test('GIVEN an environment pointed at the local emulator THEN no credentials are looked for', async () => {
    const work = mkdtempSync(join(tmpdir(), 'with-terraform-'));
    try {
      const definition = join(work, 'environments.json');
      writeFileSync(definition, JSON.stringify([validEnvironment({ name: 'local', endpoint: 'http://127.0.0.1:4566' })]));
      const looked = jest.fn(async () => false);
      expect(await missingCredentialsMessage(['diff', 'local', '-o', 'out'], { S3_AUDIT_TRAIL_ENVIRONMENTS: definition }, looked)).toBeUndefined();
      expect(looked).not.toHaveBeenCalled();
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('GIVEN a command that does not call AWS THEN no credentials are looked for', async () => {
    const looked = jest.fn(async () => false);
    expect(await missingCredentialsMessage(['synth'], environ, looked)).toBeUndefined();
    expect(looked).not.toHaveBeenCalled();
  });

  test('GIVEN no credentials anywhere WHEN `npm run diff -- dev` runs THEN it exits 2 with that message first, before any synth or cdktf output', () => {
    const work = mkdtempSync(join(tmpdir(), 'no-credentials-'));
    try {
      writeFileSync(join(work, 'config'), '');
      writeFileSync(join(work, 'credentials'), '');
      const env: NodeJS.ProcessEnv = Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && name !== 'S3_AUDIT_TRAIL_ENVIRONMENTS' && name !== 'INIT_CWD'),
      );
      Object.assign(env, { AWS_CONFIG_FILE: join(work, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(work, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' });
      const result = spawnSync('npm', ['run', '--silent', 'diff', '--', 'dev'], { cwd: ROOT, env, encoding: 'utf8', timeout: 90_000 });
      expect(result.stderr.trimStart()).toMatch(/^npm run diff needs AWS credentials for the environment's account: 111111111111 \(dev\), and found none\./);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toMatch(/Synthesized|Locking providers|No valid credential sources/);
      expect(result.status).toBe(2);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 100_000);
});
