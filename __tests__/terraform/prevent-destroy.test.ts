import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetBucketReplicationCommand, GetObjectLockConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { planStack, stackOutputs } from '../../scripts/lib/local-stack';
import { terraform, TerraformResult } from '../../scripts/lib/terraform';
import { AppliedEnvironment, appliedEnvironment } from '../support/applied-environments';

type Protected = 'aws_s3_bucket' | 'aws_kms_key' | 'aws_cloudwatch_log_group';

/**
 * GIVEN prod, where destructive changes are blocked, applied to the emulator (the run's shared
 * apply, without the bucket lifecycle configurations: see support/applied-environments.ts)
 * WHEN anyone plans to destroy it THEN Terraform refuses, naming the protected resources.
 */
describe('prod stack with destructive changes blocked', () => {
  let deployed: AppliedEnvironment;
  let addresses: string[];
  let destroyPlan: Promise<TerraformResult>;
  let replacePlans: Record<Protected, Promise<TerraformResult>>;
  // -lock=false: none of these plans writes state, and other files may be reading this one meanwhile.
  const plan = (args: string[]) => planStack(deployed.stack, [...args, '-lock=false']);

  beforeAll(async () => {
    deployed = await appliedEnvironment('prod-without-lifecycle');
    addresses = (await terraform(['state', 'list'], { cwd: deployed.stack.stackDir, env: deployed.stack.env, timeoutMs: 60_000 })).stdout.trim().split('\n');
    const replace = (...types: Protected[]) => types.map((type) => `-replace=${addresses.find((entry) => entry.startsWith(`${type}.`))}`);
    // No refresh: prevent_destroy is judged on the plan, and the stack was just applied. All at
    // once, as they only read: together they take about as long as one.
    destroyPlan = plan(['-destroy', '-refresh=false']);
    // The bucket and the log group are planned independently of each other, so one plan replacing
    // both is refused for each. Everything that uses the key is planned after it, so a refusal there
    // would hide theirs: the key has a plan of its own.
    const bucketAndLogGroup = plan([...replace('aws_s3_bucket', 'aws_cloudwatch_log_group'), '-refresh=false']);
    replacePlans = { aws_s3_bucket: bucketAndLogGroup, aws_cloudwatch_log_group: bucketAndLogGroup, aws_kms_key: plan([...replace('aws_kms_key'), '-refresh=false']) };
  }, 600_000);

  const refusedTypes = (stderr: string) =>
    [...stderr.matchAll(/Resource\s+(\S+)\s+has\s+lifecycle\.prevent_destroy\s+set/g)].map((match) => match[1].split('.')[0]);

  test('THEN a destroy plan is refused by prevent_destroy', async () => {
    const plan = await destroyPlan;
    expect(plan.code).toBe(1);
    // Terraform reports the first protected resources it reaches; the key is behind those that use it.
    expect(refusedTypes(plan.stderr)).toEqual(expect.arrayContaining(['aws_cloudwatch_log_group', 'aws_s3_bucket']));
  }, 400_000);

  test.each(['aws_s3_bucket', 'aws_kms_key', 'aws_cloudwatch_log_group'] as const)(
    'THEN a plan that would replace the %s is refused',
    async (type) => {
      const plan = await replacePlans[type];
      expect(addresses.find((entry) => entry.startsWith(`${type}.`))).toBeDefined();
      expect({ code: plan.code, refused: refusedTypes(plan.stderr).includes(type) || plan.stderr }).toEqual({ code: 1, refused: true });
    },
    400_000,
  );

  test('THEN the log bucket locks every log file for a year in compliance mode, and replicates to the log-archive account without deletes', async () => {
    const s3 = new S3Client(deployed.sdkConfig);
    try {
      const Bucket = 'acme-prod-audit-logs-333333333333';
      const lock = await s3.send(new GetObjectLockConfigurationCommand({ Bucket }));
      // toMatchObject: the emulator also answers Years: 0, which S3 leaves out.
      expect(lock.ObjectLockConfiguration).toMatchObject({
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } },
      });
      const { ReplicationConfiguration } = await s3.send(new GetBucketReplicationCommand({ Bucket }));
      expect(ReplicationConfiguration?.Role).toBe('arn:aws:iam::333333333333:role/acme-prod-s3-audit-replication');
      expect(ReplicationConfiguration?.Rules?.[0]).toMatchObject({
        Status: 'Enabled',
        DeleteMarkerReplication: { Status: 'Disabled' },
        Destination: {
          Bucket: 'arn:aws:s3:::acme-log-archive-444444444444',
          Account: '444444444444',
          AccessControlTranslation: { Owner: 'Destination' },
          EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-west-2:444444444444:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d' },
        },
      });
    } finally {
      s3.destroy();
    }
  });

  test('THEN the per-bucket alarms exist: unexpected writers and the immutable prefix on their own metrics, volume on an anomaly band', async () => {
    const cloudwatch = new CloudWatchClient(deployed.sdkConfig);
    try {
      const { MetricAlarms = [] } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'acme-prod-s3-' }));
      const byName = new Map(MetricAlarms.map((alarm) => [alarm.AlarmName, alarm]));
      expect(byName.get('acme-prod-s3-unexpected-writer.acme-prod-customer-data')).toMatchObject({ MetricName: 'S3UnexpectedWriter-acme-prod-customer-data', Threshold: 1 });
      expect(byName.get('acme-prod-s3-immutable-prefix-changed.acme-prod-backups')).toMatchObject({ MetricName: 'S3ImmutablePrefixChanged-acme-prod-backups' });
      const volume = byName.get('acme-prod-s3-unusual-delete-volume.acme-prod-exports');
      expect(volume).toMatchObject({ ComparisonOperator: 'GreaterThanUpperThreshold', ThresholdMetricId: 'expected' });
      expect(volume?.Metrics?.map((query) => query.Expression ?? query.MetricStat?.Metric?.Dimensions)).toEqual([
        [{ Name: 'Bucket', Value: 'acme-prod-exports' }],
        'ANOMALY_DETECTION_BAND(volume, 3)',
      ]);
    } finally {
      cloudwatch.destroy();
    }
  });

  test('THEN the fast path applied: its rules on the default bus, each targeting both topics through an input transformer', async () => {
    const events = new EventBridgeClient(deployed.sdkConfig);
    try {
      const { Rules = [] } = await events.send(new ListRulesCommand({ NamePrefix: 'acme-prod-' }));
      expect(Rules.map((rule) => rule.Name)).toEqual(expect.arrayContaining(['acme-prod-trail-tampering', 'acme-prod-log-bucket-tampering', 'acme-prod-s3-immutable-prefix-changed.acme-prod-backups']));
      expect(Rules).toHaveLength(13);
      const { Targets = [] } = await events.send(new ListTargetsByRuleCommand({ Rule: 'acme-prod-trail-tampering' }));
      // ListTargetsByRule promises no order.
      expect(Targets.map((target) => [target.Id, target.Arn]).sort()).toEqual([
        ['alarm-topic', 'arn:aws:sns:us-east-1:333333333333:acme-prod-audit-alarms'],
        ['paging-topic', 'arn:aws:sns:us-east-1:333333333333:acme-prod-audit-paging'],
      ]);
      expect(Targets[0].InputTransformer?.InputTemplate).toMatch(/^"\[critical, fast path\] CloudTrail logging stopped/);
    } finally {
      events.destroy();
    }
  });

  test('THEN the stack is still there: outputs unchanged and nothing to do', async () => {
    // After every refused plan has finished.
    await Promise.allSettled([destroyPlan, ...Object.values(replacePlans)]);
    expect((await stackOutputs(deployed.stack)).trail_arn).toBe('arn:aws:cloudtrail:us-east-1:333333333333:trail/acme-prod-s3-audit');
    expect((await plan([])).code).toBe(0);
  }, 400_000);
});
