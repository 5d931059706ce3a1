import { parseFilterPattern } from '../../modules/detections/filter-pattern';
import { bucketIntentDetections, detectionTemplateOf } from '../../modules/detections/bucket-intent';
import { parseEnvironments } from '../../stacks/load-environments';
import { validEnvironment } from '../support/environments';
import { Plan } from '../support/synth';

const ROLE = 'arn:aws:iam::123456789012:role/exporter';

describe('per-bucket detections in an environment stack', () => {
  // GIVEN one bucket with expected writers, one with immutable prefixes, one with neither
  const [env] = parseEnvironments([
    validEnvironment({
      watchedBuckets: [{ name: 'acme-exports', expectedWriters: [ROLE] }, { name: 'acme-ledger', immutablePrefixes: ['2025/'] }, 'acme-data'],
      detections: { 's3-immutable-prefix-changed.acme-ledger': { evaluationPeriods: 2 } },
    }),
  ]);
  // WHEN the stack is synthesized
  const plan = Plan.ofEnvironment(env);
  const filters = Object.values(plan.resources('aws_cloudwatch_log_metric_filter'));
  const alarms = Object.values(plan.resources('aws_cloudwatch_metric_alarm'));
  const filterNamed = (name: string) => filters.find((filter) => filter.name === name);

  test('THEN only the buckets with a list get the detection, one alarm each', () => {
    expect(alarms.map((alarm) => alarm.alarm_name).filter((name) => /unexpected-writer|immutable-prefix/.test(name)).sort()).toEqual([
      'acme-test-s3-immutable-prefix-changed.acme-ledger',
      'acme-test-s3-unexpected-writer.acme-exports',
    ]);
  });

  test('THEN each bucket has a metric of its own, so one bucket never raises another\'s alarm', () => {
    expect(filterNamed('acme-test-s3-unexpected-writer.acme-exports')!.metric_transformation.name).toBe('S3UnexpectedWriter-acme-exports');
    expect(filterNamed('acme-test-s3-immutable-prefix-changed.acme-ledger')!.metric_transformation.name).toBe('S3ImmutablePrefixChanged-acme-ledger');
  });

  test('THEN the unexpected-writer pattern compares a role pattern with the session issuer, and every caller without one is unexpected', () => {
    const pattern = filterNamed('acme-test-s3-unexpected-writer.acme-exports')!.pattern;
    expect(pattern).toContain(`($.userIdentity.sessionContext.sessionIssuer.arn != "${ROLE}")`);
    expect(pattern).toContain('($.userIdentity.sessionContext.sessionIssuer.arn NOT EXISTS)');
    // A role ARN is never a session's own ARN, so it is not compared there.
    expect(pattern).not.toContain('$.userIdentity.arn');
    expect(() => parseFilterPattern(pattern)).not.toThrow();
  });

  test('THEN each alarm links its template\'s runbook section, which docs/detections.md has', () => {
    // No runbookBaseUrl: the runbooks the stack ships into the account, a dashboard with a section per template.
    const runbooks = 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/acme-test-runbooks';
    expect(alarms.find((alarm) => alarm.alarm_name === 'acme-test-s3-unexpected-writer.acme-exports')!.alarm_description.endsWith(` Runbook: ${runbooks}`)).toBe(true);
    expect(alarms.find((alarm) => alarm.alarm_name === 'acme-test-s3-immutable-prefix-changed.acme-ledger')!.alarm_description.endsWith(` Runbook: ${runbooks}`)).toBe(true);
    const dashboard = (Object.values(plan.resources('aws_cloudwatch_dashboard')) as any[]).find((d) => d.dashboard_name === 'acme-test-runbooks');
    const headings = JSON.parse(dashboard.dashboard_body).widgets.map((w: any) => String(w.properties.markdown).split('\n')[0]);
    expect(headings).toEqual(expect.arrayContaining(['## s3-unexpected-writer', '## s3-immutable-prefix-changed']));
    expect(Object.values(plan.resources('aws_cloudwatch_query_definition')).map((query) => query.name)).toEqual(
      expect.arrayContaining(['acme-test/s3-unexpected-writer.acme-exports', 'acme-test/s3-immutable-prefix-changed.acme-ledger']),
    );
  });

  test('THEN overrides apply to per-bucket detections by their id', () => {
    expect(alarms.find((alarm) => alarm.alarm_name === 'acme-test-s3-immutable-prefix-changed.acme-ledger')!.evaluation_periods).toBe(2);
  });

  test('THEN the immutable-prefix alarm is critical and the unexpected-writer alarm high', () => {
    expect(alarms.find((alarm) => alarm.alarm_name === 'acme-test-s3-immutable-prefix-changed.acme-ledger')!.alarm_description).toMatch(/^\[critical\] /);
    expect(alarms.find((alarm) => alarm.alarm_name === 'acme-test-s3-unexpected-writer.acme-exports')!.alarm_description).toMatch(/^\[high\] /);
  });
});

describe('bucketIntentDetections', () => {
  test('GIVEN user and sts patterns THEN they are compared with the principal ARN, users with the issuer too', () => {
    const [detection] = bucketIntentDetections([
      { name: 'b', expectedWriters: ['arn:aws:iam::123456789012:user/alice', 'arn:aws:sts::123456789012:assumed-role/x/batch-*'], immutablePrefixes: [] },
    ]);
    const pattern = detection.filterPattern as string;
    expect(pattern).toContain('($.userIdentity.sessionContext.sessionIssuer.arn != "arn:aws:iam::123456789012:user/alice")');
    expect(pattern).not.toContain('sessionIssuer.arn != "arn:aws:sts');
    expect(pattern).toContain('($.userIdentity.arn != "arn:aws:sts::123456789012:assumed-role/x/batch-*")');
    expect(pattern).toContain('($.userIdentity.arn != "arn:aws:iam::123456789012:user/alice")');
  });

  test('GIVEN a per-bucket id THEN its template is the part before the first dot, bucket dots included', () => {
    expect(detectionTemplateOf('s3-unexpected-writer.acme.data.eu')).toBe('s3-unexpected-writer');
    expect(detectionTemplateOf('s3-object-deletions')).toBe('s3-object-deletions');
  });
});
