import { CloudTrailClient, GetEventSelectorsCommand, GetTrailCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand, GetDashboardCommand, ListDashboardsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeMetricFiltersCommand,
  DescribeQueryDefinitionsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { planStack } from '../../scripts/lib/local-stack';
import { AppliedEnvironment, appliedEnvironment } from '../support/applied-environments';

/** Where dev's alarms link their runbooks: the dashboard the stack ships, dev setting no runbookBaseUrl. */
const RUNBOOKS_DASHBOARD = 'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/acme-dev-runbooks';

/**
 * GIVEN the dev environment WHEN it is applied to the AWS emulator THEN the AWS APIs report what
 * the plan promised, and a second plan finds nothing to change. The apply is the run's shared one
 * (support/applied-environments.ts), which only this file's checks and others that read it see.
 */
describe('dev stack applied to the AWS emulator', () => {
  let deployed: AppliedEnvironment;
  let outputs: Record<string, string>;

  beforeAll(async () => {
    deployed = await appliedEnvironment('dev');
    outputs = deployed.outputs;
  }, 600_000);
  const clients: { destroy(): void }[] = [];
  afterAll(() => {
    for (const sdk of clients) sdk.destroy();
  });

  const client = <T extends { destroy(): void }>(Client: new (config: object) => T): T => {
    const sdk = new Client(deployed.sdkConfig);
    clients.push(sdk);
    return sdk;
  };

  test('THEN the trail is logging, multi-region, validating log files and KMS-encrypted', async () => {
    const cloudtrail = client(CloudTrailClient);
    const { Trail } = await cloudtrail.send(new GetTrailCommand({ Name: outputs.trail_arn }));
    expect(Trail).toMatchObject({
      Name: 'acme-dev-s3-audit',
      S3BucketName: outputs.log_bucket_name,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      LogFileValidationEnabled: true,
      KmsKeyId: outputs.kms_key_arn,
    });
    const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: outputs.trail_arn }));
    expect(status.IsLogging).toBe(true);
  });

  test('THEN the trail delivers to the log group through the delivery role', async () => {
    const { Trail } = await client(CloudTrailClient).send(new GetTrailCommand({ Name: outputs.trail_arn }));
    expect(Trail?.CloudWatchLogsLogGroupArn).toBe(
      `arn:aws:logs:us-east-1:111111111111:log-group:${outputs.log_group_name}:*`,
    );
    expect(Trail?.CloudWatchLogsRoleArn).toBe('arn:aws:iam::111111111111:role/acme-dev-s3-audit-to-logs');
  });

  test('THEN S3 object events are selected for every bucket but the log bucket', async () => {
    const selectors = await client(CloudTrailClient).send(new GetEventSelectorsCommand({ TrailName: outputs.trail_arn }));
    const data = selectors.AdvancedEventSelectors?.find((selector) =>
      selector.FieldSelectors?.some((field) => field.Field === 'eventCategory' && field.Equals?.includes('Data')),
    );
    expect(data?.FieldSelectors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Field: 'resources.type', Equals: ['AWS::S3::Object'] }),
        expect.objectContaining({ Field: 'resources.ARN', NotStartsWith: [`arn:aws:s3:::${outputs.log_bucket_name}/`] }),
      ]),
    );
  });

  test('THEN the log bucket blocks public access, is versioned, KMS-encrypted and has the CloudTrail policy', async () => {
    const s3 = client(S3Client);
    const Bucket = outputs.log_bucket_name;
    const { PublicAccessBlockConfiguration } = await s3.send(new GetPublicAccessBlockCommand({ Bucket }));
    expect(PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled');
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
    expect(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]).toMatchObject({
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: outputs.kms_key_arn },
      BucketKeyEnabled: true,
    });

    const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy ?? '{}');
    const bySid = Object.fromEntries(policy.Statement.map((statement: any) => [statement.Sid, statement]));
    expect(Object.keys(bySid).sort()).toEqual(['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite', 'DenyInsecureTransport']);
    expect(bySid.AWSCloudTrailWrite).toMatchObject({
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${Bucket}/AWSLogs/111111111111/*`,
      Condition: {
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': outputs.trail_arn },
      },
    });
    expect(bySid.AWSCloudTrailAclCheck.Condition).toEqual({ StringEquals: { 'aws:SourceArn': outputs.trail_arn } });
  });

  test('THEN the log bucket sends its server access logs to the access-log bucket, which is SSE-S3, versioned and private', async () => {
    const s3 = client(S3Client);
    const Bucket = outputs.access_log_bucket_name;
    expect(Bucket).toBe('acme-dev-access-logs-111111111111');
    const { LoggingEnabled } = await s3.send(new GetBucketLoggingCommand({ Bucket: outputs.log_bucket_name }));
    expect(LoggingEnabled).toMatchObject({ TargetBucket: Bucket, TargetPrefix: `${outputs.log_bucket_name}/` });
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
    expect(encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled');
    const { PublicAccessBlockConfiguration } = await s3.send(new GetPublicAccessBlockCommand({ Bucket }));
    expect(Object.values(PublicAccessBlockConfiguration ?? {})).toEqual([true, true, true, true]);
    const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy ?? '{}');
    const delivery = policy.Statement.find((statement: any) => statement.Sid === 'S3ServerAccessLogsPolicy');
    expect(delivery).toMatchObject({
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${outputs.log_bucket_name}` }, StringEquals: { 'aws:SourceAccount': '111111111111' } },
    });
  });

  test('THEN the log group keeps events for the dev retention, encrypted with the key', async () => {
    const { logGroups } = await client(CloudWatchLogsClient).send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: outputs.log_group_name }),
    );
    expect(logGroups).toHaveLength(1);
    expect(logGroups?.[0]).toMatchObject({ retentionInDays: 30, kmsKeyId: outputs.kms_key_arn });
  });

  test('THEN the key rotates and the alarm topic is encrypted with it', async () => {
    const keyId = outputs.kms_key_arn.split('/').pop();
    expect((await client(KMSClient).send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(true);
    const { Attributes } = await client(SNSClient).send(new GetTopicAttributesCommand({ TopicArn: outputs.alarm_topic_arn }));
    expect(Attributes?.KmsMasterKeyId).toBe(outputs.kms_key_arn);
  });

  test('THEN every metric filter has an alarm on its metric that notifies the topic', async () => {
    const { metricFilters } = await client(CloudWatchLogsClient).send(
      new DescribeMetricFiltersCommand({ logGroupName: outputs.log_group_name }),
    );
    const { MetricAlarms } = await client(CloudWatchClient).send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'acme-dev-' }));
    expect(metricFilters?.length).toBeGreaterThanOrEqual(4);
    for (const filter of metricFilters ?? []) {
      const [metric] = filter.metricTransformations ?? [];
      const alarm = MetricAlarms?.find((a) => a.MetricName === metric.metricName && a.Namespace === metric.metricNamespace);
      expect({ filter: filter.filterName, actions: alarm?.AlarmActions }).toEqual({
        filter: filter.filterName,
        actions: [outputs.alarm_topic_arn],
      });
    }
  });

  test('THEN the delivery alarm watches the log group for silence and notifies the topic', async () => {
    const { MetricAlarms } = await client(CloudWatchClient).send(
      new DescribeAlarmsCommand({ AlarmNames: ['acme-dev-trail-delivery-stopped'] }),
    );
    expect(MetricAlarms?.[0]).toMatchObject({
      Namespace: 'AWS/Logs',
      MetricName: 'IncomingLogEvents',
      Dimensions: [{ Name: 'LogGroupName', Value: outputs.log_group_name }],
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [outputs.alarm_topic_arn],
    });
  });

  test('THEN every metric filter has its saved Logs Insights query, on the log group, named <prefix>-<env>/<id>', async () => {
    const { metricFilters } = await client(CloudWatchLogsClient).send(new DescribeMetricFiltersCommand({ logGroupName: outputs.log_group_name }));
    const { queryDefinitions } = await client(CloudWatchLogsClient).send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: 'acme-dev/' }));
    const detectionIds = (metricFilters ?? []).map((filter) => filter.filterName?.replace(/^acme-dev-/, '')).sort();
    expect((queryDefinitions ?? []).map((query) => query.name?.replace(/^acme-dev\//, '')).sort()).toEqual(detectionIds);
    for (const query of queryDefinitions ?? []) {
      expect({ name: query.name, logGroupNames: query.logGroupNames }).toEqual({ name: query.name, logGroupNames: [outputs.log_group_name] });
      expect(query.queryString).toMatch(/^fields @timestamp, recipientAccountId, userIdentity\.arn, [^\n]*\n\| filter .+\n\| sort @timestamp desc$/);
    }
  });

  test("THEN each detection alarm's description, as applied, fits CloudWatch's 1024 characters with absolute links", async () => {
    const { MetricAlarms } = await client(CloudWatchClient).send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'acme-dev-', MaxRecords: 100 }));
    const detections = (MetricAlarms ?? []).filter((alarm) => alarm.AlarmName !== 'acme-dev-trail-delivery-stopped');
    expect(detections.length).toBeGreaterThan(30);
    for (const alarm of detections) {
      const id = alarm.AlarmName?.replace(/^acme-dev-/, '');
      const description = alarm.AlarmDescription ?? '';
      expect({ id, length: description.length <= 1024, unresolved: description.includes('${') }).toEqual({ id, length: true, unresolved: false });
      expect(description).toContain('https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:logs-insights');
      // dev sets no runbookBaseUrl: every alarm links the runbooks shipped into the account, which exist once applied.
      expect({ id, runbook: description.endsWith(`Runbook: ${RUNBOOKS_DASHBOARD}`) }).toEqual({ id, runbook: true });
    }
    const { DashboardEntries } = await client(CloudWatchClient).send(new ListDashboardsCommand({ DashboardNamePrefix: 'acme-dev-runbooks' }));
    expect(DashboardEntries?.map((entry) => entry.DashboardName)).toEqual(['acme-dev-runbooks']);
  });

  test('THEN the dashboard lists every alarm of the stack and graphs the log group and the detection metrics', async () => {
    const { DashboardBody } = await client(CloudWatchClient).send(new GetDashboardCommand({ DashboardName: 'acme-dev-s3-audit-trail' }));
    const { MetricAlarms } = await client(CloudWatchClient).send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'acme-dev-', MaxRecords: 100 }));
    const widgets: { type: string; properties: { alarms?: string[]; metrics?: unknown[][] } }[] = JSON.parse(DashboardBody ?? '{}').widgets;
    const listed = widgets.filter((widget) => widget.type === 'alarm').flatMap((widget) => widget.properties.alarms ?? []);
    expect(listed.sort()).toEqual((MetricAlarms ?? []).map((alarm) => alarm.AlarmArn).sort());
    const graphed = widgets.flatMap((widget) => widget.properties.metrics ?? []).map((metric) => `${metric[0]} ${metric[1]}`);
    expect(graphed).toContain('AWS/Logs IncomingLogEvents');
    expect(graphed).toContain('S3AuditTrail/acme-dev S3ObjectDeletions');
  });

  test('THEN a second plan finds no drift', async () => {
    // -lock=false: a plan never writes state, and other files may be reading this one meanwhile.
    const plan = await planStack(deployed.stack, ['-lock=false']);
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
  }, 400_000);
});
