import { AuditDashboard, AuditDashboardProps } from '../../modules/audit-dashboard';
import { ENVIRONMENTS } from '../../stacks/environments';
import { parseEnvironments } from '../../stacks/load-environments';
import { Plan } from '../support/synth';

const PROPS: AuditDashboardProps = {
  dashboardName: 'acme-test-s3-audit-trail',
  region: 'eu-west-1',
  title: 'S3 audit trail acme-test',
  alarms: [{ arn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a' }, { arn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:b' }],
  detectionMetrics: [
    { id: 's3-object-deletions', namespace: 'S3AuditTrail/acme-test', metricName: 'S3ObjectDeletions' },
    { id: 'trail-tampering', namespace: 'S3AuditTrail/acme-test', metricName: 'TrailTampering' },
    { id: 'cis-root-account-usage', namespace: 'CISBenchmark/acme-test', metricName: 'RootAccountUsage' },
  ],
  logGroupName: '/aws/cloudtrail/acme-test-s3-audit',
  watchedBuckets: ['acme-data', 'acme-exports'],
  bucketVolumeMetrics: [
    { bucket: 'acme-data', namespace: 'S3AuditTrail/acme-test', metricName: 'S3ObjectDeletesByBucket', dimensions: { Bucket: 'acme-data' } },
    { bucket: 'acme-data', namespace: 'S3AuditTrail/acme-test', metricName: 'S3ObjectWritesByBucket', dimensions: { Bucket: 'acme-data' } },
  ],
};

type Widget = { type: string; x: number; y: number; width: number; height: number; properties: Record<string, any> };

function dashboard(props: AuditDashboardProps = PROPS): { name: string; widgets: Widget[] } {
  const plan = Plan.ofScope((scope) => {
    new AuditDashboard(scope, 'Dashboard', props);
  });
  const resource = plan.only('aws_cloudwatch_dashboard');
  return { name: resource.dashboard_name, widgets: JSON.parse(resource.dashboard_body).widgets };
}

describe('GIVEN alarms, detection metrics and two named watched buckets WHEN the dashboard is built', () => {
  const { name, widgets } = dashboard();
  const titled = (title: string) => widgets.find((w) => w.properties.title === title) as Widget;

  test('THEN its body is a widgets array in the documented shape, on the 24-column grid, no two widgets overlapping', () => {
    expect(name).toBe('acme-test-s3-audit-trail');
    for (const w of widgets) {
      expect(['text', 'alarm', 'metric']).toContain(w.type);
      expect(w.x + w.width).toBeLessThanOrEqual(24);
      expect(w.width * w.height).toBeGreaterThan(0);
    }
    const overlaps = widgets.flatMap((a, i) =>
      widgets.slice(i + 1).filter((b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height),
    );
    expect(overlaps).toEqual([]);
  });

  test('THEN an alarm-status widget lists every alarm, those in ALARM first', () => {
    expect(widgets.filter((w) => w.type === 'alarm').map((w) => w.properties)).toEqual([
      { title: 'Alarms', alarms: PROPS.alarms.map((a) => a.arn), sortBy: 'stateUpdatedTimestamp' },
    ]);
  });

  test("THEN the log group's IncomingLogEvents is graphed, in the stack region", () => {
    expect(titled('Events the trail delivered to the log group').properties).toMatchObject({
      region: 'eu-west-1',
      stat: 'Sum',
      metrics: [['AWS/Logs', 'IncomingLogEvents', 'LogGroupName', '/aws/cloudtrail/acme-test-s3-audit']],
    });
  });

  test('THEN each detection metric is graphed in its namespace, labelled with the detection id', () => {
    expect(titled('Detection matches, S3AuditTrail/acme-test').properties.metrics).toEqual([
      ['S3AuditTrail/acme-test', 'S3ObjectDeletions', { label: 's3-object-deletions' }],
      ['S3AuditTrail/acme-test', 'TrailTampering', { label: 'trail-tampering' }],
    ]);
    expect(titled('Detection matches, CISBenchmark/acme-test').properties.metrics).toEqual([['CISBenchmark/acme-test', 'RootAccountUsage', { label: 'cis-root-account-usage' }]]);
  });

  test("THEN each bucket has a section: a heading, its write and delete volume when it has one, and S3's daily storage metrics", () => {
    expect(widgets.filter((w) => w.type === 'text').map((w) => w.properties.markdown.split('\n')[0])).toEqual(['# S3 audit trail acme-test', '## acme-data', '## acme-exports']);
    expect(titled('Object writes and deletes, acme-data').properties.metrics).toEqual([
      ['S3AuditTrail/acme-test', 'S3ObjectDeletesByBucket', 'Bucket', 'acme-data', { label: 'S3ObjectDeletesByBucket' }],
      ['S3AuditTrail/acme-test', 'S3ObjectWritesByBucket', 'Bucket', 'acme-data', { label: 'S3ObjectWritesByBucket' }],
    ]);
    expect(titled('Object writes and deletes, acme-exports')).toBeUndefined();
    for (const bucket of ['acme-data', 'acme-exports']) {
      expect(titled(`Objects and size, ${bucket}`).properties).toMatchObject({
        region: 'eu-west-1',
        stat: 'Average',
        period: 86400,
        metrics: [
          ['AWS/S3', 'NumberOfObjects', 'BucketName', bucket, 'StorageType', 'AllStorageTypes', { label: 'Objects' }],
          ['AWS/S3', 'BucketSizeBytes', 'BucketName', bucket, 'StorageType', 'StandardStorage', { label: 'Bytes in S3 Standard', yAxis: 'right' }],
        ],
      });
    }
  });
});

test('GIVEN more alarms than one alarm widget takes (100) WHEN the dashboard is built THEN they are split across widgets, none left out', () => {
  const alarms = Array.from({ length: 150 }, (_, i) => ({ arn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:a${i}` }));
  const alarmWidgets = dashboard({ ...PROPS, alarms }).widgets.filter((w) => w.type === 'alarm');
  expect(alarmWidgets.map((w) => [w.properties.title, w.properties.alarms.length])).toEqual([['Alarms (1 of 2)', 100], ['Alarms (2 of 2)', 50]]);
  expect(alarmWidgets.flatMap((w) => w.properties.alarms)).toEqual(alarms.map((a) => a.arn));
});

test.each([
  ['with a dot', 'acme.test'],
  ['of 256 characters', 'a'.repeat(256)],
  ['empty', ''],
])('GIVEN a dashboard name %s WHEN the dashboard is built THEN it is refused, naming it and the rule', (_what, dashboardName) => {
  expect(() => dashboard({ ...PROPS, dashboardName })).toThrow(`dashboard name ${JSON.stringify(dashboardName)} is not accepted by CloudWatch; expected 1 to 255 letters, digits, "-" or "_"`);
});

test('GIVEN so many watched buckets that the dashboard would pass 500 widgets WHEN it is built THEN it fails saying so', () => {
  expect(() => dashboard({ ...PROPS, watchedBuckets: Array.from({ length: 260 }, (_, i) => `bucket-${i}`) })).toThrow(/the dashboard would have \d+ widgets; CloudWatch accepts at most 500/);
});

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('GIVEN the shipped %s environment WHEN synthesized', (_name, input) => {
  const [env] = parseEnvironments([input]);
  const plan = Plan.ofEnvironment(env);
  const body = JSON.parse(plan.at('aws_cloudwatch_dashboard', 'AuditTrail/Dashboard').dashboard_body);

  test('THEN its dashboard, <prefix>-<env>-s3-audit-trail, lists every alarm of the stack, beside the runbooks dashboard', () => {
    expect((Object.values(plan.resources('aws_cloudwatch_dashboard')) as any[]).map((d) => d.dashboard_name)).toEqual([
      `${env.namePrefix}-${env.name}-s3-audit-trail`,
      `${env.namePrefix}-${env.name}-runbooks`,
    ]);
    const listed = body.widgets.filter((w: Widget) => w.type === 'alarm').flatMap((w: Widget) => w.properties.alarms);
    const alarms = Object.keys(plan.resources('aws_cloudwatch_metric_alarm')).map((id) => `\${aws_cloudwatch_metric_alarm.${id}.arn}`);
    expect([...listed].sort()).toEqual(alarms.sort());
  });

  test("THEN it graphs every detection metric filter's metric, and has a section per named watched bucket", () => {
    const graphed = body.widgets.flatMap((w: Widget) => w.properties.metrics ?? []).map((m: unknown[]) => `${m[0]} ${m[1]}`);
    const filters = Object.values(plan.resources('aws_cloudwatch_log_metric_filter')).map((f: any) => `${f.metric_transformation.namespace} ${f.metric_transformation.name}`);
    expect(filters.filter((metric) => !graphed.includes(metric))).toEqual([]);
    const sections = body.widgets.filter((w: Widget) => w.type === 'text').map((w: Widget) => w.properties.markdown).slice(1);
    const named = env.watchedBuckets === 'all' ? [] : env.watchedBuckets;
    expect(sections).toEqual(named.map((bucket) => `## ${bucket}`));
  });
});
