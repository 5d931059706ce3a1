import { COMPLIANCE_RULES } from '../../modules/compliance/pack';
import { EnvironmentStack } from '../../stacks/environment-stack';
import { elementAt, reportOf, shippedStack, synthError, withoutSuppression } from '../support/compliance';

type Breaker = (stack: EnvironmentStack) => void;
// cdktf's overrides merge: objects merge, arrays append, undefined deletes. Each breaker below
// relies on that to leave exactly one thing wrong.
const override = (path: string, attribute: string, value: unknown): Breaker => (stack) => elementAt(stack, path).addOverride(attribute, value);

/**
 * For each error rule: a shipped environment broken in exactly one place, through cdktf's own
 * escape hatch on the real construct, so the stack is what a careless edit would produce.
 */
const ERROR_CASES: [rule: string, env: string, breaker: Breaker][] = [
  ['trail-multi-region', 'prod', override('AuditTrail/Trail/Resource', 'is_multi_region_trail', false)],
  ['trail-log-file-validation', 'prod', override('AuditTrail/Trail/Resource', 'enable_log_file_validation', false)],
  ['trail-kms-encryption', 'prod', override('AuditTrail/Trail/Resource', 'kms_key_id', 'arn:aws:kms:us-east-1:333333333333:key/someone-elses')],
  ['trail-logging-enabled', 'prod', override('AuditTrail/Trail/Resource', 'enable_logging', false)],
  ['trail-cloudwatch-logs', 'prod', override('AuditTrail/Trail/Resource', 'cloud_watch_logs_role_arn', 'arn:aws:iam::333333333333:role/other')],
  ['trail-global-service-events', 'prod', override('AuditTrail/Trail/Resource', 'include_global_service_events', false)],
  ['trail-management-events-all', 'prod', override('AuditTrail/Trail/Resource', 'advanced_event_selector.0.field_selector', [
    { field: 'eventCategory', equals: ['Management'] },
    { field: 'readOnly', equals: ['false'] },
  ])],
  ['trail-s3-data-events', 'prod', override('AuditTrail/Trail/Resource', 'advanced_event_selector.1.field_selector', [
    { field: 'eventCategory', equals: ['Data'] },
    { field: 'resources.type', equals: ['AWS::S3::Object'] },
    { field: 'readOnly', equals: ['false'] },
  ])],
  ['trail-excludes-log-bucket', 'dev', override('AuditTrail/Trail/Resource', 'advanced_event_selector.1.field_selector.2.not_starts_with', undefined)],
  ['bucket-public-access-block', 'prod', override('AuditTrail/LogBucket/PublicAccessBlock', 'block_public_policy', false)],
  ['bucket-acls-disabled', 'prod', override('AuditTrail/AccessLogBucket/OwnershipControls', 'rule.object_ownership', 'ObjectWriter')],
  ['bucket-versioning', 'prod', override('AuditTrail/AccessLogBucket/Versioning', 'versioning_configuration.status', 'Suspended')],
  ['bucket-lifecycle', 'prod', override('AuditTrail/LogBucket/Lifecycle', 'rule.0.status', 'Disabled')],
  ['bucket-tls-only', 'prod', override('AuditTrail/LogBucket/PolicyDocument', 'statement.0.effect', 'Allow')],
  ['bucket-no-public-principal', 'prod', (stack) => {
    elementAt(stack, 'AuditTrail/LogBucket/PolicyDocument').addOverride('statement.1.principals.0.type', '*');
    elementAt(stack, 'AuditTrail/LogBucket/PolicyDocument').addOverride('statement.1.principals.0.identifiers', ['*']);
    elementAt(stack, 'AuditTrail/LogBucket/PolicyDocument').addOverride('statement.1.condition', undefined);
  }],
  ['bucket-no-force-destroy', 'prod', override('AuditTrail/AccessLogBucket/Resource', 'force_destroy', true)],
  ['log-bucket-kms-encryption', 'prod', override('AuditTrail/LogBucket/Encryption', 'rule.0.apply_server_side_encryption_by_default', { sse_algorithm: 'AES256' })],
  ['log-bucket-access-logging', 'prod', override('AuditTrail/LogBucket/AccessLogging', 'target_bucket', 'somewhere-else')],
  ['log-bucket-object-lock', 'prod', override('AuditTrail/LogBucket/ObjectLock', 'object_lock_enabled', 'Disabled')],
  ['access-log-bucket-delivery', 'prod', override('AuditTrail/AccessLogBucket/Encryption', 'rule.0.apply_server_side_encryption_by_default.sse_algorithm', 'aws:kms')],
  ['kms-key-rotation', 'prod', override('AuditTrail/Key/Resource', 'enable_key_rotation', false)],
  ['kms-key-policy-defined', 'prod', override('AuditTrail/Key/Resource', 'policy', '{"Version":"2012-10-17","Statement":[]}')],
  ['kms-no-public-principal', 'prod', override('AuditTrail/Key/Policy', 'statement.0.principals', [{ type: 'AWS', identifiers: ['*'] }])],
  ['kms-deletion-window', 'prod', override('AuditTrail/Key/Resource', 'deletion_window_in_days', 7)],
  ['kms-bucket-key-decrypt', 'prod', override('AuditTrail/Key/Policy', 'statement.2.effect', 'Deny')],
  ['log-group-retention', 'prod', override('AuditTrail/LogGroup/Resource', 'retention_in_days', 90)],
  ['log-group-kms', 'prod', override('AuditTrail/LogGroup/Resource', 'kms_key_id', 'arn:aws:kms:us-east-1:333333333333:key/other')],
  ['delivery-role-trust', 'prod', override('AuditTrail/DeliveryRole/TrustPolicy', 'statement.0.condition', [
    { test: 'StringEquals', variable: 'aws:SourceAccount', values: ['333333333333'] },
  ])],
  ['delivery-role-permissions', 'prod', override('AuditTrail/DeliveryRole/PermissionsPolicy', 'statement.1.actions', ['logs:*'])],
  ['alarm-topic-kms', 'prod', override('AuditTrail/Alarms/Default/Resource', 'kms_master_key_id', 'alias/aws/sns')],
  ['alarm-topic-publishers', 'prod', override('AuditTrail/Alarms/Default/TopicPolicyDocument', 'statement.1.principals', [{ type: 'Service', identifiers: ['events.amazonaws.com'] }])],
  ['alarms-have-actions', 'prod', override('AuditTrail/Alarms/trail-tampering/Alarm', 'alarm_actions', undefined)],
  ['alarm-topic-tls-only', 'prod', override('AuditTrail/Alarms/Default/TopicPolicyDocument', 'statement.2.effect', 'Allow')],
  ['confused-deputy', 'prod', override('AuditTrail/Key/Policy', 'statement.3.condition', undefined)],
  ['prevent-destroy', 'prod', override('AuditTrail/LogGroup/Resource', 'lifecycle.prevent_destroy', false)],
];

test('GIVEN the fast path\'s statement on the prod topic left without its aws:SourceArn WHEN synthesized THEN alarm-topic-publishers fails: EventBridge is held to this account\'s rules', () => {
  const stack = shippedStack('prod');
  elementAt(stack, 'AuditTrail/Alarms/Default/TopicPolicyDocument').addOverride('statement.3.condition', undefined);
  expect(synthError(stack)).toContain("[alarm-topic-publishers] aws_sns_topic_policy.AuditTrail_Alarms_TopicPolicy_CC8FADB4: statement AllowThisStacksRulesToPublish does not hold events.amazonaws.com to this account's EventBridge rules");
});

describe('the compliance pack', () => {
  test('GIVEN the shipped environments THEN every rule passes or is suppressed with a reason, and synth succeeds', () => {
    for (const name of ['dev', 'staging', 'prod']) {
      const stack = shippedStack(name);
      expect({ name, findings: reportOf(stack).findings }).toEqual({ name, findings: [] });
      expect(synthError(stack)).toBeUndefined();
    }
  });

  test('THEN every error rule has a breaking case below, and every rule a unique id', () => {
    const ids = COMPLIANCE_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    // chat-channel-guardrails needs a chat channel, which no shipped environment has: see alarm-routing-rules.test.ts.
    const tested = new Set([...ERROR_CASES.map(([rule]) => rule), 'cis-detections', 'chat-channel-guardrails']);
    expect(COMPLIANCE_RULES.filter((rule) => rule.level === 'error' && !tested.has(rule.id)).map((rule) => rule.id)).toEqual([]);
  });

  describe.each(ERROR_CASES)('GIVEN %s broken in %s', (rule, env, breaker) => {
    test('WHEN synthesized THEN synth fails with that rule id, the resource and the fix', () => {
      const stack = shippedStack(env);
      breaker(stack);
      const error = synthError(stack);
      const fix = COMPLIANCE_RULES.find((r) => r.id === rule)?.fix ?? '';
      expect(error).toMatch(new RegExp(`\\[${rule}\\] (aws_|data\\.)[a-z0-9_]+\\.[A-Za-z0-9_-]+: .+ — `));
      expect(error).toContain(fix);
    });
  });

  test('GIVEN a CIS detection disabled WHEN synthesized THEN cis-detections fails, naming the detection and its controls', () => {
    const stack = shippedStack('prod', (env) => ({ ...env, detections: { 'cis-root-account-usage': { enabled: false } } }));
    expect(synthError(stack)).toContain(
      '[cis-detections] aws_cloudwatch_metric_alarm.cis-root-account-usage: cis-root-account-usage (Security Hub CloudWatch.1, CIS 1.7, CIS 4.3, CIS v6.0.0 5.3) is not deployed',
    );
  });

  describe.each([
    ['trail-s3-read-data-events', 'staging'],
    ['log-bucket-replication', 'dev'],
    ['destructive-changes-allowed', 'dev'],
  ])('GIVEN the warning rule %s unsuppressed in %s', (rule, env) => {
    test('THEN synth still succeeds and the report carries the warning with its scanner ids', () => {
      const stack = shippedStack(env, withoutSuppression(rule));
      expect(synthError(stack)).toBeUndefined();
      const finding = reportOf(stack).findings.find((f) => f.rule === rule);
      expect(finding).toMatchObject({ level: 'warning', scannerIds: COMPLIANCE_RULES.find((r) => r.id === rule)?.scannerIds });
    });
  });

  test('GIVEN dev without its log-group-retention suppression THEN synth fails on it', () => {
    expect(synthError(shippedStack('dev', withoutSuppression('log-group-retention')))).toContain('[log-group-retention] aws_cloudwatch_log_group.');
  });
});
