import { parseEnvironments } from '../../stacks/load-environments';
import { definitionProblems, validEnvironment } from '../support/environments';

/**
 * The per-bucket fields of `watchedBuckets`: GIVEN an entry, WHEN the definition is validated,
 * THEN a bad one is refused with the environment, the field, the value and what is accepted.
 */
const problemsOf = (watchedBuckets: unknown, extra: object = {}): string[] =>
  definitionProblems([validEnvironment({ watchedBuckets: watchedBuckets as never, ...extra })]);

const ROLE = 'arn:aws:iam::111111111111:role/exporter';

describe('watchedBuckets entries with intent', () => {
  test('GIVEN strings and objects mixed THEN names stay a list of names and the declarations are kept apart', () => {
    const [env] = parseEnvironments([
      validEnvironment({
        watchedBuckets: ['acme-plain', { name: 'acme-exports', expectedWriters: [ROLE] }, { name: 'acme-ledger', immutablePrefixes: ['2025/'] }, { name: 'acme-named-only' }],
      }),
    ]);
    expect(env.watchedBuckets).toEqual(['acme-plain', 'acme-exports', 'acme-ledger', 'acme-named-only']);
    expect(env.bucketIntents).toEqual([
      { name: 'acme-exports', expectedWriters: [ROLE], immutablePrefixes: [] },
      { name: 'acme-ledger', expectedWriters: [], immutablePrefixes: ['2025/'] },
    ]);
  });

  test('GIVEN an object entry without a name THEN the name is reported missing at its position', () => {
    expect(problemsOf([{ expectedWriters: [ROLE] }])).toEqual(['environment "test", field watchedBuckets[0].name: is missing (string required)']);
  });

  test('GIVEN an object entry with an unknown field THEN the field is named', () => {
    expect(problemsOf([{ name: 'acme-data', expectedWriter: [ROLE] }])).toEqual([
      'environment "test", field watchedBuckets[0]: unknown field "expectedWriter" (did you mean "expectedWriters"?); accepted: name, accountId, expectedWriters, immutablePrefixes',
    ]);
  });

  test('GIVEN an object entry whose name S3 refuses THEN the S3 rule is quoted', () => {
    expect(problemsOf([{ name: 'Acme_Data', expectedWriters: [ROLE] }])).toEqual([
      expect.stringMatching(/^environment "test", field watchedBuckets\[0\]\.name: "Acme_Data" is not a bucket name S3 accepts: it /),
    ]);
  });

  test.each([
    ['arn:aws:iam::111111111111:role/app-*', 'a role family ending in *'],
    ['arn:aws:iam::111111111111:user/alice', 'a user'],
    ['arn:aws:iam::111111111111:root', 'the account root'],
    ['arn:aws:sts::111111111111:assumed-role/app/batch-*', 'sessions of a role by session-name prefix'],
    ['arn:aws:iam::222222222222:role/partner-writer', 'a role in another account'],
    ['arn:aws:iam::111111111111:*', 'every principal of one account'],
  ])('GIVEN the expected writer %s (%s) THEN it is accepted', (writer) => {
    expect(() => parseEnvironments([validEnvironment({ watchedBuckets: [{ name: 'acme-data', expectedWriters: [writer] }] })])).not.toThrow();
  });

  test.each([
    ['exporter', /"exporter" does not start with "arn:"/],
    ['arn:aws:iam::*:role/exporter', /has a \* before its end; CloudWatch Logs filter patterns match \* only as a suffix wildcard/],
    ['arn:aws:iam::111111111111:role/*-writer', /has a \* before its end/],
    ['arn:aws:iam::11111111111*', /is cut short; expected at least arn:<partition>:<iam\|sts>::<account id>: before any \*/],
    ['arn:aws:s3:::acme-data', /names service "s3"; a principal ARN is an iam or sts ARN/],
    ['arn:aws:iam:us-east-1:111111111111:role/x', /has region "us-east-1"; IAM and STS principal ARNs have none/],
    ['arn:aws:iam::1111:role/x', /has account "1111"; expected a 12-digit account id/],
    ['arn:aws:iam::111111111111:group/admins', /names "group\/admins"; expected one of role\/<name>, user\/<name>, root after the account id/],
    ['arn:aws:iam::111111111111:role/', /names "role\/"; expected one of role\/<name>/],
    ['arn:aws-cn:iam::111111111111:role/x', /is in partition aws-cn; this environment's buckets are in aws, where no such principal can write/],
    ['arn:aws:iam::111111111111:role/my "role"', /holds a quote, backslash or space/],
  ])('GIVEN the expected writer %s THEN it is refused', (writer, message) => {
    const problems = problemsOf([{ name: 'acme-data', expectedWriters: [writer] }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^environment "test", field watchedBuckets\[0\]\.expectedWriters\[0\]: /);
    expect(problems[0]).toMatch(message);
  });

  test('GIVEN an empty expectedWriters list THEN it is refused rather than read as "nobody may write"', () => {
    expect(problemsOf([{ name: 'acme-data', expectedWriters: [] }])).toEqual([
      'environment "test", field watchedBuckets[0].expectedWriters: is empty; list at least one principal ARN pattern, or leave the field out',
    ]);
  });

  test('GIVEN the same writer twice THEN the second is named', () => {
    expect(problemsOf([{ name: 'acme-data', expectedWriters: [ROLE, ROLE] }])).toEqual([
      `environment "test", field watchedBuckets[0].expectedWriters[1]: "${ROLE}" is listed more than once; list each once`,
    ]);
  });

  test.each([
    ['', /is empty; an empty prefix would make every key immutable/],
    ['ledger/*', /holds a \*, which a filter pattern reads as a wildcard/],
    ['say "hi"', /holds a quote, backslash or control character/],
    ['x'.repeat(1025), /is 1025 bytes; an S3 key is at most 1024/],
  ])('GIVEN the immutable prefix %j THEN it is refused', (prefix, message) => {
    const problems = problemsOf([{ name: 'acme-data', immutablePrefixes: [prefix] }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^environment "test", field watchedBuckets\[0\]\.immutablePrefixes\[0\]: /);
    expect(problems[0]).toMatch(message);
  });

  test('GIVEN so many expected writers that the pattern passes 1024 characters THEN the field and the way out are named', () => {
    const writers = Array.from({ length: 12 }, (_, i) => `arn:aws:iam::111111111111:role/service-number-${i}-writer`);
    expect(problemsOf([{ name: 'acme-data', expectedWriters: writers }])).toEqual([
      expect.stringMatching(
        /^environment "test", field watchedBuckets\[0\]\.expectedWriters: 12 expected writers make the filter pattern of s3-unexpected-writer\.acme-data \d+ characters long; CloudWatch Logs accepts at most 1024\. List fewer patterns: one ending in \* covers/,
      ),
    ]);
  });

  test('GIVEN a bucket whose name ends with another watched bucket\'s after a dot WHEN only its pattern is too long THEN the problem names its own entry', () => {
    const writers = Array.from({ length: 12 }, (_, i) => `arn:aws:iam::111111111111:role/service-number-${i}-writer`);
    expect(problemsOf([{ name: 'abc', expectedWriters: ['arn:aws:iam::111111111111:role/one'] }, { name: 'logs.abc', expectedWriters: writers }])).toEqual([
      expect.stringMatching(/^environment "test", field watchedBuckets\[1\]\.expectedWriters: 12 expected writers make the filter pattern of s3-unexpected-writer\.logs\.abc /),
    ]);
  });

  test('GIVEN as many writers as fit THEN the definition is accepted', () => {
    const writers = Array.from({ length: 5 }, (_, i) => `arn:aws:iam::111111111111:role/service-number-${i}-writer`);
    expect(() => parseEnvironments([validEnvironment({ watchedBuckets: [{ name: 'acme-data', expectedWriters: writers }] })])).not.toThrow();
  });

  test('GIVEN an override for a per-bucket detection THEN its id is accepted, and an id for a bucket without the list is not', () => {
    const watched = [{ name: 'acme-data', expectedWriters: [ROLE] }, 'acme-other'];
    expect(() =>
      parseEnvironments([validEnvironment({ watchedBuckets: watched, detections: { 's3-unexpected-writer.acme-data': { threshold: 3 } } })]),
    ).not.toThrow();
    expect(problemsOf(watched, { detections: { 's3-unexpected-writer.acme-other': { threshold: 3 } } })).toEqual([
      expect.stringMatching(/^environment "test", field detections\["s3-unexpected-writer\.acme-other"\]: "s3-unexpected-writer\.acme-other" is not a detection id \(did you mean "s3-unexpected-writer\.acme-data"\?\); accepted: .*s3-unexpected-writer\.acme-data/),
    ]);
  });
});

test('GIVEN so many per-bucket detections that the log group would pass 100 metric filters THEN the count and the limit are named', () => {
  const buckets = Array.from({ length: 26 }, (_, i) => ({ name: `acme-data-${i}`, expectedWriters: [ROLE], immutablePrefixes: ['x/'] }));
  // So many buckets also make the listed-bucket patterns too long; both are reported.
  expect(problemsOf(buckets)).toContainEqual(
    expect.stringMatching(/^environment "test", field watchedBuckets: \d+ detections \(52 of them per bucket\) and 2 volume filters make \d+ metric filters on the trail log group; CloudWatch Logs allows at most 100 per log group/),
  );
});

describe('unusualVolume', () => {
  test('GIVEN nothing THEN the documented defaults apply', () => {
    const [env] = parseEnvironments([validEnvironment({ watchedBuckets: ['acme-data'] })]);
    expect(env.unusualVolume).toEqual({});
  });

  test.each([
    [{ bandWidth: 0 }, 'bandWidth', /0 is not positive; expected the band width in standard deviations/],
    [{ periodSeconds: 30 }, 'periodSeconds', /30 is not accepted; expected a multiple of 60 seconds/],
    [{ evaluationPeriods: 1.5 }, 'evaluationPeriods', /1\.5 is not accepted; expected a whole number of evaluation periods/],
  ])('GIVEN %j THEN %s is refused', (unusualVolume, field, message) => {
    const problems = problemsOf(['acme-data'], { unusualVolume });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^environment "test", field unusualVolume\\.${field}: `));
    expect(problems[0]).toMatch(message);
  });
});
