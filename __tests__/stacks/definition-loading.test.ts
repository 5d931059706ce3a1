import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DETECTION_IDS } from '../../modules/detections';
import { definitionWarnings } from '../../stacks/definition-warnings';
import { ENVIRONMENTS } from '../../stacks/environments';
import { EnvironmentsDefinitionError, loadEnvironments, parseEnvironments } from '../../stacks/load-environments';
import { validEnvironment } from '../support/environments';

function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentsDefinitionError);
    return (error as EnvironmentsDefinitionError).problems;
  }
  throw new Error('expected the definition to be rejected');
}

describe('loading the environments definition', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'definition-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    writeFileSync(path.join(work, name), text);
    return path.join(work, name);
  };

  test('GIVEN no S3_AUDIT_TRAIL_ENVIRONMENTS THEN the built-in definition is loaded', () => {
    expect(loadEnvironments(ENVIRONMENTS, {}).environments.map((env) => env.name)).toEqual(['dev', 'staging', 'prod']);
  });

  test('GIVEN a file saved with a UTF-8 byte order mark THEN it loads like any other', () => {
    const file = write('bom.json', `\uFEFF${JSON.stringify([validEnvironment()])}`);
    expect(loadEnvironments([], { S3_AUDIT_TRAIL_ENVIRONMENTS: file }).environments.map((env) => env.name)).toEqual(['test']);
  });

  test("GIVEN a relative path THEN it is resolved against the directory the command started in (npm's INIT_CWD)", () => {
    write('mine.json', JSON.stringify([validEnvironment({ name: 'mine' })]));
    const loaded = loadEnvironments([], { S3_AUDIT_TRAIL_ENVIRONMENTS: 'mine.json', INIT_CWD: work });
    expect(loaded.environments.map((env) => env.name)).toEqual(['mine']);
  });

  test('GIVEN a path to no file THEN the message shows the absolute path it tried', () => {
    expect(problemsOf(() => loadEnvironments([], { S3_AUDIT_TRAIL_ENVIRONMENTS: 'missing.json', INIT_CWD: work }))).toEqual([
      `S3_AUDIT_TRAIL_ENVIRONMENTS=missing.json (${path.join(work, 'missing.json')}): no such file`,
    ]);
  });

  test('GIVEN a file that is not JSON THEN it says so, with the parser\'s reason', () => {
    const file = write('broken.json', '[{ "name": ');
    expect(problemsOf(() => loadEnvironments([], { S3_AUDIT_TRAIL_ENVIRONMENTS: file }))[0]).toMatch(
      new RegExp(`^S3_AUDIT_TRAIL_ENVIRONMENTS=${file} \\(${file}\\) is not valid JSON: `),
    );
  });

  test.each([
    ['{ "name": "dev" }', 'an object'],
    ['null', 'null'],
    ['"dev"', '"dev"'],
  ])('GIVEN a definition that is %s THEN it asks for a JSON array of environments', (text, given) => {
    const file = write('top.json', text);
    expect(problemsOf(() => loadEnvironments([], { S3_AUDIT_TRAIL_ENVIRONMENTS: file }))).toEqual([
      `the definition is ${given}; expected a JSON array of environments, e.g. [{ "name": "dev", ... }]`,
    ]);
  });

  test('GIVEN 1e400 in a JSON file THEN the message names the number, not "null"', () => {
    const text = JSON.stringify([validEnvironment()]).replace('"logRetentionDays":365', '"logRetentionDays":1e400');
    const file = write('huge.json', text);
    expect(problemsOf(() => loadEnvironments([], { S3_AUDIT_TRAIL_ENVIRONMENTS: file }))).toEqual([
      expect.stringMatching(/^environment "test", field logRetentionDays: Infinity \(a number too large to represent\) is not a number; expected a retention CloudWatch Logs accepts: 1, 3, /),
    ]);
  });

  test('GIVEN a closed-set field of the wrong type THEN the accepted values are listed', () => {
    expect(problemsOf(() => parseEnvironments([validEnvironment({ logRetentionDays: '30' as never })]))).toEqual([
      'environment "test", field logRetentionDays: "30" is not a number; expected a retention CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ]);
    expect(problemsOf(() => parseEnvironments([validEnvironment({ dataEventReadWriteType: 5 as never })]))).toEqual([
      'environment "test", field dataEventReadWriteType: 5 is not accepted; expected "WriteOnly" or "All"',
    ]);
  });

  test('GIVEN an entry that is not an object THEN it is named by position', () => {
    expect(problemsOf(() => parseEnvironments([validEnvironment(), 5]))).toEqual([
      'environment #2: 5 is not an environment; expected an object with name, accountId, region, ...',
    ]);
  });
});

describe('warnings: valid but risky definitions', () => {
  const warningsFor = (overrides: Parameters<typeof validEnvironment>[0]) => definitionWarnings(parseEnvironments([validEnvironment(overrides)]));

  test('GIVEN the shipped environments THEN there is nothing to warn about', () => {
    expect(loadEnvironments(ENVIRONMENTS, {}).warnings).toEqual([]);
  });

  test('GIVEN no alarm emails THEN synth warns that the alarms notify nobody', () => {
    expect(warningsFor({ alarmEmails: [] })).toEqual([
      'environment "test", field alarmEmails: is empty, so the alarms notify nobody. Add an address, or subscribe your own endpoint to the alarm topic',
    ]);
  });

  test('GIVEN management events WriteOnly THEN synth warns that the CIS detections need All', () => {
    expect(warningsFor({ managementEventReadWriteType: 'WriteOnly' })).toEqual([expect.stringContaining('field managementEventReadWriteType: "WriteOnly" leaves read-only calls unrecorded')]);
  });

  test('GIVEN every detection disabled THEN synth warns that only the delivery alarm remains', () => {
    const detections = Object.fromEntries(DETECTION_IDS.map((id) => [id, { enabled: false }]));
    expect(warningsFor({ detections })).toEqual(['environment "test", field detections: every detection is disabled; only the delivery alarm remains']);
  });
});
