import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CloudTrailClient, GetTrailCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeMetricFiltersCommand, DescribeQueryDefinitionsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { BucketIntent, bucketIntentDetections, detectionTemplateOf } from '../../modules/detections/bucket-intent';
import { BUCKET_VOLUMES, bucketVolumePattern } from '../../modules/detections/bucket-volume';
import { insightsQuery } from '../../modules/detections/insights-query';
import { exportModule } from '../../scripts/export-module';
import { Emulator, startEmulator } from '../../scripts/lib/emulator';
import { EXAMPLE_BUCKET_INTENTS, EXAMPLE_WATCHED_BUCKETS } from '../../scripts/lib/module-example';
import { terraformEnv } from '../../scripts/lib/terraform';
import { decodeLogsInsightsUrl } from '../support/console-url';
import { BUCKET_LIFECYCLE } from '../support/emulated-stack';
import { emulatorOverride, leaveOutOfModule, TerraformRoot } from '../support/terraform-root';

/**
 * GIVEN the exported module's complete and organization examples WHEN they are applied to the AWS
 * emulator THEN they converge: the next plan is empty. And a plan that watches so many buckets that a filter
 * pattern outgrows CloudWatch's limit is refused by the module's precondition.
 *
 * Without the bucket lifecycle configurations: the provider waits a fixed 55 s after writing each,
 * and nothing here reads them; module-equivalence applies the module's with dev's values, finds them
 * equal to the dev stack's, and plans again to find nothing to change.
 */
/** What the TypeScript builders write for the example's bucket_intents, by detection id. */
const PER_BUCKET_PATTERNS = new Map(
  bucketIntentDetections(
    Object.entries(EXAMPLE_BUCKET_INTENTS).map(([name, intent]): BucketIntent => ({
      name,
      expectedWriters: [...(intent.expected_writers ?? [])],
      immutablePrefixes: [...(intent.immutable_prefixes ?? [])],
    })),
  ).map((detection) => [detection.id, detection.filterPattern as string]),
);

describe('the exported module applied to the emulator', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'module-apply-'));
  const moduleDir = path.join(work, 'terraform-aws-s3-audit-trail');
  let emulator: Emulator;
  let example: TerraformRoot;
  /** examples/organization, applied alongside examples/complete: its provider allows the same account (a delegated administrator). */
  let organizationApply: Promise<{ code: number; stderr: string }>;
  let organizationExample: TerraformRoot;
  // An emulator of its own: moto 5.2.1's DescribeTrails ignores trailNameList and answers with every
  // trail of the account (moto/cloudtrail/models.py), so with two trails in one emulated account
  // the provider's read refuses "too many results: wanted 1, got 2".
  let organizationEmulator: Emulator;

  beforeAll(async () => {
    await exportModule(moduleDir);
    expect(leaveOutOfModule(moduleDir, BUCKET_LIFECYCLE)).toHaveLength(2);
    // The example's provider allows only account 333333333333.
    emulator = await startEmulator({ accountId: '333333333333' });
    const env = terraformEnv({ ...process.env, ...emulator.env() });
    const exampleDir = path.join(moduleDir, 'examples', 'complete');
    example = TerraformRoot.write(exampleDir, { 'emulator_override.tf': emulatorOverride(emulator) }, env);
    organizationEmulator = await startEmulator({ accountId: '333333333333' });
    organizationExample = TerraformRoot.write(
      path.join(moduleDir, 'examples', 'organization'),
      { 'emulator_override.tf': emulatorOverride(organizationEmulator) },
      terraformEnv({ ...process.env, ...organizationEmulator.env() }),
    );
    await Promise.all([example.init(true), organizationExample.init(true)]);
    // Started now and awaited by its own test: the two applies share the emulator and the machine's cores.
    organizationApply = organizationExample.run(['apply', '-auto-approve', '-input=false'], 420_000);
    organizationApply.catch(() => undefined);
  }, 300_000);
  afterAll(async () => {
    await Promise.all([emulator?.stop(), organizationEmulator?.stop()]);
    rmSync(work, { recursive: true, force: true });
  }, 30_000);

  test('THEN examples/complete applies, and a second plan finds nothing to change', async () => {
    const apply = await example.run(['apply', '-auto-approve', '-input=false'], 420_000);
    expect({ code: apply.code, stderr: apply.stderr }).toEqual({ code: 0, stderr: '' });
    const plan = await example.run(['plan', '-detailed-exitcode', '-input=false']);
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
  }, 600_000);

  test("THEN each detection's saved query, built by Terraform from watched_buckets, is the translator's query of its applied pattern, and its alarm links it", async () => {
    const logs = new CloudWatchLogsClient(emulator.sdkConfig());
    const cloudwatch = new CloudWatchClient(emulator.sdkConfig());
    try {
      const { metricFilters } = await logs.send(new DescribeMetricFiltersCommand({ logGroupName: '/aws/cloudtrail/acme-prod-s3-audit' }));
      const { queryDefinitions } = await logs.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: 'acme-prod/' }));
      const { MetricAlarms } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'acme-prod-', MaxRecords: 100 }));
      expect(metricFilters?.length).toBeGreaterThan(40);
      const filterIds = (metricFilters ?? []).map((filter) => filter.filterName?.replace(/^acme-prod-/, ''));
      expect(filterIds).toEqual(expect.arrayContaining([...PER_BUCKET_PATTERNS.keys(), ...BUCKET_VOLUMES.map((volume) => volume.templateId)]));
      for (const filter of metricFilters ?? []) {
        const id = filter.filterName?.replace(/^acme-prod-/, '') ?? '';
        const pattern = filter.filterPattern ?? '';
        const volume = BUCKET_VOLUMES.find((v) => v.templateId === id);
        // What Terraform built from bucket_intents and watched_buckets is what the TypeScript builders write.
        if (volume) expect({ id, pattern }).toEqual({ id, pattern: bucketVolumePattern(volume, EXAMPLE_WATCHED_BUCKETS) });
        if (PER_BUCKET_PATTERNS.has(id)) expect({ id, pattern }).toEqual({ id, pattern: PER_BUCKET_PATTERNS.get(id) });
        // A volume filter counts every bucket under a dimension; its alarms and queries are one per bucket.
        const alarms: [string, string][] = volume
          ? EXAMPLE_WATCHED_BUCKETS.map((bucket) => [`${id}.${bucket}`, insightsQuery(bucketVolumePattern(volume, [bucket]))])
          : [[id, insightsQuery(pattern)]];
        for (const [alarmId, expectedQuery] of alarms) {
          const query = queryDefinitions?.find((q) => q.name === `acme-prod/${alarmId}`)?.queryString;
          expect({ alarmId, query }).toEqual({ alarmId, query: expectedQuery });
          const description = MetricAlarms?.find((alarm) => alarm.AlarmName === `acme-prod-${alarmId}`)?.AlarmDescription ?? '';
          const runbook = `Runbook: https://wiki.example.com/security/s3-audit-trail#${detectionTemplateOf(alarmId)}`;
          expect({ alarmId, runbook: description.endsWith(runbook), fits: description.length <= 1024 }).toEqual({ alarmId, runbook: true, fits: true });
          const [url = ''] = description.match(/https:\/\/\S+/g) ?? [];
          const { detail } = decodeLogsInsightsUrl(url);
          expect({ alarmId, source: detail.source }).toEqual({ alarmId, source: ['/aws/cloudtrail/acme-prod-s3-audit'] });
          if (detail.editorString !== undefined) expect({ alarmId, editor: detail.editorString }).toEqual({ alarmId, editor: query });
        }
      }
      const deletions = queryDefinitions?.find((q) => q.name === 'acme-prod/s3-object-deletions')?.queryString;
      expect(deletions).toContain('and requestParameters.bucketName in ["acme-prod-customer-data", "acme-prod-exports"]\n| sort');
    } finally {
      logs.destroy();
      cloudwatch.destroy();
    }
  });

  test('THEN examples/organization applies as an organization trail the management account owns, and a second plan finds nothing to change', async () => {
    const apply = await organizationApply;
    expect({ code: apply.code, stderr: apply.stderr }).toEqual({ code: 0, stderr: '' });
    const plan = await organizationExample.run(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
    expect({ code: plan.code, stderr: plan.stderr, changes: plan.code === 0 ? '' : plan.stdout }).toEqual({ code: 0, stderr: '', changes: '' });
    const cloudtrail = new CloudTrailClient(organizationEmulator.sdkConfig());
    const s3 = new S3Client(organizationEmulator.sdkConfig());
    try {
      const { Trail } = await cloudtrail.send(new GetTrailCommand({ Name: 'acme-org-s3-audit' }));
      expect(Trail).toMatchObject({ IsOrganizationTrail: true, S3BucketName: 'acme-org-audit-logs-333333333333' });
      const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: 'acme-org-audit-logs-333333333333' }))).Policy ?? '{}');
      const organizationWrite = policy.Statement.find((statement: { Sid: string }) => statement.Sid === 'AWSCloudTrailOrganizationWrite');
      expect(organizationWrite).toMatchObject({
        Resource: 'arn:aws:s3:::acme-org-audit-logs-333333333333/AWSLogs/o-a1b2c3d4e5/*',
        Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/acme-org-s3-audit' } },
      });
    } finally {
      cloudtrail.destroy();
      s3.destroy();
    }
  }, 600_000);

  test('WHEN 30 buckets are watched THEN the plan fails on the 1024-character filter pattern limit', async () => {
    const dir = path.join(work, 'too-many-buckets');
    const buckets = Array.from({ length: 30 }, (_, i) => `"acme-customer-data-bucket-${i}"`).join(', ');
    const root = TerraformRoot.write(dir, {
      'emulator_override.tf': emulatorOverride(emulator),
      'main.tf': `provider "aws" {\n  region = "us-east-1"\n}\n\nmodule "audit" {\n  source          = "${moduleDir}"\n  name            = "acme-wide"\n  watched_buckets = [${buckets}]\n}\n`,
    }, terraformEnv({ ...process.env, ...emulator.env() }));
    await root.init();
    const plan = await root.run(['plan', '-input=false']);
    expect(plan.code).toBe(1);
    expect(plan.stderr.replace(/\s+/g, ' ')).toMatch(
      /watched_buckets: the watched buckets make the filter pattern of [a-z0-9-]+ \d{4,} characters long; CloudWatch Logs accepts at most 1024\. Watch fewer buckets, or all\./,
    );
  }, 300_000);
});
