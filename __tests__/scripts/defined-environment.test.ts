import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { definedEnvironmentNamed } from '../../scripts/lib/local-stack';
import { EnvironmentsDefinitionError } from '../../stacks/load-environments';
import { validEnvironment } from '../support/environments';

describe('GIVEN a definition file whose environment watches a bucket with intents', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'defined-environment-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const entry = validEnvironment({
    name: 'intents',
    watchedBuckets: ['acme-plain', { name: 'acme-ledger', expectedWriters: ['arn:aws:iam::123456789012:role/ledger-writer'], immutablePrefixes: ['2025/'] }],
  });
  const file = path.join(work, 'environments.json');
  writeFileSync(file, JSON.stringify([entry]));

  test('WHEN deploy:local picks it THEN it gets the entry as written, which synth accepts again, not the parsed output shape', () => {
    // The parsed shape adds `bucketIntents`, a field the definition schema refuses: writing it back broke deploy:local.
    expect(definedEnvironmentNamed('intents', { S3_AUDIT_TRAIL_ENVIRONMENTS: file })).toEqual(entry);
  });

  test('WHEN the definition is invalid THEN it is refused as synth refuses it, before any environment is picked', () => {
    const bad = path.join(work, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ ...entry, watchedBuckets: [{ expectedWriters: [] }] }]));
    expect(() => definedEnvironmentNamed('intents', { S3_AUDIT_TRAIL_ENVIRONMENTS: bad })).toThrow(EnvironmentsDefinitionError);
  });

  test('WHEN the name is not defined THEN the error names the environments that are', () => {
    expect(() => definedEnvironmentNamed('nope', { S3_AUDIT_TRAIL_ENVIRONMENTS: file })).toThrow('No environment "nope"; defined: intents');
  });
});
