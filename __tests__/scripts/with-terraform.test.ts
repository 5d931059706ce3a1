import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostPlatform, lockPlatforms } from '../../scripts/lib/provider-lock';
import { cdktfArgsAfterSynth, cdktfOutdir } from '../../scripts/with-terraform';

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
