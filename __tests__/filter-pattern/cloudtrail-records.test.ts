/**
 * The evaluator against CloudTrail-shaped records, the way CloudTrail delivers them to CloudWatch
 * Logs: one JSON string per log event. Semantics per AWS's "Filter pattern syntax for metric filters,
 * subscription filters, filter log events, and Live Tail",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html (JSON section).
 */
import { parseFilterPattern } from '../../modules/detections/filter-pattern';

function record(overrides: Record<string, unknown>): string {
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: 'arn:aws:iam::123456789012:user/alice',
      accountId: '123456789012',
      userName: 'alice',
    },
    eventTime: '2024-05-01T12:00:00Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'GetBucketPolicy',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { bucketName: 'audit-trail-logs' },
    responseElements: null,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    ...overrides,
  });
}

describe('CloudTrail records', () => {
  describe('root account usage', () => {
    const pattern = parseFilterPattern(
      '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    );

    test('GIVEN a root console API call WHEN evaluated THEN it matches', () => {
      expect(pattern.matches(record({ userIdentity: { type: 'Root', arn: 'arn:aws:iam::123456789012:root' } }))).toBe(true);
    });

    test('GIVEN a root call made on behalf of root by an AWS service WHEN evaluated THEN it does not match', () => {
      const invoked = { type: 'Root', invokedBy: 'cloudformation.amazonaws.com' };
      expect(pattern.matches(record({ userIdentity: invoked }))).toBe(false);
    });

    test('GIVEN an AwsServiceEvent for root WHEN evaluated THEN it does not match', () => {
      expect(pattern.matches(record({ userIdentity: { type: 'Root' }, eventType: 'AwsServiceEvent' }))).toBe(false);
    });

    test('GIVEN an IAM user call WHEN evaluated THEN it does not match', () => {
      expect(pattern.matches(record({}))).toBe(false);
    });
  });

  describe('unauthorized API calls', () => {
    const pattern = parseFilterPattern(
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    );

    test.each([
      ['AccessDenied', true],
      ['AccessDeniedException', true],
      ['Client.UnauthorizedOperation', true],
      ['NoSuchBucketPolicy', false],
      ['accessdenied', false],
    ])('GIVEN errorCode %s WHEN evaluated THEN match is %s', (errorCode, expected) => {
      expect(pattern.matches(record({ errorCode, errorMessage: 'denied' }))).toBe(expected);
    });

    test('GIVEN a successful call without errorCode WHEN evaluated THEN it does not match', () => {
      expect(pattern.matches(record({}))).toBe(false);
    });
  });

  describe('a != exclusion on an optional field', () => {
    // Docs: a comparison needs a value node; a record without userIdentity.invokedBy has none, so the
    // != clause is false for it and the whole && fails - the exclusion also drops such records.
    const pattern = parseFilterPattern(
      '{ ($.errorCode = "AccessDenied") && ($.userIdentity.invokedBy != "cloudfront.amazonaws.com") }',
    );

    test('GIVEN AccessDenied invoked by another service WHEN evaluated THEN it matches', () => {
      const identity = { type: 'AWSService', invokedBy: 'config.amazonaws.com' };
      expect(pattern.matches(record({ errorCode: 'AccessDenied', userIdentity: identity }))).toBe(true);
    });

    test('GIVEN AccessDenied by a user with no invokedBy WHEN evaluated THEN it does not match', () => {
      expect(pattern.matches(record({ errorCode: 'AccessDenied' }))).toBe(false);
    });

    test('GIVEN the same check written with NOT EXISTS WHEN the user has no invokedBy THEN it matches', () => {
      const fixed = parseFilterPattern(
        '{ ($.errorCode = "AccessDenied") && ($.userIdentity.invokedBy NOT EXISTS || $.userIdentity.invokedBy != "cloudfront.amazonaws.com") }',
      );
      expect(fixed.matches(record({ errorCode: 'AccessDenied' }))).toBe(true);
      const viaCloudFront = { type: 'AWSService', invokedBy: 'cloudfront.amazonaws.com' };
      expect(fixed.matches(record({ errorCode: 'AccessDenied', userIdentity: viaCloudFront }))).toBe(false);
    });
  });

  describe('S3 bucket policy changes', () => {
    const pattern = parseFilterPattern(
      '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = DeleteBucketPolicy)) }',
    );

    test.each([
      ['PutBucketPolicy', 's3.amazonaws.com', true],
      ['DeleteBucketPolicy', 's3.amazonaws.com', true],
      ['GetBucketPolicy', 's3.amazonaws.com', false],
      ['PutBucketPolicy', 'iam.amazonaws.com', false],
    ])('GIVEN %s from %s WHEN evaluated THEN match is %s', (eventName, eventSource, expected) => {
      expect(pattern.matches(record({ eventName, eventSource }))).toBe(expected);
    });
  });

  test('GIVEN a numeric pattern on the string recipientAccountId WHEN evaluated THEN it compares numerically', () => {
    expect(parseFilterPattern('{ $.recipientAccountId = 123456789012 }').matches(record({}))).toBe(true);
  });

  test('GIVEN responseElements null WHEN tested with IS NULL and NOT EXISTS THEN it is null and exists', () => {
    expect(parseFilterPattern('{ $.responseElements IS NULL }').matches(record({}))).toBe(true);
    expect(parseFilterPattern('{ $.responseElements NOT EXISTS }').matches(record({}))).toBe(false);
  });
});
