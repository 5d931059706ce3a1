import { S3AuditTrail, S3AuditTrailProps } from '../../modules/s3-audit-trail';
import { DETECTION_CATALOG } from '../../modules/detections';
import { LOCATION, Plan } from '../support/synth';

describe('S3AuditTrail', () => {
  // GIVEN a stack WHEN the composite is added with its defaults
  const build = (options: Partial<S3AuditTrailProps> = {}) =>
    Plan.ofScope((scope) => {
      new S3AuditTrail(scope, 'AuditTrail', {
        location: LOCATION,
        trailName: 'acme-test-s3-audit',
        logBucketName: 'acme-test-audit-logs-123456789012',
        alarmNamePrefix: 'acme-test',
        ...options,
      });
    });
  const plan = build();
  const keyArn = plan.ref('aws_kms_key', 'arn');
  const trail = plan.only('aws_cloudtrail');

  test('THEN the trail depends on the bucket policy, the delivery role policy and the key', () => {
    expect(trail.depends_on).toEqual(
      expect.arrayContaining([
        `aws_s3_bucket_policy.${plan.idOf('aws_s3_bucket_policy')}`,
        `aws_iam_role_policy.${plan.idOf('aws_iam_role_policy')}`,
        `aws_kms_key.${plan.idOf('aws_kms_key')}`,
      ]),
    );
  });

  test('THEN one key encrypts the log files, the bucket, the log group and the topic', () => {
    expect(trail.kms_key_id).toBe(keyArn);
    expect(plan.only('aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toBe(keyArn);
    expect(plan.only('aws_cloudwatch_log_group').kms_key_id).toBe(keyArn);
    expect(plan.only('aws_sns_topic').kms_master_key_id).toBe(keyArn);
  });

  test('THEN the trail delivers to the log group through the delivery role, which may write only there', () => {
    const logGroupArn = plan.ref('aws_cloudwatch_log_group', 'arn');
    expect(trail.cloud_watch_logs_group_arn).toBe(`${logGroupArn}:*`);
    expect(trail.cloud_watch_logs_role_arn).toBe(plan.ref('aws_iam_role', 'arn'));
    const permissions = plan.statements(plan.only('aws_iam_role_policy').policy);
    expect(permissions.AWSCloudTrailPutLogEvents.resources).toEqual([`${logGroupArn}:log-stream:123456789012_CloudTrail_*`]);
  });

  test('THEN the trail writes to the log bucket, and by default records every bucket but that one', () => {
    expect(trail.s3_bucket_name).toBe('acme-test-audit-logs-123456789012');
    const data = trail.advanced_event_selector[1].field_selector.find((f: any) => f.field === 'resources.ARN');
    expect(data).toEqual({ field: 'resources.ARN', not_starts_with: ['arn:aws:s3:::acme-test-audit-logs-123456789012/'] });
  });

  test('THEN every catalog detection has a metric filter on the log group and an alarm, plus the delivery alarm', () => {
    const filters = Object.values(plan.resources('aws_cloudwatch_log_metric_filter')) as any[];
    const alarms = Object.values(plan.resources('aws_cloudwatch_metric_alarm')) as any[];
    expect(filters).toHaveLength(DETECTION_CATALOG.length);
    expect(alarms.map((a) => a.alarm_name).sort()).toEqual(
      [...DETECTION_CATALOG.map((d) => `acme-test-${d.id}`), 'acme-test-trail-delivery-stopped'].sort(),
    );
    for (const filter of filters) expect(filter.log_group_name).toBe(plan.ref('aws_cloudwatch_log_group', 'name'));
  });

  test('THEN log files are encrypted under an S3 Bucket Key, and the key lets CloudTrail decrypt as that requires', () => {
    expect(plan.only('aws_s3_bucket_server_side_encryption_configuration').rule[0].bucket_key_enabled).toBe(true);
    expect(plan.statements(plan.only('aws_kms_key').policy).AllowCloudTrailToDecryptWithTheBucketKey).toBeDefined();
  });

  test('WHEN the Bucket Key is turned off THEN neither the bucket uses one nor does CloudTrail get kms:Decrypt', () => {
    const withoutBucketKey = build({ useS3BucketKey: false });
    expect(withoutBucketKey.only('aws_s3_bucket_server_side_encryption_configuration').rule[0].bucket_key_enabled).toBe(false);
    expect(withoutBucketKey.statements(withoutBucketKey.only('aws_kms_key').policy).AllowCloudTrailToDecryptWithTheBucketKey).toBeUndefined();
  });

  test('THEN nothing is protected from destroy by default', () => {
    for (const type of ['aws_s3_bucket', 'aws_kms_key', 'aws_cloudwatch_log_group']) {
      expect(plan.only(type).lifecycle.prevent_destroy).toBe(false);
    }
  });
});
