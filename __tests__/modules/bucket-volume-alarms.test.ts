import { BucketVolumeAlarms } from '../../modules/bucket-volume-alarms';
import { parseFilterPattern } from '../../modules/detections/filter-pattern';
import { parseEnvironments } from '../../stacks/load-environments';
import { s3ObjectEvent } from '../fixtures/cloudtrail/records';
import { validEnvironment } from '../support/environments';
import { LOCATION, Plan } from '../support/synth';

const BUCKETS = ['acme-data', 'acme-exports'];

describe('BucketVolumeAlarms', () => {
  // GIVEN a stack WHEN volume alarms are added for two buckets with a custom band
  const plan = Plan.ofScope((scope) => {
    new BucketVolumeAlarms(scope, 'Volume', {
      location: LOCATION,
      runbookUrl: (templateId) => `https://runbooks.example.com/s3#${templateId}`,
      alarmNamePrefix: 'acme-test',
      logGroupName: '/aws/cloudtrail/acme-test-s3-audit',
      buckets: BUCKETS,
      settings: { bandWidth: 4 },
      alarmActions: (severity) => [`topic-for-${severity}`],
    });
  });
  const filters = Object.values(plan.resources('aws_cloudwatch_log_metric_filter'));
  const alarms = Object.values(plan.resources('aws_cloudwatch_metric_alarm'));

  test('THEN one delete and one write filter serve every bucket, with the bucket as a dimension', () => {
    expect(filters.map((filter) => filter.name).sort()).toEqual(['acme-test-s3-unusual-delete-volume', 'acme-test-s3-unusual-write-volume']);
    for (const filter of filters) {
      expect(filter.log_group_name).toBe('/aws/cloudtrail/acme-test-s3-audit');
      expect(filter.metric_transformation).toEqual({
        name: expect.stringMatching(/^S3Object(Deletes|Writes)ByBucket$/),
        namespace: 'S3AuditTrail/acme-test',
        value: '1',
        unit: 'Count',
        dimensions: { Bucket: '$.requestParameters.bucketName' },
      });
      // Nothing is emitted for events that do not match: a quiet period is missing data, which the alarms treat as not breaching.
      expect(filter.metric_transformation.default_value).toBeUndefined();
    }
  });

  test('THEN the delete filter counts deletes in the named buckets only', () => {
    const deletes = parseFilterPattern(filters.find((filter) => filter.name.endsWith('delete-volume'))!.pattern);
    expect(deletes.matches(JSON.stringify(s3ObjectEvent('DeleteObject', 'acme-exports', 'a.csv')))).toBe(true);
    expect(deletes.matches(JSON.stringify(s3ObjectEvent('DeleteObjects', 'acme-data', '')))).toBe(true);
    expect(deletes.matches(JSON.stringify(s3ObjectEvent('DeleteObject', 'acme-scratch', 'a.csv')))).toBe(false);
    expect(deletes.matches(JSON.stringify(s3ObjectEvent('PutObject', 'acme-data', 'a.csv')))).toBe(false);
  });

  test('THEN each bucket gets an anomaly-band alarm per volume, on its own dimension value', () => {
    expect(alarms.map((alarm) => alarm.alarm_name).sort()).toEqual([
      'acme-test-s3-unusual-delete-volume.acme-data',
      'acme-test-s3-unusual-delete-volume.acme-exports',
      'acme-test-s3-unusual-write-volume.acme-data',
      'acme-test-s3-unusual-write-volume.acme-exports',
    ]);
    const alarm = alarms.find((a) => a.alarm_name === 'acme-test-s3-unusual-delete-volume.acme-exports')!;
    expect(alarm).toMatchObject({
      comparison_operator: 'GreaterThanUpperThreshold',
      threshold_metric_id: 'expected',
      evaluation_periods: 2,
      treat_missing_data: 'notBreaching',
      alarm_actions: ['topic-for-high'],
    });
    expect(alarm.threshold).toBeUndefined();
    expect(alarm.metric_name).toBeUndefined();
    expect(alarm.metric_query).toEqual([
      {
        id: 'volume',
        return_data: true,
        metric: { namespace: 'S3AuditTrail/acme-test', metric_name: 'S3ObjectDeletesByBucket', dimensions: { Bucket: 'acme-exports' }, period: 300, stat: 'Sum', unit: 'Count' },
      },
      { id: 'expected', expression: 'ANOMALY_DETECTION_BAND(volume, 4)', label: 'Expected deletes in acme-exports', return_data: true },
    ]);
  });

  test('THEN writes are routed as medium, deletes as high', () => {
    const writes = alarms.find((a) => a.alarm_name === 'acme-test-s3-unusual-write-volume.acme-data')!;
    expect(writes.alarm_actions).toEqual(['topic-for-medium']);
    expect(writes.alarm_description).toMatch(/^\[medium\] /);
  });

  test('THEN each bucket has a saved query of its own, and each alarm links it and the template\'s runbook', () => {
    const queries = Object.values(plan.resources('aws_cloudwatch_query_definition'));
    expect(queries.map((query) => query.name).sort()).toEqual([
      'acme-test/s3-unusual-delete-volume.acme-data',
      'acme-test/s3-unusual-delete-volume.acme-exports',
      'acme-test/s3-unusual-write-volume.acme-data',
      'acme-test/s3-unusual-write-volume.acme-exports',
    ]);
    const exportsDeletes = queries.find((query) => query.name === 'acme-test/s3-unusual-delete-volume.acme-exports')!;
    expect(exportsDeletes.log_group_names).toEqual(['/aws/cloudtrail/acme-test-s3-audit']);
    expect(exportsDeletes.query_string).toContain('requestParameters.bucketName = "acme-exports"');
    expect(exportsDeletes.query_string).not.toContain('acme-data');
    for (const alarm of alarms) {
      expect(alarm.alarm_description.length).toBeLessThanOrEqual(1024);
      expect(alarm.alarm_description).toContain(`https://${LOCATION.region}.console.aws.amazon.com/cloudwatch/home?region=${LOCATION.region}#logsV2:logs-insights`);
      expect(alarm.alarm_description).toMatch(/ Runbook: https:\/\/runbooks\.example\.com\/s3#s3-unusual-(delete|write)-volume$/);
    }
  });

  test('THEN every alarm waits for the filter that creates its metric', () => {
    for (const alarm of alarms) expect(alarm.depends_on).toEqual([expect.stringMatching(/^aws_cloudwatch_log_metric_filter\./)]);
  });
});

describe('an environment stack and bucket volume', () => {
  const volumeAlarms = (plan: Plan) =>
    Object.values(plan.resources('aws_cloudwatch_metric_alarm')).filter((alarm) => alarm.threshold_metric_id !== undefined);

  test('GIVEN named watched buckets THEN each gets the two volume alarms', () => {
    const [env] = parseEnvironments([validEnvironment({ watchedBuckets: ['acme-data', { name: 'acme-exports', immutablePrefixes: ['x/'] }] })]);
    expect(volumeAlarms(Plan.ofEnvironment(env))).toHaveLength(4);
  });

  test('GIVEN watchedBuckets "all" THEN there is no bucket to name and no volume alarm', () => {
    const [env] = parseEnvironments([validEnvironment({ watchedBuckets: 'all' })]);
    expect(volumeAlarms(Plan.ofEnvironment(env))).toHaveLength(0);
  });

  test('GIVEN unusualVolume.enabled false THEN neither the alarms nor their filters are made', () => {
    const [env] = parseEnvironments([validEnvironment({ unusualVolume: { enabled: false } })]);
    const plan = Plan.ofEnvironment(env);
    expect(volumeAlarms(plan)).toHaveLength(0);
    expect(Object.values(plan.resources('aws_cloudwatch_log_metric_filter')).map((filter) => filter.name)).not.toContain('acme-test-s3-unusual-delete-volume');
  });

  test('GIVEN a period and evaluation periods THEN the alarms use them', () => {
    const [env] = parseEnvironments([validEnvironment({ unusualVolume: { periodSeconds: 900, evaluationPeriods: 4 } })]);
    for (const alarm of volumeAlarms(Plan.ofEnvironment(env))) {
      expect(alarm.evaluation_periods).toBe(4);
      expect(alarm.metric_query[0].metric.period).toBe(900);
    }
  });
});
