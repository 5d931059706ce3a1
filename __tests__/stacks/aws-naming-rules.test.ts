import { cloudTrailNameProblem, s3BucketNameProblem } from '../../stacks/aws-naming-rules';
import { tagKeyProblem, tagValueProblem } from '../../stacks/aws-tag-rules';
import { evaluationWindowProblem, filterAlarmPeriodProblem } from '../../stacks/alarm-window-rules';

describe('AWS naming rules the emulator does not enforce', () => {
  describe('CloudTrail trail names (CloudTrail User Guide, "CloudTrail trail naming requirements")', () => {
    test.each(['acme-dev-s3-audit', 'My.Trail_1', 'abc', 'a'.repeat(128)])('GIVEN %s THEN CloudTrail accepts it', (name) => {
      expect(cloudTrailNameProblem(name)).toBeUndefined();
    });
    test.each([
      ['ab', 'is 2 characters long (3 to 128 accepted)'],
      ['a'.repeat(129), 'is 129 characters long (3 to 128 accepted)'],
      ['acme--dev', 'has adjacent "--" (no two periods, underscores or hyphens may touch)'],
      ['my-_namespace', 'has adjacent "-_" (no two periods, underscores or hyphens may touch)'],
      ['-acme', 'does not start and end with a letter or digit'],
      ['acme-', 'does not start and end with a letter or digit'],
      ['acme dev', 'has characters other than ASCII letters, digits, periods, underscores and hyphens'],
      ['192.168.5.4', 'is formatted as an IP address'],
    ])('GIVEN %s THEN CloudTrail refuses it: it %s', (name, problem) => {
      expect(cloudTrailNameProblem(name)).toBe(problem);
    });
  });

  describe('S3 general purpose bucket names (S3 User Guide, "General purpose bucket naming rules")', () => {
    test.each(['acme-data', 'logs.example.com', 'a1b'])('GIVEN %s THEN S3 accepts it', (name) => {
      expect(s3BucketNameProblem(name)).toBeUndefined();
    });
    test.each([
      ['xn--bucket', 'starts with "xn--", a prefix S3 reserves'],
      ['sthree-bucket', 'starts with "sthree-", a prefix S3 reserves'],
      ['sthree-configurator-x', 'starts with "sthree-", a prefix S3 reserves'],
      ['amzn-s3-demo-bucket', 'starts with "amzn-s3-demo-", a prefix S3 reserves'],
      ['data-s3alias', 'ends with "-s3alias", a suffix S3 reserves'],
      ['data--ol-s3', 'ends with "--ol-s3", a suffix S3 reserves'],
      ['data.mrap', 'ends with ".mrap", a suffix S3 reserves'],
      ['data--use1-az4--x-s3', 'ends with "--x-s3", a suffix S3 reserves for directory buckets'],
      ['data--table-s3', 'ends with "--table-s3", a suffix S3 reserves'],
      ['192.168.5.4', 'is formatted as an IP address'],
      ['data..logs', 'has two adjacent periods'],
      ['Data', 'has characters other than lowercase letters, digits, periods and hyphens'],
      ['data-', 'does not start and end with a lowercase letter or digit'],
      ['ab', 'is 2 characters long (3 to 63 accepted)'],
    ])('GIVEN %s THEN S3 refuses it: it %s', (name, problem) => {
      expect(s3BucketNameProblem(name)).toBe(problem);
    });
  });

  describe('tags (Tagging AWS resources, tag naming limits)', () => {
    test.each(['Owner', 'cost-center', 'team:security', 'Équipe', 'a'.repeat(128)])('GIVEN key %s THEN AWS accepts it', (key) => {
      expect(tagKeyProblem(key)).toBeUndefined();
    });
    test.each([
      ['', 'is an empty tag key; a key needs at least one character'],
      ['aws:owner', 'is a tag key starting with "aws:", a prefix AWS reserves for its own tags'],
      ['AWS:Owner', 'is a tag key starting with "aws:", a prefix AWS reserves for its own tags'],
      ['a'.repeat(129), 'is a tag key of 129 characters; AWS accepts at most 128'],
      ['cost#center', 'has characters AWS refuses in a tag key; accepted: letters, digits, spaces and _ . : / = + - @'],
    ])('GIVEN key "%s" THEN it is refused: %s', (key, problem) => {
      expect(tagKeyProblem(key)).toBe(problem);
    });
    test('GIVEN a value of 256 characters, or empty THEN it is accepted; 257 is not', () => {
      expect(tagValueProblem('v'.repeat(256))).toBeUndefined();
      expect(tagValueProblem('')).toBeUndefined();
      expect(tagValueProblem('v'.repeat(257))).toBe('is a tag value of 257 characters; AWS accepts at most 256');
    });
  });

  describe('alarm periods and windows (CloudWatch API Reference, PutMetricAlarm)', () => {
    test.each([60, 300, 3600, 86400, 604800])('GIVEN a period of %d s THEN a metric-filter alarm may use it', (seconds) => {
      expect(filterAlarmPeriodProblem(seconds)).toBeUndefined();
    });
    test.each([10, 20, 30, 90, 0, 604860])('GIVEN a period of %d s THEN it is refused', (seconds) => {
      expect(filterAlarmPeriodProblem(seconds)).toMatch(/^is (not a period a metric-filter alarm can use|longer than CloudWatch accepts)/);
    });
    test('GIVEN a period under an hour THEN the window may reach one day, not more', () => {
      expect(evaluationWindowProblem(300, 288)).toBeUndefined();
      expect(evaluationWindowProblem(300, 289)).toMatch(/at most one day \(86400 s\)$/);
    });
    test('GIVEN a period of an hour or more THEN the window may reach seven days, not more', () => {
      expect(evaluationWindowProblem(3600, 168)).toBeUndefined();
      expect(evaluationWindowProblem(3600, 169)).toMatch(/at most seven days \(604800 s\)$/);
    });
  });
});
