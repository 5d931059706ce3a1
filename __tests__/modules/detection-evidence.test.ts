import { TerraformVariable } from 'cdktf';
import { DELIVERY_HEARTBEAT_ANCHOR, PROJECT_RUNBOOK_BASE_URL } from '../../modules/alarm-description';
import { AuditAlarms, AuditAlarmsProps } from '../../modules/alarms';
import { DetectionEvidence } from '../../modules/detection-evidence';
import { ResolvedDetection } from '../../modules/detections';
import { insightsQuery } from '../../modules/detections/insights-query';
import { decodeLogsInsightsUrl } from '../support/console-url';
import { LOCATION, Plan } from '../support/synth';

const DETECTION: ResolvedDetection = {
  id: 'objects-deleted',
  title: 'Objects deleted',
  severity: 'high',
  description: 'DeleteObject on a watched bucket.',
  filterPattern: '{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "DeleteObject") }',
  metricName: 'ObjectsDeleted',
  namespace: 'Tests',
  alarm: { periodSeconds: 60, evaluationPeriods: 3, threshold: 1, statistic: 'Sum', treatMissingData: 'notBreaching' },
};

const PROPS: AuditAlarmsProps = {
  location: LOCATION,
  alarmNamePrefix: 'acme-test',
  logGroupName: '/aws/cloudtrail/acme-test-s3-audit',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/test',
};

/** The URLs in a description, in order. */
const urls = (description: string): string[] => description.match(/https:\/\/\S+/g) ?? [];
const firstUrl = (description: string): string => {
  const [url] = urls(description);
  if (url === undefined) throw new Error(`no URL in ${description}`);
  return url;
};

function alarmsPlan(detections: ResolvedDetection[], props: Partial<AuditAlarmsProps> = {}): Plan {
  return Plan.ofScope((scope) => {
    new AuditAlarms(scope, 'Alarms', { ...PROPS, ...props, detections });
  });
}

const alarmNamed = (plan: Plan, name: string) => Object.values(plan.resources('aws_cloudwatch_metric_alarm')).find((a: any) => a.alarm_name === name) as any;

describe('GIVEN a detection WHEN its alarm is added', () => {
  const plan = alarmsPlan([DETECTION]);
  const description: string = alarmNamed(plan, 'acme-test-objects-deleted').alarm_description;

  test('THEN its Logs Insights query is saved as <prefix>-<env>/<id>, on the log group, translated from its pattern', () => {
    expect(plan.only('aws_cloudwatch_query_definition')).toEqual({
      name: 'acme-test/objects-deleted',
      log_group_names: ['/aws/cloudtrail/acme-test-s3-audit'],
      query_string: insightsQuery(DETECTION.filterPattern),
    });
  });

  test('THEN the description says what fired, then links that query on the log group over the last 24 hours, whatever the alarm window (3 x 60 s)', () => {
    expect(description.startsWith('[high] Objects deleted. DeleteObject on a watched bucket. Logs Insights: https://')).toBe(true);
    const decoded = decodeLogsInsightsUrl(firstUrl(description));
    expect(decoded.origin).toBe('https://eu-west-1.console.aws.amazon.com');
    // An email read hours after the alarm still opens a window holding its events.
    expect(decoded.detail).toMatchObject({ start: -86400, end: 0, timeType: 'RELATIVE', source: ['/aws/cloudtrail/acme-test-s3-audit'] });
    expect(decoded.detail.editorString).toBe(insightsQuery(DETECTION.filterPattern));
  });

  test("THEN the description ends with the detection's runbook, absolute, in the project's docs by default", () => {
    expect(description.endsWith(` Runbook: ${PROJECT_RUNBOOK_BASE_URL}#objects-deleted`)).toBe(true);
    expect(PROJECT_RUNBOOK_BASE_URL).toMatch(/^https:\/\/[^#]+\/docs\/detections\.md$/);
  });

  test('THEN the delivery heartbeat links its runbook section, absolute, too', () => {
    expect(alarmNamed(plan, 'acme-test-trail-delivery-stopped').alarm_description).toContain(`Runbook: ${PROJECT_RUNBOOK_BASE_URL}#${DELIVERY_HEARTBEAT_ANCHOR}`);
  });
});

test('GIVEN a runbook base URL WHEN alarms are added THEN every runbook link is <base>#<id>', () => {
  const plan = alarmsPlan([DETECTION], { runbookBaseUrl: 'https://wiki.example.com/security/s3-audit' });
  expect(alarmNamed(plan, 'acme-test-objects-deleted').alarm_description).toMatch(/ Runbook: https:\/\/wiki\.example\.com\/security\/s3-audit#objects-deleted$/);
  expect(alarmNamed(plan, 'acme-test-trail-delivery-stopped').alarm_description).toContain('Runbook: https://wiki.example.com/security/s3-audit#trail-delivery-stopped');
});

describe('GIVEN a detection whose query fits a description only with fewer fields', () => {
  const buckets = Array.from({ length: 12 }, (_, i) => `acme-customer-data-${i}`);
  const filterPattern = `{ ($.eventName = "DeleteObject") && (${buckets.map((b) => `($.requestParameters.bucketName = "${b}")`).join(' || ')}) }`;
  const plan = alarmsPlan([{ ...DETECTION, filterPattern }]);
  const description: string = alarmNamed(plan, 'acme-test-objects-deleted').alarm_description;

  test('THEN it links the same filter with who, what, which bucket and key, from where and when, and the explanation gives way', () => {
    expect(description.length).toBeLessThanOrEqual(1024);
    expect(description.startsWith('[high] Objects deleted. Logs Insights: https://')).toBe(true);
    const decoded = decodeLogsInsightsUrl(firstUrl(description));
    const [fields, ...rest] = String(decoded.detail.editorString).split('\n');
    expect(fields).toBe('fields @timestamp, userIdentity.arn, eventName, requestParameters.bucketName, requestParameters.key, sourceIPAddress');
    expect(rest).toEqual(insightsQuery(filterPattern).split('\n').slice(1));
    expect(decoded.detail).toMatchObject({ start: -86400 });
  });
});

describe('GIVEN a detection whose query is too long for a description with its link (a longer watched-bucket list)', () => {
  const buckets = Array.from({ length: 16 }, (_, i) => `acme-customer-data-${i}`);
  const filterPattern = `{ ($.eventName = "DeleteObject") && (${buckets.map((b) => `($.requestParameters.bucketName = "${b}")`).join(' || ')}) }`;
  const plan = alarmsPlan([{ ...DETECTION, filterPattern }]);
  const description: string = alarmNamed(plan, 'acme-test-objects-deleted').alarm_description;

  test('THEN the description still fits 1024 characters and keeps what fired', () => {
    expect(description.length).toBeLessThanOrEqual(1024);
    expect(description.startsWith('[high] Objects deleted. DeleteObject on a watched bucket. ')).toBe(true);
  });

  test('THEN it links Logs Insights listing the log group\'s events by who, what, bucket and key, and names the saved query to pick', () => {
    expect(description).toContain('Logs Insights (saved query "acme-test/objects-deleted"): https://');
    const decoded = decodeLogsInsightsUrl(firstUrl(description));
    expect(decoded.detail).toEqual({
      end: 0,
      start: -86400,
      timeType: 'RELATIVE',
      unit: 'seconds',
      editorString: 'fields @timestamp, userIdentity.arn, eventName, requestParameters.bucketName, requestParameters.key, sourceIPAddress\n| sort @timestamp desc',
      source: ['/aws/cloudtrail/acme-test-s3-audit'],
    });
    expect(plan.only('aws_cloudwatch_query_definition').query_string).toContain('acme-customer-data-15');
  });
});

describe('GIVEN a pattern holding a value Terraform knows only at apply time (the trail key ARN)', () => {
  const plan = Plan.ofScope((scope) => {
    const key = new TerraformVariable(scope, 'key', { type: 'string' }).stringValue;
    new AuditAlarms(scope, 'Alarms', { ...PROPS, detections: [{ ...DETECTION, filterPattern: `{ $.resources[0].ARN = "${key}" }` }] });
  });
  const description: string = alarmNamed(plan, 'acme-test-objects-deleted').alarm_description;

  test('THEN the saved query keeps the reference for Terraform to fill in', () => {
    expect(plan.only('aws_cloudwatch_query_definition').query_string).toContain('| filter resources.0.ARN = "${var.key}"');
  });

  test('THEN Terraform measures the description: the full one if it fits, else the one naming the saved query', () => {
    expect(description).toMatch(/^\$\{length\("\[high\] Objects deleted\. DeleteObject on a watched bucket\. Logs Insights: https:.*\) <= 1024 \? /);
    expect(description).toContain('${replace(replace(var.key, ":", "*3a"), "/", "*2f")}');
    expect(description).toContain(': "[high] Objects deleted. DeleteObject on a watched bucket. Logs Insights (saved query \\"acme-test/objects-deleted\\")');
  });
});

test('GIVEN a saved query name CloudWatch Logs refuses WHEN the evidence is built THEN it fails naming the name and what is accepted', () => {
  expect(() =>
    Plan.ofScope((scope) => {
      new DetectionEvidence(scope, 'Evidence', {
        location: LOCATION,
        logGroupName: '/aws/cloudtrail/x',
        savedQueryName: 'acme:test/objects-deleted',
        query: 'fields @timestamp',
        windowSeconds: 300,
        runbookUrl: 'https://example.com/r#x',
      });
    }),
  ).toThrow('saved query name "acme:test/objects-deleted" is not accepted; expected 1 to 255 characters without ":" or "*", not starting or ending with "/"');
});
