import { DETECTION_CATALOG } from '../../modules/detections';
import { bucketIntentDetections } from '../../modules/detections/bucket-intent';
import { BUCKET_VOLUMES } from '../../modules/detections/bucket-volume';
import { parseEnvironments } from '../../stacks/load-environments';
import { parseFilterPattern } from '../../modules/detections/filter-pattern';
import { synthesizedPatterns } from '../../scripts/lib/synthesized-patterns';
import { BENIGN_RECORDS, DETECTION_FIXTURES, FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES } from '../fixtures/cloudtrail';

/**
 * Every detection's pattern, as synthesized into the Terraform JSON, evaluated against CloudTrail
 * records with the filter-pattern evaluator: it must match each record it is named after and none
 * of its near misses, nor any everyday event.
 */
const [fixtureSettings] = parseEnvironments([FIXTURE_ENVIRONMENT]);
const catalogIds = DETECTION_CATALOG.map((detection) => detection.id);
// Named buckets add their declared detections and a delete and a write volume filter.
const perBucketIds = [
  ...bucketIntentDetections(fixtureSettings.bucketIntents).map((detection) => detection.id),
  ...BUCKET_VOLUMES.map((volume) => volume.templateId),
];
const variants = {
  'watching a list of buckets': { patterns: synthesizedPatterns(FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES), ids: [...catalogIds, ...perBucketIds] },
  'watching all buckets': { patterns: synthesizedPatterns({ ...FIXTURE_ENVIRONMENT, watchedBuckets: 'all' }, FIXTURE_REFERENCES), ids: catalogIds },
};
const ids = [...catalogIds, ...perBucketIds];
const VOLUME_COUNTER_IDS: readonly string[] = BUCKET_VOLUMES.map((volume) => volume.templateId);

test('GIVEN the catalog and the fixture environment\'s per-bucket detections THEN every one has fixtures with positives and negatives, and no fixture is orphaned', () => {
  for (const id of ids) {
    expect({ id, positives: DETECTION_FIXTURES[id]?.positives.length > 0 }).toEqual({ id, positives: true });
    expect({ id, negatives: DETECTION_FIXTURES[id]?.negatives.length > 0 }).toEqual({ id, negatives: true });
  }
  expect(Object.keys(DETECTION_FIXTURES).sort()).toEqual([...ids].sort());
});

describe.each(Object.entries(variants))('GIVEN an environment %s', (variant, { patterns, ids }) => {
  test('THEN every detection it asks for is synthesized, and parses', () => {
    expect([...patterns.keys()].sort()).toEqual([...ids].sort());
    for (const pattern of patterns.values()) expect(() => parseFilterPattern(pattern)).not.toThrow();
  });

  describe.each(ids)('detection %s', (id) => {
    const pattern = () => parseFilterPattern(patterns.get(id)!);
    const fixtures = DETECTION_FIXTURES[id];

    test.each(fixtures.positives.map((f) => [f.why, f] as const))('THEN it matches: %s', (_why, fixture) => {
      expect(pattern().matches(JSON.stringify(fixture.record))).toBe(true);
    });

    const negatives = fixtures.negatives.filter((f) => variant === 'watching a list of buckets' || !f.onlyWithWatchedBucketList);
    test.each(negatives.map((f) => [f.why, f] as const))('THEN it does not match: %s', (_why, fixture) => {
      expect(pattern().matches(JSON.stringify(fixture.record))).toBe(false);
    });

    const outOfListScope = fixtures.negatives.filter((f) => f.onlyWithWatchedBucketList);
    if (variant === 'watching all buckets' && outOfListScope.length > 0) {
      test.each(outOfListScope.map((f) => [f.why, f] as const))('THEN, with every bucket in scope, it matches: %s', (_why, fixture) => {
        expect(pattern().matches(JSON.stringify(fixture.record))).toBe(true);
      });
    }

    // A volume filter counts everyday writes and deletes by design: its alarm fires on the
    // anomaly band over the count, not on any one match.
    if (!VOLUME_COUNTER_IDS.includes(id)) {
      test('THEN it matches no benign record', () => {
        const matched = BENIGN_RECORDS.filter((f) => pattern().matches(JSON.stringify(f.record))).map((f) => f.why);
        expect(matched).toEqual([]);
      });
    }
  });
});
