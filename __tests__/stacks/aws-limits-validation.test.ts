import { parseEnvironments } from '../../stacks/load-environments';
import { definitionProblems, validEnvironment } from '../support/environments';

describe('GIVEN names and numbers AWS refuses, which terraform validate and the emulator both accept', () => {
  describe('WHEN the derived trail name breaks CloudTrail naming rules', () => {
    test('THEN a prefix ending in a hyphen is refused on namePrefix', () => {
      expect(definitionProblems([validEnvironment({ namePrefix: 'acme-' })])).toEqual([
        'environment "test", field namePrefix: "acme-" gives the trail name "acme--test-s3-audit", which CloudTrail refuses: it has adjacent "--" (no two periods, underscores or hyphens may touch)',
      ]);
    });
    test('THEN an environment name ending in a hyphen is refused on name', () => {
      expect(definitionProblems([validEnvironment({ name: 'dev-' })])).toEqual([
        'environment "dev-", field name: "dev-" gives the trail name "acme-dev--s3-audit", which CloudTrail refuses: it has adjacent "--" (no two periods, underscores or hyphens may touch)',
      ]);
    });
    test('THEN a doubled hyphen inside the prefix is refused on namePrefix', () => {
      expect(definitionProblems([validEnvironment({ namePrefix: 'ac--me' })])[0]).toMatch(/^environment "test", field namePrefix: "ac--me" gives the trail name/);
    });
  });

  describe('WHEN the derived log bucket name breaks S3 naming rules', () => {
    test.each([
      ['sthree', 'starts with "sthree-", a prefix S3 reserves'],
      ['amzn-s3-demo', 'starts with "amzn-s3-demo-", a prefix S3 reserves'],
    ])('THEN prefix %s is refused for both buckets: it %s', (namePrefix, problem) => {
      expect(definitionProblems([validEnvironment({ namePrefix })])).toEqual([
        `environment "test", field namePrefix: "${namePrefix}" gives the log bucket name "${namePrefix}-test-audit-logs-123456789012", which S3 refuses: it ${problem}`,
        `environment "test", field namePrefix: "${namePrefix}" gives the access-log bucket name "${namePrefix}-test-access-logs-123456789012", which S3 refuses: it ${problem}`,
      ]);
    });
  });

  describe('WHEN a watched bucket breaks S3 naming rules', () => {
    test.each([
      ['xn--data', 'starts with "xn--", a prefix S3 reserves'],
      ['sthree-data', 'starts with "sthree-", a prefix S3 reserves'],
      ['amzn-s3-demo-data', 'starts with "amzn-s3-demo-", a prefix S3 reserves'],
      ['data-s3alias', 'ends with "-s3alias", a suffix S3 reserves'],
      ['data--ol-s3', 'ends with "--ol-s3", a suffix S3 reserves'],
      ['data.mrap', 'ends with ".mrap", a suffix S3 reserves'],
      ['data--use1-az4--x-s3', 'ends with "--x-s3", a suffix S3 reserves for directory buckets'],
      ['data--table-s3', 'ends with "--table-s3", a suffix S3 reserves'],
      ['10.0.0.1', 'is formatted as an IP address'],
    ])('THEN %s is refused: it %s', (bucket, problem) => {
      expect(definitionProblems([validEnvironment({ watchedBuckets: ['acme-data', bucket] })])).toEqual([
        `environment "test", field watchedBuckets[1]: "${bucket}" is not a bucket name S3 accepts: it ${problem}`,
      ]);
    });
  });

  describe('WHEN tags break AWS tag rules', () => {
    test('THEN a reserved aws: key, a bad character and an over-long value are each refused by their key', () => {
      expect(definitionProblems([validEnvironment({ tags: { 'aws:owner': 'me', 'cost#center': '1', Note: 'n'.repeat(257) } })])).toEqual([
        'environment "test", field tags["aws:owner"]: "aws:owner" is a tag key starting with "aws:", a prefix AWS reserves for its own tags',
        'environment "test", field tags["cost#center"]: "cost#center" has characters AWS refuses in a tag key; accepted: letters, digits, spaces and _ . : / = + - @',
        `environment "test", field tags.Note: "${'n'.repeat(257)}" is a tag value of 257 characters; AWS accepts at most 256`,
      ]);
    });
    test('THEN an empty key is named as such, not as "Invalid key in record"', () => {
      expect(definitionProblems([validEnvironment({ tags: { '': 'x' } })])).toEqual([
        'environment "test", field tags[""]: "" is an empty tag key; a key needs at least one character',
      ]);
    });
    test('THEN more than 50 tags counting the stack\'s own Environment and ManagedBy are refused', () => {
      const tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`Key${i}`, 'v']));
      expect(definitionProblems([validEnvironment({ tags })])).toEqual([
        "environment \"test\", field tags: 49 tags plus the stack's own (Environment, ManagedBy) make 51; AWS accepts at most 50 per resource",
      ]);
      expect(() => parseEnvironments([validEnvironment({ tags: { ...tags, Environment: 'test' } })])).toThrow(/make 51/);
      expect(parseEnvironments([validEnvironment({ tags: Object.fromEntries(Object.entries(tags).slice(1)) })])).toHaveLength(1);
    });
    test('THEN keys that differ only in case, including from the stack\'s own, are refused (IAM treats them as one)', () => {
      expect(definitionProblems([validEnvironment({ tags: { environment: 'x' } })])).toEqual([
        'environment "test", field tags.environment: "environment" differs from the tag key "Environment" only in case; IAM refuses such pairs. Use one spelling',
      ]);
    });
  });

  describe('WHEN an alarm window is one PutMetricAlarm refuses', () => {
    test.each([10, 30])('THEN a %d s period is refused: metric filters publish one-minute data', (periodSeconds) => {
      expect(definitionProblems([validEnvironment({ detections: { 'trail-tampering': { periodSeconds } } })])).toEqual([
        `environment "test", field detections.trail-tampering.periodSeconds: ${periodSeconds} is not a period a metric-filter alarm can use; expected a multiple of 60 seconds (metric filters publish one-minute data, so 10, 20 or 30 s never receive a datapoint)`,
      ]);
    });
    test('THEN a period longer than seven days is refused once, on the period', () => {
      expect(definitionProblems([validEnvironment({ detections: { 'trail-tampering': { periodSeconds: 1_209_600 } } })])).toEqual([
        'environment "test", field detections.trail-tampering.periodSeconds: 1209600 is longer than CloudWatch accepts; expected at most 604800 seconds (7 days)',
      ]);
    });
    test('THEN more than a day of sub-hour periods is refused', () => {
      expect(definitionProblems([validEnvironment({ detections: { 's3-object-deletions': { evaluationPeriods: 1441 } } })])).toEqual([
        'environment "test", field detections.s3-object-deletions: 1441 periods of 60 s span 86460 s; with a period under an hour CloudWatch evaluates at most one day (86400 s)',
      ]);
    });
    test('THEN more than seven days of hourly periods is refused, and exactly seven days is accepted', () => {
      expect(definitionProblems([validEnvironment({ detections: { 's3-object-deletions': { periodSeconds: 3600, evaluationPeriods: 169 } } })])).toEqual([
        'environment "test", field detections.s3-object-deletions: 169 periods of 3600 s span 608400 s; CloudWatch evaluates at most seven days (604800 s)',
      ]);
      expect(parseEnvironments([validEnvironment({ detections: { 's3-object-deletions': { periodSeconds: 3600, evaluationPeriods: 168 } } })])).toHaveLength(1);
    });
  });

  describe('WHEN a number is one S3 or JSON cannot carry', () => {
    test('THEN lifecycle days beyond the 32-bit Days of the S3 API are refused', () => {
      expect(definitionProblems([validEnvironment({ logBucketLifecycle: { transitionAfterDays: 30, expireAfterDays: 1e12 } })])).toEqual([
        'environment "test", field logBucketLifecycle.expireAfterDays: 1000000000000 is not accepted; expected a whole number of days from 1 to 2147483647',
      ]);
      expect(parseEnvironments([validEnvironment({ logBucketLifecycle: { transitionAfterDays: 30, expireAfterDays: 2_147_483_647 } })])).toHaveLength(1);
    });
    test('THEN Infinity is named, not shown as null', () => {
      expect(definitionProblems([validEnvironment({ logBucketLifecycle: { transitionAfterDays: 30, expireAfterDays: Infinity } })])).toEqual([
        'environment "test", field logBucketLifecycle.expireAfterDays: Infinity (a number too large to represent) is not a number; expected a whole number of days from 1 to 2147483647',
      ]);
    });
  });

  describe('WHEN a list repeats an entry', () => {
    test('THEN a duplicate watched bucket and a duplicate email (in any case) are refused', () => {
      expect(definitionProblems([validEnvironment({ watchedBuckets: ['acme-data', 'acme-data'], alarmEmails: ['a@example.com', 'A@Example.com'] })])).toEqual([
        'environment "test", field watchedBuckets[1]: "acme-data" is listed more than once; list each bucket once',
        'environment "test", field alarmEmails[1]: "A@Example.com" is listed more than once; each address gets every alarm once already',
      ]);
    });
  });
});

describe('GIVEN environments that clash with each other', () => {
  test('WHEN in one account and region one alarm prefix starts the other THEN the later is refused, naming both', () => {
    expect(definitionProblems([validEnvironment({ name: 'dev' }), validEnvironment({ name: 'dev-x' })])).toEqual([
      'environment "dev-x", field name: alarms of environment "dev-x" (acme-dev-x-*) also match the alarm pattern acme-dev-* that environment "dev" admits to its topic, in account 123456789012, eu-west-1. Rename one so that neither "<prefix>-<name>-" starts the other',
    ]);
  });

  test('WHEN the overlapping environments are in different accounts or regions THEN both are accepted', () => {
    expect(parseEnvironments([validEnvironment({ name: 'dev' }), validEnvironment({ name: 'dev-x', accountId: '210987654321' })])).toHaveLength(2);
    expect(parseEnvironments([validEnvironment({ name: 'dev' }), validEnvironment({ name: 'dev-x', region: 'us-east-1' })])).toHaveLength(2);
  });

  test('WHEN prefix and name combine to the same names in one account THEN the later is refused, even across regions', () => {
    expect(definitionProblems([validEnvironment({ name: 'x', namePrefix: 'acme-dev' }), validEnvironment({ name: 'dev-x', region: 'us-east-1' })])).toEqual([
      'environment "dev-x", field name: "dev-x" with name prefix "acme" gives the same names as environment "x" (prefix "acme-dev") in account 123456789012: log bucket, trail, role and alarms would collide. Change the name or the prefix',
    ]);
  });
});
