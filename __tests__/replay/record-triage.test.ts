/**
 * The triage rules detections out of a record before it is parsed. It must never rule out one that
 * matches: proven on every fixture record (positives, near misses, benign) against every synthesized
 * pattern, in both kinds of environment.
 */
import { RecordsScanner } from '../../scripts/lib/replay/cloudtrail-log-file';
import { RecordTriage } from '../../scripts/lib/replay/record-triage';
import { cloudTrailLogText } from '../../scripts/lib/replay/log-file-writer';
import { parseFilterPattern } from '../../modules/detections/filter-pattern';
import { synthesizedPatterns } from '../../scripts/lib/synthesized-patterns';
import { BENIGN_RECORDS, DETECTION_FIXTURES, FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES } from '../fixtures/cloudtrail';
import { s3ObjectEvent } from '../fixtures/cloudtrail/records';

const fixtureRecords = [
  ...Object.values(DETECTION_FIXTURES).flatMap((fixtures) => [...fixtures.positives, ...fixtures.negatives]),
  ...BENIGN_RECORDS,
].map((fixture) => fixture.record);

/** Each record as the log-file reader hands it over: text and the top-level strings asked for. */
function asRead(records: readonly object[], fields: readonly string[]) {
  const read: { text: string; topLevel: Readonly<Record<string, string | null>> }[] = [];
  const scanner = new RecordsScanner((text, topLevel) => read.push({ text, topLevel }), fields);
  scanner.push(cloudTrailLogText(records));
  scanner.end();
  return read;
}

describe.each([
  ['watching a list of buckets', FIXTURE_ENVIRONMENT],
  ['watching all buckets', { ...FIXTURE_ENVIRONMENT, watchedBuckets: 'all' as const }],
])('GIVEN an environment %s', (_variant, environment) => {
  const patterns = synthesizedPatterns(environment, FIXTURE_REFERENCES);
  const ids = [...patterns.keys()];
  const filters = [...patterns.values()].map(parseFilterPattern);
  const triage = new RecordTriage(filters);

  test('WHEN every fixture record is triaged THEN every detection that matches it is among the candidates', () => {
    const missed = asRead(fixtureRecords, triage.topLevelFields).flatMap(({ text, topLevel }) => {
      const candidates = new Set(triage.candidates(text, topLevel));
      return filters.flatMap((filter, index) => (filter.matches(text) && !candidates.has(index) ? [`${filter.source} on ${text.slice(0, 120)}`] : []));
    });
    expect(missed).toEqual([]);
  });

  test('WHEN an everyday read is triaged THEN it is ruled out for every detection, so it is never parsed', () => {
    const [{ text, topLevel }] = asRead([s3ObjectEvent('GetObject', 'acme-customer-data', 'customers/42.json')], triage.topLevelFields);
    expect(triage.candidates(text, topLevel)).toEqual([]);
  });

  test('WHEN a record’s event name is not a string THEN detections looked up by name are kept on their other conditions alone', () => {
    const record = { eventName: 42, eventSource: 's3.amazonaws.com', requestParameters: { bucketName: 'acme-customer-data' } };
    const [{ text, topLevel }] = asRead([record], triage.topLevelFields);
    const kept = triage.candidates(text, topLevel).map((index) => ids[index]);
    expect(kept).toContain('s3-object-deletions');
    expect(kept).not.toContain('trail-tampering');
  });
});
