import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DETECTION_IDS } from '../../modules/detections';
import { definitionWarnings } from '../../stacks/definition-warnings';
import { ENVIRONMENTS } from '../../stacks/environments';
import { definitionOrigin, EnvironmentsDefinitionError, loadEnvironments, parseEnvironments } from '../../stacks/load-environments';
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

  test.each(['', ' ', '\t '])('GIVEN S3_AUDIT_TRAIL_ENVIRONMENTS=%j (set, naming no file) THEN it is refused, not read as the built-in definition', (setting) => {
    expect(problemsOf(() => loadEnvironments(ENVIRONMENTS, { S3_AUDIT_TRAIL_ENVIRONMENTS: setting, INIT_CWD: work }))).toEqual([
      `S3_AUDIT_TRAIL_ENVIRONMENTS=${JSON.stringify(setting)} names no file; expected the path of a JSON definition (e.g. examples/two-accounts.json), or leave the variable unset for the built-in one (stacks/environments.ts)`,
    ]);
  });

  test('GIVEN malformed JSON THEN the message gives the line and column of the fault', () => {
    const file = write('trailing-comma.json', '[\n  {\n    "name": "dev",\n  }\n]\n');
    expect(problemsOf(() => loadEnvironments([], { S3_AUDIT_TRAIL_ENVIRONMENTS: file }))).toEqual([
      `S3_AUDIT_TRAIL_ENVIRONMENTS=${file} (${file}) is not valid JSON: line 4, column 3: expected a field name in double quotes (a trailing comma, or a name without quotes?)`,
    ]);
  });

  test('GIVEN an empty file THEN it says the file is empty', () => {
    const file = write('empty.json', '\n');
    expect(problemsOf(() => loadEnvironments([], { S3_AUDIT_TRAIL_ENVIRONMENTS: file }))).toEqual([
      expect.stringMatching(/is not valid JSON: the file is empty; expected a JSON list of environments/),
    ]);
  });

  test('GIVEN a key written twice in one object THEN each repeat is refused at its line, where JSON.parse would keep the last silently', () => {
    const environment = JSON.stringify(validEnvironment(), null, 2).split('\n');
    // A second accountId right after the first, and a tag key twice.
    const accountLine = environment.findIndex((line) => line.includes('"accountId"'));
    environment.splice(accountLine + 1, 0, '  "accountId": "999999999999",');
    const text = `[\n${environment.join('\n').replace('"Team": "security"', '"Team": "security", "Team": "platform"')}\n]`;
    expect(() => JSON.parse(text)).not.toThrow();
    const file = write('twice.json', text);
    const problems = problemsOf(() => loadEnvironments([], { S3_AUDIT_TRAIL_ENVIRONMENTS: file }));
    expect(problems).toEqual([
      `S3_AUDIT_TRAIL_ENVIRONMENTS=${file} (${file}) is not valid JSON: line ${accountLine + 3}, column 3: the field "accountId" appears twice in environment #1 (first at line ${accountLine + 2}, column 3); JSON would keep only the last value. Keep one`,
      expect.stringMatching(/: the field "Team" appears twice in environment #1, field tags \(first at line \d+, column \d+\)/),
    ]);
  });

  test('GIVEN a definition file THEN the loaded definition says which file it was; GIVEN none THEN it says built-in', () => {
    const file = write('mine.json', JSON.stringify([validEnvironment({ name: 'mine' })]));
    const fromFile = loadEnvironments([], { S3_AUDIT_TRAIL_ENVIRONMENTS: 'mine.json', INIT_CWD: work });
    expect(fromFile.file).toBe(file);
    expect(definitionOrigin(fromFile)).toBe(file);
    const builtIn = loadEnvironments(ENVIRONMENTS, {});
    expect(builtIn.file).toBeUndefined();
    expect(definitionOrigin(builtIn)).toMatch(/^the built-in definition \(stacks\/environments\.ts/);
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
