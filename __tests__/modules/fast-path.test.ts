import { fastPathRuleName } from '../../modules/fast-path';
import { jsonQuotedKeepingExpressions } from '../../modules/plan-time';
import { parseEnvironments } from '../../stacks/load-environments';
import { ENVIRONMENTS } from '../../stacks/environments';
import type { EnvironmentInput } from '../../stacks/environment-schema';
import { decodeLogsInsightsUrl } from '../support/console-url';
import { validEnvironment } from '../support/environments';
import { follows } from '../support/policy-source';
import { Plan } from '../support/synth';

const planOf = (input: EnvironmentInput) => Plan.ofEnvironment(parseEnvironments([input])[0]);
const CATALOG_RULES = [
  'trail-tampering',
  'log-bucket-tampering',
  's3-public-access-block-changes',
  'trail-log-group-tampering',
  'trail-log-stream-deleted',
  'alarm-tampering',
  'trail-key-tampering',
  'kms-imported-key-material-deleted',
  'cis-root-account-usage',
  's3-sse-c-writes',
];

describe('GIVEN the shipped prod, which turns the fast path on', () => {
  const plan = Plan.ofEnvironment(parseEnvironments(ENVIRONMENTS).find((env) => env.name === 'prod')!);
  const rules = Object.entries(plan.resources('aws_cloudwatch_event_rule')) as [string, any][];
  const targets = Object.values(plan.resources('aws_cloudwatch_event_target')) as any[];
  const rule = (id: string) => rules.find(([, r]) => r.name === `acme-prod-${id}`)!;
  const topics = plan.resources('aws_sns_topic') as Record<string, { name: string }>;
  const topicRef = (name: string) => `\${aws_sns_topic.${Object.keys(topics).find((id) => topics[id].name === name)}.arn}`;
  const topicArn = topicRef('acme-prod-audit-alarms');
  const pagingArn = topicRef('acme-prod-audit-paging');

  test('THEN there is one rule per critical detection and per declared bucket, each named <prefix>-<env>-<id>', () => {
    expect(rules.map(([, r]) => r.name).sort()).toEqual(
      [
        ...CATALOG_RULES,
        's3-immutable-prefix-changed.acme-prod-backups',
        's3-unexpected-writer.acme-prod-customer-data',
        's3-unexpected-writer.acme-prod-backups',
      ].map((id) => `acme-prod-${id}`).sort(),
    );
  });

  test('THEN each rule matches CloudTrail API calls from AWS sources only, on the default bus', () => {
    for (const [, r] of rules) {
      const pattern = JSON.parse(r.event_pattern);
      expect(pattern.source).toEqual([{ prefix: 'aws.' }]);
      expect(pattern['detail-type']).toEqual(['AWS API Call via CloudTrail']);
      expect(r.event_bus_name).toBeUndefined();
    }
  });

  test('THEN the SSE-C rule keeps to the watched buckets, the writes, the calls S3 carried out, and either record shape', () => {
    const pattern = JSON.parse(rule('s3-sse-c-writes')[1].event_pattern);
    expect(pattern.detail).toEqual({
      eventSource: ['s3.amazonaws.com'],
      eventName: ['PutObject', 'CopyObject', 'CreateMultipartUpload', 'UploadPart', 'UploadPartCopy', 'CompleteMultipartUpload'],
      errorCode: [{ exists: false }],
      requestParameters: { bucketName: ['acme-prod-customer-data', 'acme-prod-exports', 'acme-prod-backups'] },
      $or: [{ additionalEventData: { SSEApplied: ['SSE_C'] } }, { requestParameters: { 'x-amz-server-side-encryption-customer-algorithm': [{ exists: true }] } }],
    });
  });

  test('THEN the unexpected-writer rule says "no session issuer, or none of the expected roles"', () => {
    const pattern = JSON.parse(rule('s3-unexpected-writer.acme-prod-customer-data')[1].event_pattern);
    expect(pattern.detail.$or).toEqual([
      { userIdentity: { sessionContext: { sessionIssuer: { arn: [{ exists: false }] } } } },
      { userIdentity: { sessionContext: { sessionIssuer: { arn: [{ 'anything-but': ['arn:aws:iam::333333333333:role/customer-api', 'arn:aws:iam::333333333333:role/data-pipeline'] }] } } } },
    ]);
  });

  test('THEN the key rule names the trail key by the ARN CloudTrail records, or by any name the request gives it', () => {
    expect(JSON.parse(rule('trail-key-tampering')[1].event_pattern).detail.$or).toEqual([
      { resources: { ARN: [plan.ref('aws_kms_key', 'arn')] } },
      { requestParameters: { keyId: [plan.ref('aws_kms_key', 'arn'), plan.ref('aws_kms_key', 'key_id'), 'alias/acme-prod-s3-audit', plan.ref('aws_kms_alias', 'arn')] } },
    ]);
  });

  test('THEN each rule targets the alarm topic and, its severity being critical or high, the paging topic, with no role', () => {
    for (const [id] of rules) {
      const own = targets.filter((t) => t.rule === `\${aws_cloudwatch_event_rule.${id}.name}`);
      expect(own.map((t) => [t.target_id, t.arn, t.role_arn])).toEqual([['alarm-topic', topicArn, undefined], ['paging-topic', pagingArn, undefined]]);
    }
  });

  test('THEN the message says who, what, on which bucket and key, from where and when, and links the event and the runbook', () => {
    const [id] = rule('s3-immutable-prefix-changed.acme-prod-backups');
    const [main, paging] = targets.filter((t) => t.rule === `\${aws_cloudwatch_event_rule.${id}.name}`);
    expect(paging.input_transformer).toEqual(main.input_transformer);
    const transformer = main.input_transformer;
    expect(transformer.input_paths).toEqual({
      who: '$.detail.userIdentity.arn',
      what: '$.detail.eventName',
      service: '$.detail.eventSource',
      from: '$.detail.sourceIPAddress',
      when: '$.detail.eventTime',
      region: '$.region',
      account: '$.account',
      eventId: '$.detail.eventID',
      field0: '$.detail.requestParameters.bucketName',
      field1: '$.detail.requestParameters.key',
    });
    const text = JSON.parse(transformer.input_template) as string;
    expect(text).toMatch(
      /^\[critical, fast path\] Object under an immutable prefix changed in acme-prod-backups\. Who: <who>\. What: <what> \(<service>\)\. Bucket: <field0>\. Key: <field1>\. From: <from>\. When: <when>, <region>, account <account>\. Evidence \(/,
    );
    expect(text.endsWith(' Runbook: https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/acme-prod-runbooks')).toBe(true);
    const url = /(https:\/\/us-east-1\.console\S+)/.exec(text)![1];
    const link = decodeLogsInsightsUrl(url.replace('<eventId>', '0123abcd-0000-4000-8000-0123456789ab'));
    expect(link.detail).toMatchObject({ end: 0, start: -86400, timeType: 'RELATIVE', unit: 'seconds', source: ['/aws/cloudtrail/acme-prod-s3-audit'] });
    expect(link.detail.editorString).toContain('| filter eventID = "0123abcd-0000-4000-8000-0123456789ab"');
  });

  test(`THEN the alarm topic admits this stack's rules and the key lets EventBridge publish to it ${follows('AllowThisStacksRulesToPublish')} ${follows('AllowEventBridgeToUseTheKeyForTheTopics')}`, () => {
    const policies = Object.values(plan.resources('aws_sns_topic_policy')) as any[];
    const topic = plan.statements(policies.find((p) => p.arn === topicArn).policy);
    expect(plan.statements(policies.find((p) => p.arn === pagingArn).policy).AllowThisStacksRulesToPublishToThePagingTopic.resources).toEqual([pagingArn]);
    expect(topic.AllowThisStacksRulesToPublish).toEqual({
      effect: 'Allow',
      principals: { Service: ['events.amazonaws.com'] },
      actions: ['sns:Publish'],
      resources: [topicArn],
      conditions: { 'ArnLike aws:SourceArn': ['arn:aws:events:us-east-1:333333333333:rule/acme-prod-*'] },
    });
    const key = plan.statements(plan.only('aws_kms_key').policy);
    expect(key.AllowEventBridgeToUseTheKeyForTheTopics).toEqual({
      effect: 'Allow',
      principals: { Service: ['events.amazonaws.com'] },
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: {},
    });
  });

  test('THEN an alarm says when EventBridge could not deliver a message: FailedInvocations of every rule, ten to an alarm', () => {
    const alarms = (Object.values(plan.resources('aws_cloudwatch_metric_alarm')) as any[]).filter((a) => String(a.alarm_name).startsWith('acme-prod-fast-path-failed'));
    expect(alarms.map((a) => a.alarm_name)).toEqual(['acme-prod-fast-path-failed-1', 'acme-prod-fast-path-failed-2']);
    const ruleNames = alarms.flatMap((a) => a.metric_query.filter((q: any) => q.metric).map((q: any) => q.metric.dimensions.RuleName)).sort();
    expect(ruleNames).toEqual(rules.map(([, r]) => r.name).sort());
    for (const alarm of alarms) {
      expect(alarm.metric_query.filter((q: any) => q.metric).length).toBeLessThanOrEqual(10);
      expect(alarm.metric_query.at(-1)).toMatchObject({ id: 'failed', expression: 'SUM(METRICS())', return_data: true });
      expect(alarm).toMatchObject({ threshold: 1, comparison_operator: 'GreaterThanOrEqualToThreshold', evaluation_periods: 10, datapoints_to_alarm: 1, alarm_actions: [topicArn, pagingArn] });
      expect(alarm.alarm_description).toMatch(/^\[high\] The fast path could not deliver a message/);
    }
  });
});

describe('GIVEN an environment with a paging topic, the fast path and high alarms left off the pager', () => {
  const plan = planOf(validEnvironment({
    fastPath: true,
    paging: { emailAddresses: ['pager@example.com'], severities: ['critical'] },
    watchedBuckets: [{ name: 'acme-data', expectedWriters: ['arn:aws:iam::123456789012:role/app'] }],
  }));
  test('THEN each rule notifies the topics its severity does, as the alarms do, and both topics admit the rules', () => {
    const rules = plan.resources('aws_cloudwatch_event_rule') as Record<string, { name: string }>;
    const targets = Object.values(plan.resources('aws_cloudwatch_event_target')) as any[];
    const perRule = new Map<string, string[]>();
    for (const t of targets) {
      const name = rules[/^\$\{aws_cloudwatch_event_rule\.([^.]+)\.name\}$/.exec(t.rule)![1]].name;
      perRule.set(name, [...(perRule.get(name) ?? []), t.target_id]);
    }
    expect(perRule.get('acme-test-s3-unexpected-writer.acme-data')).toEqual(['alarm-topic']);
    expect(perRule.get('acme-test-trail-tampering')).toEqual(['alarm-topic', 'paging-topic']);
    const policies = Object.values(plan.resources('aws_sns_topic_policy')) as any[];
    const sids = policies.flatMap((policy) => Object.keys(plan.statements(policy.policy)));
    expect(sids).toEqual(expect.arrayContaining(['AllowThisStacksRulesToPublish', 'AllowThisStacksRulesToPublishToThePagingTopic']));
  });
});

describe('GIVEN an environment without the fast path', () => {
  const plan = planOf(validEnvironment());
  test('THEN there are no rules, no failure alarm, and neither the topic nor the key admits EventBridge', () => {
    expect(plan.resources('aws_cloudwatch_event_rule')).toEqual({});
    expect(plan.resources('aws_cloudwatch_event_target')).toEqual({});
    expect(Object.keys(plan.statements(plan.only('aws_sns_topic_policy').policy))).not.toContain('AllowThisStacksRulesToPublish');
    expect(Object.keys(plan.statements(plan.only('aws_kms_key').policy))).not.toContain('AllowEventBridgeToUseTheKeyForTheTopics');
  });
});

test('GIVEN writers the event pattern cannot negate (a role and a user) THEN that bucket has no unexpected-writer rule; the alarm still covers it', () => {
  const plan = planOf(validEnvironment({
    fastPath: true,
    watchedBuckets: [{ name: 'acme-data', expectedWriters: ['arn:aws:iam::123456789012:role/app', 'arn:aws:iam::123456789012:user/ops'] }],
  }));
  const names = (Object.values(plan.resources('aws_cloudwatch_event_rule')) as any[]).map((r) => r.name);
  expect(names).not.toContain('acme-test-s3-unexpected-writer.acme-data');
  expect((Object.values(plan.resources('aws_cloudwatch_metric_alarm')) as any[]).map((a) => a.alarm_name)).toContain('acme-test-s3-unexpected-writer.acme-data');
});

test('GIVEN a rule name over 64 characters THEN it is cut and ends with a hash of the whole, still under the prefix the topic admits', () => {
  const long = fastPathRuleName('acme-prod', 's3-immutable-prefix-changed.acme-prod-backups-of-the-finance-department-eu');
  expect(long).toMatch(/^acme-prod-s3-immutable-prefix-changed\.acme-prod-backups-[0-9a-f]{8}$/);
  expect(long.length).toBeLessThanOrEqual(64);
  expect(fastPathRuleName('acme-prod', 's3-immutable-prefix-changed.acme-prod-backups-of-the-finance-department-us')).not.toBe(long);
  expect(fastPathRuleName('acme-prod', 'trail-tampering')).toBe('acme-prod-trail-tampering');
});

test('GIVEN a fast-path detection switched off in detections THEN it has no rule either, and the failure alarm does not read it', () => {
  const plan = planOf(validEnvironment({ fastPath: true, detections: { 'cis-root-account-usage': { enabled: false } } }));
  const names = (Object.values(plan.resources('aws_cloudwatch_event_rule')) as any[]).map((r) => r.name);
  expect(names).not.toContain('acme-test-cis-root-account-usage');
  expect(names).toContain('acme-test-trail-tampering');
  const [failed] = (Object.values(plan.resources('aws_cloudwatch_metric_alarm')) as any[]).filter((a) => a.alarm_name === 'acme-test-fast-path-failed');
  expect(failed.metric_query.flatMap((q: any) => q.metric?.dimensions.RuleName ?? []).sort()).toEqual(names.sort());
});

test('GIVEN a message whose links are Terraform expressions (the module) THEN the template is JSON with the expressions left whole for Terraform', () => {
  const text = 'Who: "<who>". Runbook: ${var.base == "" ? "https://a.example" : "${var.base}#x"}';
  const encoded = jsonQuotedKeepingExpressions(text);
  expect(encoded).toBe('"Who: \\"<who>\\". Runbook: ${var.base == "" ? "https://a.example" : "${var.base}#x"}"');
  expect(jsonQuotedKeepingExpressions('100%{ a }')).toBe('"100%%{ a }"');
  expect(jsonQuotedKeepingExpressions('plain "text"')).toBe(JSON.stringify('plain "text"'));
});
