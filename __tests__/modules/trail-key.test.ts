import { TrailKey } from '../../modules/trail-key';
import { LOCATION, Plan } from '../support/synth';

const TRAIL_ARN = 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/acme-test-s3-audit';

describe('TrailKey', () => {
  // GIVEN a stack WHEN the key is added
  const build = (preventDestroy?: boolean) =>
    Plan.ofScope((scope) => {
      new TrailKey(scope, 'Key', {
        location: LOCATION,
        trailName: 'acme-test-s3-audit',
        logGroupName: '/aws/cloudtrail/acme-test-s3-audit',
        alarmNamePrefix: 'acme-test',
        preventDestroy,
      });
    });
  const plan = build();
  const key = plan.only('aws_kms_key');
  const statements = plan.statements(key.policy);

  test('THEN the key rotates yearly and waits the longest window before deletion', () => {
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
  });

  test('THEN the key policy holds exactly the five expected statements', () => {
    expect(Object.keys(statements).sort()).toEqual([
      'AllowCloudTrailToDescribeKey',
      'AllowCloudTrailToEncryptLogs',
      'AllowCloudWatchAlarmsToPublishToTheEncryptedTopic',
      'AllowCloudWatchLogsForTheTrailLogGroup',
      'EnableAccountAdministration',
    ]);
    expect(Object.values(statements).every((s) => s.effect === 'Allow')).toBe(true);
  });

  test('THEN the account root administers the key', () => {
    expect(statements.EnableAccountAdministration).toMatchObject({
      principals: { AWS: ['arn:aws:iam::123456789012:root'] },
      actions: ['kms:*'],
    });
  });

  test('THEN CloudTrail may generate data keys only for this trail, by encryption context and source ARN', () => {
    expect(statements.AllowCloudTrailToEncryptLogs).toEqual({
      effect: 'Allow',
      principals: { Service: ['cloudtrail.amazonaws.com'] },
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        'StringEquals kms:EncryptionContext:aws:cloudtrail:arn': [TRAIL_ARN],
        'StringEquals aws:SourceArn': [TRAIL_ARN],
      },
    });
  });

  test('THEN CloudTrail may describe the key only on behalf of this trail', () => {
    expect(statements.AllowCloudTrailToDescribeKey).toMatchObject({
      principals: { Service: ['cloudtrail.amazonaws.com'] },
      actions: ['kms:DescribeKey'],
      conditions: { 'StringEquals aws:SourceArn': [TRAIL_ARN] },
    });
  });

  test('THEN the regional CloudWatch Logs service may use the key only for the trail log group', () => {
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

  test("THEN CloudWatch may use the key for the alarm topic only for this stack's alarms in this account", () => {
    const statement = statements.AllowCloudWatchAlarmsToPublishToTheEncryptedTopic;
    expect(statement.principals).toEqual({ Service: ['cloudwatch.amazonaws.com'] });
    expect(statement.actions.sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(statement.conditions).toEqual({
      'ArnLike aws:SourceArn': ['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:acme-test-*'],
      'StringEquals aws:SourceAccount': ['123456789012'],
    });
  });

  test('THEN every service-principal statement carries a confused-deputy condition', () => {
    for (const [sid, statement] of Object.entries(statements)) {
      if (!statement.principals.Service) continue;
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
    expect(build(true).only('aws_kms_key').lifecycle.prevent_destroy).toBe(true);
  });
});
