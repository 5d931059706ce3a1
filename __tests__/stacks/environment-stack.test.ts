import { parseEnvironments } from '../../stacks/load-environments';
import { ENVIRONMENTS } from '../../stacks/environments';
import { validEnvironment } from '../support/environments';
import { Plan } from '../support/synth';

const [dev, staging, prod] = parseEnvironments(ENVIRONMENTS);
const plans = { dev: Plan.ofEnvironment(dev), staging: Plan.ofEnvironment(staging), prod: Plan.ofEnvironment(prod) };
const dataSelector = (plan: Plan) =>
  Object.fromEntries(
    plan.only('aws_cloudtrail').advanced_event_selector[1].field_selector.map(({ field, ...op }: any) => [field, op]),
  );

describe('EnvironmentStack', () => {
  describe.each(Object.entries(plans))('GIVEN the %s environment', (name, plan) => {
    const env = { dev, staging, prod }[name]!;

    test('THEN the AWS provider is pinned to its account and region and tags everything', () => {
      const [provider] = plan.json.provider.aws;
      expect(provider.region).toBe(env.region);
      expect(provider.allowed_account_ids).toEqual([env.accountId]);
      expect(provider.default_tags).toEqual([
        { tags: { ...env.tags, Environment: name, ManagedBy: 's3-audit-trail' } },
      ]);
      expect(provider.endpoints).toBeUndefined();
    });

    test('THEN state is local, at a relative path outside the synth output, and Terraform is version-bound', () => {
      expect(plan.json.terraform.backend).toEqual({ local: { path: `../../../terraform.${name}.tfstate` } });
      expect(plan.json.terraform.required_version).toBe('>= 1.5.0');
      expect(plan.json.terraform.required_providers.aws.version).toBe('5.100.0');
    });

    test('THEN resources are named after prefix, environment and account', () => {
      expect(plan.only('aws_cloudtrail').name).toBe(`acme-${name}-s3-audit`);
      expect(plan.at('aws_s3_bucket', 'AuditTrail/LogBucket').bucket).toBe(`acme-${name}-audit-logs-${env.accountId}`);
      expect(plan.at('aws_s3_bucket', 'AuditTrail/AccessLogBucket').bucket).toBe(`acme-${name}-access-logs-${env.accountId}`);
      expect(plan.only('aws_cloudwatch_log_group').name).toBe(`/aws/cloudtrail/acme-${name}-s3-audit`);
    });

    test('THEN it outputs the trail ARN, both buckets, log group, topic (and prod its paging topic) and key', () => {
      expect(Object.keys(plan.json.output).sort()).toEqual([
        'access_log_bucket_name', 'alarm_topic_arn', 'kms_key_arn', 'log_bucket_name', 'log_group_name', ...(name === 'prod' ? ['paging_topic_arn'] : []), 'trail_arn',
      ]);
      expect(plan.json.output.trail_arn.value).toBe(plan.ref('aws_cloudtrail', 'arn'));
      expect(plan.json.output.kms_key_arn.value).toBe(plan.ref('aws_kms_key', 'arn'));
    });

    test('THEN the alarm topic emails its addresses, and the paging topic the pager', () => {
      const subscriptions = Object.values(plan.resources('aws_sns_topic_subscription')) as any[];
      const topicArn = (topic: string) => `\${aws_sns_topic.${Object.entries(plan.resources('aws_sns_topic')).find(([, t]: any) => t.name === topic)?.[0]}.arn}`;
      expect(subscriptions.filter((s) => s.topic_arn === topicArn(`acme-${name}-audit-alarms`)).map((s) => s.endpoint)).toEqual(env.alarmEmails);
      expect(subscriptions.filter((s) => s.topic_arn === topicArn(`acme-${name}-audit-paging`)).map((s) => s.endpoint)).toEqual(name === 'prod' ? ['security-pager@example.com'] : []);
    });
  });

  describe('environment differences', () => {
    test('THEN log retention is 30 days in dev, 90 in staging, 365 in prod', () => {
      expect(plans.dev.only('aws_cloudwatch_log_group').retention_in_days).toBe(30);
      expect(plans.staging.only('aws_cloudwatch_log_group').retention_in_days).toBe(90);
      expect(plans.prod.only('aws_cloudwatch_log_group').retention_in_days).toBe(365);
    });

    test('THEN log files expire after 90 days in dev, a year in staging, seven years in prod', () => {
      const expiry = (plan: Plan) => plan.at('aws_s3_bucket_lifecycle_configuration', 'AuditTrail/LogBucket/Lifecycle').rule[0].expiration[0].days;
      expect([expiry(plans.dev), expiry(plans.staging), expiry(plans.prod)]).toEqual([90, 365, 2557]);
    });

    test('THEN only prod protects both buckets, the key and the log group from destroy', () => {
      for (const type of ['aws_s3_bucket', 'aws_kms_key', 'aws_cloudwatch_log_group']) {
        const protectedIn = (plan: Plan) => Object.values(plan.resources(type)).map((r: any) => r.lifecycle.prevent_destroy);
        expect(protectedIn(plans.dev).every((p) => p === false)).toBe(true);
        expect(protectedIn(plans.staging).every((p) => p === false)).toBe(true);
        expect(protectedIn(plans.prod).every((p) => p === true)).toBe(true);
      }
    });

    test('THEN dev watches all buckets but its log bucket, staging and prod their listed buckets', () => {
      expect(dataSelector(plans.dev)['resources.ARN']).toEqual({
        not_starts_with: ['arn:aws:s3:::acme-dev-audit-logs-111111111111/'],
      });
      expect(dataSelector(plans.staging)['resources.ARN']).toEqual({
        starts_with: ['arn:aws:s3:::acme-staging-customer-data/', 'arn:aws:s3:::acme-staging-exports/'],
      });
      expect(dataSelector(plans.prod)['resources.ARN']).toEqual({
        starts_with: [
          'arn:aws:s3:::acme-prod-customer-data/',
          'arn:aws:s3:::acme-prod-exports/',
          'arn:aws:s3:::acme-prod-backups/',
        ],
      });
    });

    test('THEN prod records object reads as well as writes; dev and staging only writes', () => {
      expect(dataSelector(plans.dev).readOnly).toEqual({ equals: ['false'] });
      expect(dataSelector(plans.staging).readOnly).toEqual({ equals: ['false'] });
      expect(dataSelector(plans.prod).readOnly).toBeUndefined();
    });

    test("THEN dev's unauthorized-calls threshold override applies; other environments keep the default", () => {
      const threshold = (plan: Plan) =>
        (Object.values(plan.resources('aws_cloudwatch_metric_alarm')) as any[]).find((a) =>
          a.alarm_name.endsWith('-cis-unauthorized-api-calls'),
        ).threshold;
      expect(threshold(plans.dev)).toBe(20);
      expect(threshold(plans.staging)).toBe(5);
    });

    test('THEN the data-plane deletion pattern is scoped to the watched buckets where they are listed', () => {
      const pattern = (plan: Plan) =>
        (Object.values(plan.resources('aws_cloudwatch_log_metric_filter')) as any[]).find((f) =>
          f.name.endsWith('-s3-object-deletions'),
        ).pattern;
      expect(pattern(plans.staging)).toContain('($.requestParameters.bucketName = "acme-staging-customer-data")');
      expect(pattern(plans.dev)).not.toContain('bucketName');
    });
  });

  describe('options', () => {
    test('WHEN a detection is disabled THEN it has neither filter nor alarm', () => {
      const [env] = parseEnvironments([validEnvironment({ detections: { 'trail-tampering': { enabled: false } } })]);
      const names = Object.values(Plan.ofEnvironment(env).resources('aws_cloudwatch_metric_alarm')).map((a: any) => a.alarm_name);
      expect(names).not.toContain('acme-test-trail-tampering');
      expect(names).toContain('acme-test-s3-object-deletions');
    });

    test('WHEN the silence alarm is set THEN its period follows, and 0 removes it', () => {
      const heartbeat = (minutes: number) => {
        const [env] = parseEnvironments([validEnvironment({ silenceAlarmAfterMinutes: minutes })]);
        return (Object.values(Plan.ofEnvironment(env).resources('aws_cloudwatch_metric_alarm')) as any[]).find((a) =>
          a.alarm_name.endsWith('-trail-delivery-stopped'),
        );
      };
      expect(heartbeat(180).period).toBe(10800);
      expect(heartbeat(0)).toBeUndefined();
    });

    test('WHEN the backend is Terraform Cloud THEN the stack uses that organization and workspace', () => {
      const [env] = parseEnvironments([
        validEnvironment({ backend: { type: 'cloud', organization: 'acme', workspace: 's3-audit-test' } }),
      ]);
      expect(Plan.ofEnvironment(env).json.terraform.cloud).toEqual({
        organization: 'acme',
        workspaces: { name: 's3-audit-test' },
      });
    });

    test('WHEN an emulator endpoint is set THEN every service the stack uses points at it', () => {
      const [env] = parseEnvironments([validEnvironment({ endpoint: 'http://127.0.0.1:5000' })]);
      const [provider] = Plan.ofEnvironment(env).json.provider.aws;
      expect(provider.endpoints).toEqual([
        {
          cloudtrail: 'http://127.0.0.1:5000', cloudwatch: 'http://127.0.0.1:5000', cloudwatchlogs: 'http://127.0.0.1:5000', events: 'http://127.0.0.1:5000',
          iam: 'http://127.0.0.1:5000', kms: 'http://127.0.0.1:5000', s3: 'http://127.0.0.1:5000',
          sns: 'http://127.0.0.1:5000', sts: 'http://127.0.0.1:5000',
        },
      ]);
      expect(provider.s3_use_path_style).toBe(true);
      expect(provider.access_key).toBeUndefined();
      expect(provider.secret_key).toBeUndefined();
    });
  });
});
