import { DETECTION_CATALOG } from '../../modules/detections';
import { parseFilterPattern } from '../../scripts/lib/filter-pattern';
import { synthesizedPatterns } from '../../scripts/lib/synthesized-patterns';
import { BENIGN_RECORDS, DETECTION_FIXTURES, FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES } from '../fixtures/cloudtrail';

/**
 * Every detection's pattern, as synthesized into the Terraform JSON, evaluated against CloudTrail
 * records with the filter-pattern evaluator: it must match each record it is named after and none
 * of its near misses, nor any everyday event.
 */
const variants = {
  'watching a list of buckets': synthesizedPatterns(FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES),
  'watching all buckets': synthesizedPatterns({ ...FIXTURE_ENVIRONMENT, watchedBuckets: 'all' }, FIXTURE_REFERENCES),
};
const ids = DETECTION_CATALOG.map((detection) => detection.id);

test('GIVEN the catalog THEN every detection has fixtures with positives and negatives, and no fixture is orphaned', () => {
  for (const id of ids) {
    expect({ id, positives: DETECTION_FIXTURES[id]?.positives.length > 0 }).toEqual({ id, positives: true });
    expect({ id, negatives: DETECTION_FIXTURES[id]?.negatives.length > 0 }).toEqual({ id, negatives: true });
  }
  expect(Object.keys(DETECTION_FIXTURES).sort()).toEqual([...ids].sort());
});

describe.each(Object.entries(variants))('GIVEN an environment %s', (variant, patterns) => {
  test('THEN every catalog detection is synthesized, and parses', () => {
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

    test('THEN it matches no benign record', () => {
      const matched = BENIGN_RECORDS.filter((f) => pattern().matches(JSON.stringify(f.record))).map((f) => f.why);
      expect(matched).toEqual([]);
    });
  });
});
