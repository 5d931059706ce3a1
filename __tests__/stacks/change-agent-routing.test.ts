import { parseEnvironments } from '../../stacks/load-environments';
import type { EnvironmentInput } from '../../stacks/environment-schema';
import { ENVIRONMENTS } from '../../stacks/environments';
import { validEnvironment } from '../support/environments';
import { Plan } from '../support/synth';

const planOf = (input: EnvironmentInput) => Plan.ofEnvironment(parseEnvironments([input])[0]);
const DEPLOY_ROLE = 'arn:aws:iam::123456789012:role/terraform-deploy';

describe('GIVEN an environment with a paging topic and an expected change agent', () => {
  // WHEN it is synthesized
  const plan = planOf(validEnvironment({ paging: { emailAddresses: ['pager@example.com'] }, expectedChangeAgents: [DEPLOY_ROLE] }));
  const alarms = Object.values(plan.resources('aws_cloudwatch_metric_alarm')) as Record<string, any>[];
  const alarm = (id: string): Record<string, any> => alarms.find((a) => a.alarm_name === `acme-test-${id}`) as Record<string, any>;
  const topics = plan.resources('aws_sns_topic') as Record<string, { name: string }>;
  const topicRef = (name: string) => `\${aws_sns_topic.${Object.keys(topics).find((id) => topics[id].name === name)}.arn}`;
  const main = topicRef('acme-test-audit-alarms');
  const paging = topicRef('acme-test-audit-paging');

  test('THEN a high-severity configuration-change detection becomes a record: it notifies the main topic only', () => {
    expect(alarm('cis-s3-bucket-policy-changes').alarm_actions).toEqual([main]);
    expect(alarm('iam-role-trust-policy-changes').alarm_actions).toEqual([main]);
    expect(alarm('cis-vpc-changes').alarm_description).toMatch(/^\[medium\] VPC changes \(a record: only unknown-principals page\)\. /);
  });

  test('THEN its unknown-principal variant is high severity, pages, and has its own metric', () => {
    const variant = alarm('cis-vpc-changes.unknown-principal');
    expect(variant.alarm_actions).toEqual([main, paging]);
    expect(variant.alarm_description).toMatch(/^\[high\] VPC changes, by an unknown principal\./);
    expect(variant).toMatchObject({ metric_name: 'VPCChangesByUnknownPrincipal', namespace: 'S3AuditTrail/acme-test', period: 60, evaluation_periods: 10, datapoints_to_alarm: 1 });
  });

  test('THEN tampering detections are unchanged: the trail, its key and its alarms page whoever changes them', () => {
    for (const id of ['trail-tampering', 'trail-key-tampering', 'alarm-tampering', 'cis-cloudtrail-config-changes']) {
      expect(alarm(id).alarm_actions).toEqual([main, paging]);
      expect(alarm(`${id}.unknown-principal`)).toBeUndefined();
    }
  });

  test('THEN the dashboard graphs, per detection, every change less the unknown principals\' ones: what the agents changed', () => {
    const body = JSON.parse(plan.at('aws_cloudwatch_dashboard', 'AuditTrail/Dashboard').dashboard_body);
    const widget = body.widgets.find((w: any) => w.properties.title === 'Configuration changes by the expected change agents (not paged)');
    const metrics = widget.properties.metrics as unknown[][];
    expect(metrics).toHaveLength(30);
    const vpc = metrics.findIndex((m: any) => m[0]?.label === 'cis-vpc-changes');
    expect(metrics[vpc][0]).toEqual({ expression: expect.stringMatching(/^FILL\(all(\d+), 0\) - FILL\(unknown\1, 0\)$/), label: 'cis-vpc-changes', id: expect.any(String) });
    expect(metrics[vpc + 1]).toEqual(['CISBenchmark/acme-test', 'VPCChanges', { id: expect.stringMatching(/^all\d+$/), visible: false }]);
    expect(metrics[vpc + 2]).toEqual(['S3AuditTrail/acme-test', 'VPCChangesByUnknownPrincipal', { id: expect.stringMatching(/^unknown\d+$/), visible: false }]);
  });
});

test('GIVEN an environment without expected change agents THEN no variant exists and the detections route by severity as before', () => {
  const plan = planOf(validEnvironment());
  const names = (Object.values(plan.resources('aws_cloudwatch_metric_alarm')) as Record<string, any>[]).map((a) => a.alarm_name as string);
  expect(names.filter((name) => name.endsWith('.unknown-principal'))).toEqual([]);
  const body = JSON.parse(plan.at('aws_cloudwatch_dashboard', 'AuditTrail/Dashboard').dashboard_body);
  expect(body.widgets.some((w: any) => String(w.properties.title).startsWith('Configuration changes by the expected change agents'))).toBe(false);
});

test('GIVEN the shipped prod THEN it declares its deploying role as an expected change agent, as an example to copy', () => {
  const prod = parseEnvironments(ENVIRONMENTS).find((env) => env.name === 'prod')!;
  expect(prod.expectedChangeAgents).toEqual(['arn:aws:iam::333333333333:role/terraform-deploy']);
  const names = (Object.values(Plan.ofEnvironment(prod).resources('aws_cloudwatch_metric_alarm')) as Record<string, any>[]).map((a) => a.alarm_name as string);
  expect(names.filter((name) => name.endsWith('.unknown-principal'))).toHaveLength(10);
});
