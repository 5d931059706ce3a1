import { AuditAlarms, AuditAlarmsProps } from '../../modules/alarms';
import { ResolvedDetection } from '../../modules/detections';
import { follows } from '../support/policy-source';
import { LOCATION, Plan } from '../support/synth';

const DETECTION: ResolvedDetection = {
  id: 'thing-happened',
  title: 'A thing happened',
  severity: 'high',
  description: 'Someone did the thing.',
  filterPattern: '{ $.eventName = "DoThing" }',
  metricName: 'ThingHappened',
  namespace: 'Tests',
  alarm: { periodSeconds: 60, evaluationPeriods: 2, threshold: 3, statistic: 'Sum', treatMissingData: 'notBreaching' },
};

describe('AuditAlarms', () => {
  // GIVEN a stack WHEN the alarm layer is added with one detection and two emails
  const props: AuditAlarmsProps = {
    location: LOCATION,
    alarmNamePrefix: 'acme-test',
    logGroupName: '/aws/cloudtrail/acme-test-s3-audit',
    kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/test',
  };
  let alarms!: AuditAlarms;
  const plan = Plan.ofScope((scope) => {
    alarms = new AuditAlarms(scope, 'Alarms', { ...props, emailAddresses: ['a@example.com', 'b@example.com'], detections: [DETECTION] });
    alarms.addDetection({ ...DETECTION, id: 'other-thing', metricName: 'OtherThing' });
  });
  const topicArn = plan.ref('aws_sns_topic', 'arn');

  test('THEN the topic is encrypted with the trail key', () => {
    expect(plan.only('aws_sns_topic')).toMatchObject({
      name: 'acme-test-audit-alarms',
      kms_master_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/test',
    });
  });

  test('THEN each email address is subscribed', () => {
    const subscriptions = Object.values(plan.resources('aws_sns_topic_subscription'));
    expect(subscriptions.map((s: any) => [s.protocol, s.endpoint, s.topic_arn])).toEqual([
      ['email', 'a@example.com', topicArn],
      ['email', 'b@example.com', topicArn],
    ]);
  });

  test(`THEN only this stack's alarms, from this account, may publish, and only over TLS ${follows('AllowThisStacksAlarmsToPublish')}`, () => {
    const policy = plan.only('aws_sns_topic_policy');
    expect(policy.arn).toBe(topicArn);
    const statements = plan.statements(policy.policy);
    expect(statements.AllowThisStacksAlarmsToPublish).toEqual({
      effect: 'Allow',
      principals: { Service: ['cloudwatch.amazonaws.com'] },
      actions: ['sns:Publish'],
      resources: [topicArn],
      conditions: {
        'ArnLike aws:SourceArn': ['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:acme-test-*'],
      },
    });
    expect(statements.AllowAccountToManageTheTopic.principals).toEqual({ AWS: ['arn:aws:iam::123456789012:root'] });
    expect(statements.DenyInsecureTransportToTheTopic).toMatchObject({
      effect: 'Deny',
      conditions: { 'Bool aws:SecureTransport': ['false'] },
    });
  });

  test('THEN each detection becomes a metric filter on the log group counting 1 per matching event', () => {
    const filters = Object.values(plan.resources('aws_cloudwatch_log_metric_filter')) as any[];
    expect(filters.map((f) => f.name).sort()).toEqual(['acme-test-other-thing', 'acme-test-thing-happened']);
    expect(filters.find((f) => f.name === 'acme-test-thing-happened')).toMatchObject({
      log_group_name: '/aws/cloudtrail/acme-test-s3-audit',
      pattern: '{ $.eventName = "DoThing" }',
      metric_transformation: { name: 'ThingHappened', namespace: 'Tests/acme-test', value: '1' },
    });
  });

  test('THEN each filter has one alarm named <prefix>-<env>-<id> on its metric, with its settings, notifying the topic', () => {
    const alarmsById = plan.resources('aws_cloudwatch_metric_alarm');
    expect(Object.values(alarmsById).map((a: any) => a.alarm_name).sort()).toEqual([
      'acme-test-other-thing',
      'acme-test-thing-happened',
      'acme-test-trail-delivery-stopped',
    ]);
    const alarm = Object.values(alarmsById).find((a: any) => a.alarm_name === 'acme-test-thing-happened') as any;
    expect(alarm).toMatchObject({
      namespace: 'Tests/acme-test',
      metric_name: 'ThingHappened',
      statistic: 'Sum',
      period: 60,
      evaluation_periods: 2,
      threshold: 3,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      treat_missing_data: 'notBreaching',
      alarm_actions: [topicArn],
    });
    expect(alarm.alarm_description).toContain('[high] A thing happened.');
    expect(alarms.alarms).toHaveLength(3);
  });

  test('THEN an hour without any event in the log group raises the delivery alarm, missing data included', () => {
    const heartbeat = (Object.values(plan.resources('aws_cloudwatch_metric_alarm')) as any[]).find(
      (a) => a.alarm_name === 'acme-test-trail-delivery-stopped',
    );
    expect(heartbeat).toMatchObject({
      namespace: 'AWS/Logs',
      metric_name: 'IncomingLogEvents',
      dimensions: { LogGroupName: '/aws/cloudtrail/acme-test-s3-audit' },
      statistic: 'Sum',
      period: 3600,
      evaluation_periods: 1,
      threshold: 1,
      comparison_operator: 'LessThanThreshold',
      treat_missing_data: 'breaching',
      alarm_actions: [topicArn],
      ok_actions: [topicArn],
    });
  });

  test('WHEN the silence alarm is set to 0 THEN there is none, and an impossible period is refused', () => {
    const build = (silenceAlarmAfterMinutes: number) =>
      Plan.ofScope((scope) => {
        new AuditAlarms(scope, 'Alarms', { ...props, silenceAlarmAfterMinutes });
      });
    expect(build(0).resources('aws_cloudwatch_metric_alarm')).toEqual({});
    expect(() => build(2000)).toThrow('silenceAlarmAfterMinutes: 2000 is not accepted; expected a whole number of minutes from 1 to 1440');
  });
});
