import { AuditAlarms, AuditAlarmsProps } from '../../modules/alarms';
import { AlarmTopic } from '../../modules/alarm-topic';
import { ResolvedDetection } from '../../modules/detections';
import { Severity } from '../../modules/detections/detection';
import { planTime } from '../../modules/plan-time';
import { follows } from '../support/policy-source';
import { LOCATION, Plan } from '../support/synth';

const detection = (id: string, severity: Severity): ResolvedDetection => ({
  id,
  title: `A ${severity} thing`,
  severity,
  description: 'Someone did the thing.',
  filterPattern: `{ $.eventName = "${id}" }`,
  metricName: id,
  namespace: 'Tests',
  alarm: { periodSeconds: 60, evaluationPeriods: 1, threshold: 1, statistic: 'Sum', treatMissingData: 'notBreaching' },
});
const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];

const PROPS: AuditAlarmsProps = {
  location: LOCATION,
  alarmNamePrefix: 'acme-test',
  logGroupName: '/aws/cloudtrail/acme-test-s3-audit',
  kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/test',
  detections: SEVERITIES.map((severity) => detection(`${severity}-thing`, severity)),
};

/** Each alarm's name → the topics (by construct path) its actions notify. */
function routing(plan: Plan, attribute = 'alarm_actions'): Record<string, string[]> {
  const topicPath = (ref: string) => (ref.includes('PagingTopic') ? 'paging' : 'main');
  return Object.fromEntries(
    Object.values(plan.resources('aws_cloudwatch_metric_alarm')).map((alarm: any) => [alarm.alarm_name, (alarm[attribute] ?? []).map(topicPath)]),
  );
}

describe('AlarmTopic', () => {
  // GIVEN a stack WHEN one alarm topic is added with a plan-time list of emails
  const plan = Plan.ofScope((scope) => {
    new AlarmTopic(scope, 'Topic', {
      location: LOCATION,
      topicName: 'acme-test-audit-paging',
      alarmNamePrefix: 'acme-test',
      kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/test',
      emailAddresses: planTime('var.paging_emails'),
    });
  });
  const topicArn = plan.ref('aws_sns_topic', 'arn');

  test('THEN the topic is named, shown by its name, and encrypted with the given key', () => {
    expect(plan.only('aws_sns_topic')).toEqual(expect.objectContaining({
      name: 'acme-test-audit-paging',
      display_name: 'acme-test-audit-paging',
      kms_master_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/test',
    }));
  });

  test(`THEN its policy holds the three documented statements ${follows('AllowAccountToManageTheTopic')}`, () => {
    const statements = plan.statements(plan.only('aws_sns_topic_policy').policy);
    expect(Object.keys(statements).sort()).toEqual(['AllowAccountToManageTheTopic', 'AllowThisStacksAlarmsToPublish', 'DenyInsecureTransportToTheTopic']);
    expect(statements.AllowThisStacksAlarmsToPublish.conditions['ArnLike aws:SourceArn']).toEqual(['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:acme-test-*']);
    expect(statements.DenyInsecureTransportToTheTopic).toEqual({
      effect: 'Deny',
      principals: { '*': ['*'] },
      actions: ['sns:Publish'],
      resources: [topicArn],
      conditions: { 'Bool aws:SecureTransport': ['false'] },
    });
  });

  test('THEN the plan-time emails are one subscription per address, keyed by the address', () => {
    expect(plan.only('aws_sns_topic_subscription')).toMatchObject({
      for_each: '${{ for address in var.paging_emails : address => address }}',
      topic_arn: topicArn,
      protocol: 'email',
      endpoint: '${each.value}',
    });
  });
});

describe('AuditAlarms with paging', () => {
  test('GIVEN no paging WHEN synthesized THEN there is one topic and every alarm notifies it alone', () => {
    const plan = Plan.ofScope((scope) => void new AuditAlarms(scope, 'Alarms', PROPS));
    expect(Object.keys(plan.resources('aws_sns_topic'))).toHaveLength(1);
    expect(Object.values(routing(plan))).toEqual(Array(5).fill(['main']));
  });

  describe('GIVEN paging with its defaults and one pager address', () => {
    // WHEN the alarms are synthesized
    let alarms!: AuditAlarms;
    const plan = Plan.ofScope((scope) => {
      alarms = new AuditAlarms(scope, 'Alarms', { ...PROPS, paging: { emailAddresses: ['pager@example.com'] } });
    });
    const paging = plan.at('aws_sns_topic', 'Alarms/PagingTopic');
    const pagingId = Object.keys(plan.resources('aws_sns_topic')).find((id) => id.includes('PagingTopic'));
    const pagingArn = `\${aws_sns_topic.${pagingId}.arn}`;

    test('THEN a second topic, encrypted under the same key, is named for paging', () => {
      expect(paging).toMatchObject({ name: 'acme-test-audit-paging', kms_master_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/test' });
      expect(alarms.pagingTopic?.topicArn).toBeDefined();
    });

    test(`THEN only this stack's alarms may publish to it, by the same pattern as the main topic ${follows('AllowThisStacksAlarmsToPublishToThePagingTopic')}`, () => {
      const policy = Object.values(plan.resources('aws_sns_topic_policy')).find((p: any) => p.arn === pagingArn) as any;
      const statements = plan.statements(policy.policy);
      expect(Object.keys(statements).sort()).toEqual(['AllowAccountToManageThePagingTopic', 'AllowThisStacksAlarmsToPublishToThePagingTopic', 'DenyInsecureTransportToThePagingTopic']);
      expect(statements.AllowThisStacksAlarmsToPublishToThePagingTopic).toEqual({
        effect: 'Allow',
        principals: { Service: ['cloudwatch.amazonaws.com'] },
        actions: ['sns:Publish'],
        resources: [pagingArn],
        conditions: {
          'ArnLike aws:SourceArn': ['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:acme-test-*'],
        },
      });
      expect(statements.DenyInsecureTransportToThePagingTopic).toMatchObject({ effect: 'Deny', resources: [pagingArn], conditions: { 'Bool aws:SecureTransport': ['false'] } });
      expect(statements.AllowAccountToManageThePagingTopic.principals).toEqual({ AWS: ['arn:aws:iam::123456789012:root'] });
    });

    test('THEN the pager address is subscribed to the paging topic only', () => {
      const subscriptions = Object.values(plan.resources('aws_sns_topic_subscription')) as any[];
      expect(subscriptions.map((s) => [s.endpoint, s.topic_arn])).toEqual([['pager@example.com', pagingArn]]);
    });

    test('THEN critical and high alarms notify both topics, medium and low the main topic alone', () => {
      expect(routing(plan)).toEqual({
        'acme-test-critical-thing': ['main', 'paging'],
        'acme-test-high-thing': ['main', 'paging'],
        'acme-test-medium-thing': ['main'],
        'acme-test-low-thing': ['main'],
        'acme-test-trail-delivery-stopped': ['main', 'paging'],
      });
    });

    test('THEN the delivery heartbeat, critical, pages its recovery too', () => {
      expect(routing(plan, 'ok_actions')['acme-test-trail-delivery-stopped']).toEqual(['main', 'paging']);
    });
  });

  test('GIVEN paging for medium alarms only WHEN synthesized THEN only those page, and the heartbeat does not', () => {
    const plan = Plan.ofScope((scope) => void new AuditAlarms(scope, 'Alarms', { ...PROPS, paging: { severities: ['medium'] } }));
    expect(routing(plan)).toEqual({
      'acme-test-critical-thing': ['main'],
      'acme-test-high-thing': ['main'],
      'acme-test-medium-thing': ['main', 'paging'],
      'acme-test-low-thing': ['main'],
      'acme-test-trail-delivery-stopped': ['main'],
    });
  });

  test('GIVEN paging WHEN detections come from a plan-time map THEN each alarm picks its topics by its own severity', () => {
    const plan = Plan.ofScope((scope) => {
      new AuditAlarms(scope, 'Alarms', { ...PROPS, detections: [], paging: {} }).addDetectionsForEach(planTime('local.detections'));
    });
    const alarm = Object.values(plan.resources('aws_cloudwatch_metric_alarm')).find((a: any) => a.for_each) as any;
    const ids = Object.keys(plan.resources('aws_sns_topic'));
    const [main, paging] = [ids.find((id) => !id.includes('PagingTopic')), ids.find((id) => id.includes('PagingTopic'))];
    expect(alarm.alarm_actions).toBe(
      `\${contains(["critical","high"], each.value.severity) ? [aws_sns_topic.${main}.arn, aws_sns_topic.${paging}.arn] : [aws_sns_topic.${main}.arn]}`,
    );
  });
});
