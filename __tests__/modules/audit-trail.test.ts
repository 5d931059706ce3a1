import { AuditTrail, AuditTrailProps } from '../../modules/audit-trail';
import { Plan } from '../support/synth';

describe('AuditTrail', () => {
  // GIVEN a stack WHEN the trail is added
  const build = (overrides: Partial<AuditTrailProps> = {}) =>
    Plan.ofScope((scope) => {
      new AuditTrail(scope, 'Trail', {
        trailName: 'acme-test-s3-audit',
        partition: 'aws',
        logBucketName: 'acme-test-audit-logs-123456789012',
        kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/test',
        logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/cloudtrail/acme-test-s3-audit',
        cloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/acme-test-s3-audit-to-logs',
        ...overrides,
      });
    }).only('aws_cloudtrail');
  const selectorNamed = (trail: any, category: string) =>
    trail.advanced_event_selector.find((selector: any) =>
      selector.field_selector.some((field: any) => field.field === 'eventCategory' && field.equals[0] === category),
    );
  const fieldsOf = (selector: any) =>
    Object.fromEntries(selector.field_selector.map(({ field, ...operators }: any) => [field, operators]));

  test('THEN it logs every region and global services, validates log files, and encrypts with the key', () => {
    expect(build()).toMatchObject({
      name: 'acme-test-s3-audit',
      s3_bucket_name: 'acme-test-audit-logs-123456789012',
      enable_logging: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/test',
    });
  });

  test('THEN it delivers to the log group (ARN with :*) through the role', () => {
    const trail = build();
    expect(trail.cloud_watch_logs_group_arn).toBe(
      'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/cloudtrail/acme-test-s3-audit:*',
    );
    expect(trail.cloud_watch_logs_role_arn).toBe('arn:aws:iam::123456789012:role/acme-test-s3-audit-to-logs');
  });

  test('THEN it uses advanced selectors only: one for management events, one for S3 objects', () => {
    const trail = build();
    expect(trail.event_selector).toBeUndefined();
    expect(trail.advanced_event_selector).toHaveLength(2);
  });

  test('THEN management events are all recorded by default, and only writes when asked', () => {
    expect(fieldsOf(selectorNamed(build(), 'Management'))).toEqual({ eventCategory: { equals: ['Management'] } });
    expect(fieldsOf(selectorNamed(build({ managementEventReadWriteType: 'WriteOnly' }), 'Management'))).toEqual({
      eventCategory: { equals: ['Management'] },
      readOnly: { equals: ['false'] },
    });
  });

  test("WHEN watching all buckets THEN every bucket's objects are recorded except the log bucket's", () => {
    const fields = fieldsOf(selectorNamed(build({ watchedBuckets: 'all' }), 'Data'));
    expect(fields).toEqual({
      eventCategory: { equals: ['Data'] },
      'resources.type': { equals: ['AWS::S3::Object'] },
      'resources.ARN': { not_starts_with: ['arn:aws:s3:::acme-test-audit-logs-123456789012/'] },
      readOnly: { equals: ['false'] },
    });
  });

  test('WHEN watching a list THEN only those buckets are recorded, each prefix ending in / so no sibling bucket matches', () => {
    const fields = fieldsOf(selectorNamed(build({ watchedBuckets: ['data', 'data-exports'] }), 'Data'));
    expect(fields['resources.ARN']).toEqual({ starts_with: ['arn:aws:s3:::data/', 'arn:aws:s3:::data-exports/'] });
    expect(fields['resources.ARN'].starts_with).not.toContain('arn:aws:s3:::acme-test-audit-logs-123456789012/');
  });

  test('THEN data events are write-only by default, and reads are added with All', () => {
    expect(fieldsOf(selectorNamed(build(), 'Data')).readOnly).toEqual({ equals: ['false'] });
    expect(fieldsOf(selectorNamed(build({ dataEventReadWriteType: 'All' }), 'Data')).readOnly).toBeUndefined();
  });

  test('WHEN in another partition THEN bucket ARNs use it', () => {
    const fields = fieldsOf(selectorNamed(build({ partition: 'aws-cn', watchedBuckets: ['data'] }), 'Data'));
    expect(fields['resources.ARN'].starts_with).toEqual(['arn:aws-cn:s3:::data/']);
  });
});
