import { AuditLogBucket, AuditLogBucketProps } from '../../modules/audit-log-bucket';
import { follows } from '../support/policy-source';
import { LOCATION, Plan } from '../support/synth';

const TRAIL_ARN = 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/acme-test-s3-audit';

describe('AuditLogBucket', () => {
  // GIVEN a stack WHEN the log bucket is added
  const build = (overrides: Partial<AuditLogBucketProps> = {}) =>
    Plan.ofScope((scope) => {
      new AuditLogBucket(scope, 'LogBucket', {
        location: LOCATION,
        bucketName: 'acme-test-audit-logs-123456789012',
        trailName: 'acme-test-s3-audit',
        kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/test',
        lifecycle: { transitionAfterDays: 30, expireAfterDays: 365 },
        ...overrides,
      });
    });
  const plan = build();
  const bucketRef = plan.ref('aws_s3_bucket', 'id');
  const bucketArn = plan.ref('aws_s3_bucket', 'arn');

  test('THEN the bucket has its name, cannot be emptied by terraform destroy, and is destroyable by default', () => {
    expect(plan.only('aws_s3_bucket')).toMatchObject({
      bucket: 'acme-test-audit-logs-123456789012',
      force_destroy: false,
      lifecycle: { prevent_destroy: false },
    });
  });

  test('THEN all four public access block flags are on', () => {
    expect(plan.only('aws_s3_bucket_public_access_block')).toMatchObject({
      bucket: bucketRef,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test('THEN ACLs are off: the bucket owner owns every object', () => {
    expect(plan.only('aws_s3_bucket_ownership_controls')).toMatchObject({
      bucket: bucketRef,
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
  });

  test('THEN versioning is enabled', () => {
    expect(plan.only('aws_s3_bucket_versioning')).toMatchObject({
      bucket: bucketRef,
      versioning_configuration: { status: 'Enabled' },
    });
  });

  test('THEN default encryption is SSE-KMS with the trail key and a bucket key', () => {
    const encryption = plan.only('aws_s3_bucket_server_side_encryption_configuration');
    expect(encryption.bucket).toBe(bucketRef);
    expect(encryption.rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/test',
        },
        bucket_key_enabled: true,
      },
    ]);
  });

  test('THEN log files transition, then expire, current and noncurrent versions alike', () => {
    const lifecycle = plan.only('aws_s3_bucket_lifecycle_configuration');
    expect(lifecycle.rule).toHaveLength(1);
    const [rule] = lifecycle.rule;
    expect(rule.status).toBe('Enabled');
    expect(rule.transition).toEqual([{ days: 30, storage_class: 'GLACIER_IR' }]);
    expect(rule.expiration).toEqual([{ days: 365 }]);
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 365 }]);
    expect(lifecycle.depends_on).toEqual([`aws_s3_bucket_versioning.${plan.idOf('aws_s3_bucket_versioning')}`]);
  });

  describe('bucket policy', () => {
    const policy = plan.only('aws_s3_bucket_policy');
    const statements = plan.statements(policy.policy);

    test('THEN it has the TLS-only deny and the two CloudTrail statements, nothing else', () => {
      expect(policy.bucket).toBe(bucketRef);
      expect(Object.keys(statements).sort()).toEqual(['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite', 'DenyInsecureTransport']);
    });

    test(`THEN any request without TLS is denied, on the bucket and its objects ${follows('DenyInsecureTransport')}`, () => {
      expect(statements.DenyInsecureTransport).toEqual({
        effect: 'Deny',
        principals: { '*': ['*'] },
        actions: ['s3:*'],
        resources: [bucketArn, `${bucketArn}/*`],
        conditions: { 'Bool aws:SecureTransport': ['false'] },
      });
    });

    test(`THEN only this trail may read the bucket ACL ${follows('AWSCloudTrailAclCheck')}`, () => {
      expect(statements.AWSCloudTrailAclCheck).toEqual({
        effect: 'Allow',
        principals: { Service: ['cloudtrail.amazonaws.com'] },
        actions: ['s3:GetBucketAcl'],
        resources: [bucketArn],
        conditions: { 'StringEquals aws:SourceArn': [TRAIL_ARN] },
      });
    });

    test(`THEN only this trail may write, only under AWSLogs/<account>/, only with bucket-owner-full-control ${follows('AWSCloudTrailWrite')}`, () => {
      expect(statements.AWSCloudTrailWrite).toEqual({
        effect: 'Allow',
        principals: { Service: ['cloudtrail.amazonaws.com'] },
        actions: ['s3:PutObject'],
        resources: [`${bucketArn}/AWSLogs/123456789012/*`],
        conditions: {
          'StringEquals s3:x-amz-acl': ['bucket-owner-full-control'],
          'StringEquals aws:SourceArn': [TRAIL_ARN],
        },
      });
    });

    test('WHEN a key prefix is set THEN the write statement covers only that prefix', () => {
      const prefixed = build({ s3KeyPrefix: 'audit' });
      const write = prefixed.statements(prefixed.only('aws_s3_bucket_policy').policy).AWSCloudTrailWrite;
      expect(write.resources).toEqual([`${prefixed.ref('aws_s3_bucket', 'arn')}/audit/AWSLogs/123456789012/*`]);
    });
  });

  test('WHEN destruction is blocked THEN the bucket carries prevent_destroy', () => {
    expect(build({ preventDestroy: true }).only('aws_s3_bucket').lifecycle.prevent_destroy).toBe(true);
  });
});
