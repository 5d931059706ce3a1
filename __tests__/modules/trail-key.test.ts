import { TrailKey } from '../../modules/trail-key';
import { follows } from '../support/policy-source';
import { LOCATION, Plan } from '../support/synth';

const TRAIL_ARN = 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/acme-test-s3-audit';

describe('TrailKey', () => {
  // GIVEN a stack WHEN the key is added
  const build = (options: { preventDestroy?: boolean; logBucketUsesBucketKey?: boolean } = {}) =>
    Plan.ofScope((scope) => {
      new TrailKey(scope, 'Key', {
        location: LOCATION,
        trailName: 'acme-test-s3-audit',
        logGroupName: '/aws/cloudtrail/acme-test-s3-audit',
        ...options,
      });
    });
  const plan = build();
  const key = plan.only('aws_kms_key');
  const statements = plan.statements(key.policy);

  test('THEN the key rotates yearly and waits the longest window before deletion', () => {
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
  });

  test('THEN the key policy holds exactly the six expected statements', () => {
    expect(Object.keys(statements).sort()).toEqual([
      'AllowCloudTrailToDecryptWithTheBucketKey',
      'AllowCloudTrailToDescribeKey',
      'AllowCloudTrailToEncryptLogs',
      'AllowCloudWatchAlarmsToUseTheKeyForTheTopic',
      'AllowCloudWatchLogsForTheTrailLogGroup',
      'EnableAccountAdministration',
    ]);
    expect(Object.values(statements).every((s) => s.effect === 'Allow')).toBe(true);
  });

  test(`THEN the account root administers the key ${follows('EnableAccountAdministration')}`, () => {
    expect(statements.EnableAccountAdministration).toMatchObject({
      principals: { AWS: ['arn:aws:iam::123456789012:root'] },
      actions: ['kms:*'],
    });
  });

  test(`THEN CloudTrail may generate data keys under the documented trail context, for this trail only ${follows('AllowCloudTrailToEncryptLogs')}`, () => {
    // StringLike on any region's trail ARN: a multi-region trail's other regions encrypt under it too.
    expect(statements.AllowCloudTrailToEncryptLogs).toEqual({
      effect: 'Allow',
      principals: { Service: ['cloudtrail.amazonaws.com'] },
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        'StringLike kms:EncryptionContext:aws:cloudtrail:arn': ['arn:aws:cloudtrail:*:123456789012:trail/*'],
        'StringEquals aws:SourceArn': [TRAIL_ARN],
      },
    });
  });

  test(`THEN CloudTrail may decrypt, as the S3 Bucket Key requires, only on behalf of this trail ${follows('AllowCloudTrailToDecryptWithTheBucketKey')}`, () => {
    expect(statements.AllowCloudTrailToDecryptWithTheBucketKey).toEqual({
      effect: 'Allow',
      principals: { Service: ['cloudtrail.amazonaws.com'] },
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: { 'StringEquals aws:SourceArn': [TRAIL_ARN] },
    });
  });

  test('WHEN the log bucket uses no Bucket Key THEN CloudTrail gets no kms:Decrypt', () => {
    const withoutBucketKey = build({ logBucketUsesBucketKey: false });
    const sids = Object.keys(withoutBucketKey.statements(withoutBucketKey.only('aws_kms_key').policy));
    expect(sids).not.toContain('AllowCloudTrailToDecryptWithTheBucketKey');
    expect(sids).toContain('AllowCloudTrailToEncryptLogs');
  });

  test(`THEN CloudTrail may describe the key only on behalf of this trail ${follows('AllowCloudTrailToDescribeKey')}`, () => {
    expect(statements.AllowCloudTrailToDescribeKey).toMatchObject({
      principals: { Service: ['cloudtrail.amazonaws.com'] },
      actions: ['kms:DescribeKey'],
      conditions: { 'StringEquals aws:SourceArn': [TRAIL_ARN] },
    });
  });

  test(`THEN the regional CloudWatch Logs service may use the key only for the trail log group ${follows('AllowCloudWatchLogsForTheTrailLogGroup')}`, () => {
    expect(statements.AllowCloudWatchLogsForTheTrailLogGroup).toMatchObject({
      principals: { Service: ['logs.eu-west-1.amazonaws.com'] },
      conditions: {
        'ArnEquals kms:EncryptionContext:aws:logs:arn': [
          'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/cloudtrail/acme-test-s3-audit',
        ],
      },
    });
    expect(statements.AllowCloudWatchLogsForTheTrailLogGroup.actions).toEqual(
      expect.arrayContaining(['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*']),
    );
  });

  test(`THEN CloudWatch may use the key for the encrypted alarm topic, in the documented unconditioned form ${follows('AllowCloudWatchAlarmsToUseTheKeyForTheTopic')}`, () => {
    // No AWS page says CloudWatch sends aws:SourceArn to KMS for alarm actions: a condition here could
    // silence every alarm. The topic policy holds CloudWatch to this stack's alarms instead.
    expect(statements.AllowCloudWatchAlarmsToUseTheKeyForTheTopic).toEqual({
      effect: 'Allow',
      principals: { Service: ['cloudwatch.amazonaws.com'] },
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {},
    });
  });

  test('THEN every service-principal statement carries a confused-deputy condition, but the documented exception', () => {
    for (const [sid, statement] of Object.entries(statements)) {
      if (!statement.principals.Service || sid === 'AllowCloudWatchAlarmsToUseTheKeyForTheTopic') continue;
      const guards = Object.keys(statement.conditions).filter((key) =>
        /aws:SourceArn|aws:SourceAccount|kms:EncryptionContext/.test(key),
      );
      expect({ sid, guards: guards.length > 0 }).toEqual({ sid, guards: true });
    }
  });

  test('THEN an alias names the key after the trail', () => {
    expect(plan.only('aws_kms_alias')).toMatchObject({
      name: 'alias/acme-test-s3-audit',
      target_key_id: plan.ref('aws_kms_key', 'key_id'),
    });
  });

  test('THEN the key is destroyable by default, and not when destruction is blocked', () => {
    expect(key.lifecycle.prevent_destroy).toBe(false);
    expect(build({ preventDestroy: true }).only('aws_kms_key').lifecycle.prevent_destroy).toBe(true);
  });
});
