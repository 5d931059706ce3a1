import { CLOUDWATCH_ALARM_TOPIC, SNS_ACCESS_POLICY_CASES, SNS_CLOUDWATCH_ALARM_PUBLISHERS, SNS_ENCRYPTED_TOPIC_SOURCES, SNS_TLS_ONLY } from '../../../../modules/aws-pages';
import { administrator, ANOTHER_ACCOUNT, Interaction, OVER_PLAIN_HTTP, OVER_TLS } from '../interaction';
import type { ProofSubject } from '../proof-subject';
import type { SimulationRequest } from '../simulator';
import { ExpressionError } from '../terraform-expression';

const CLOUDWATCH = 'cloudwatch.amazonaws.com';
const ACTION_ATTRIBUTES = ['alarm_actions', 'ok_actions', 'insufficient_data_actions'];

/**
 * Every alarm publishes to every topic it notifies, and CloudWatch can use each topic's key; alarms
 * of other accounts and other stacks, anonymous callers and plain HTTP cannot publish.
 */
export function alarmNotifications(subject: ProofSubject): Interaction[] {
  const topics = new Map(subject.instances('aws_sns_topic').map((topic) => [topic.attributes.arn as string, topic]));
  const publish = (principal: string, topicArn: string, context: Record<string, string>, extra: Partial<SimulationRequest> = {}): SimulationRequest => ({
    principal,
    action: 'sns:Publish',
    resource: topicArn,
    resourceAccount: topicArn.split(':')[4],
    context,
    resourcePolicy: subject.policyOf('topic policy', topicArn),
    ...extra,
  });

  const notified = new Set<string>();
  const fromAlarms = subject.instances('aws_cloudwatch_metric_alarm').flatMap((alarm) => {
    const targets = [...new Set(ACTION_ATTRIBUTES.flatMap((attribute) => (alarm.attributes[attribute] as string[] | undefined) ?? []))];
    return targets.map((topicArn): Interaction => {
      if (!topics.has(topicArn)) throw new ExpressionError(`${alarm.address} notifies ${topicArn}, which is not a topic of the stack; the proof cannot judge its policy`);
      notified.add(topicArn);
      return {
        kind: 'alarm-publishes-to-its-topic',
        id: `alarm-publishes-to-its-topic:${alarm.attributes.alarm_name}:${topicArn}`,
        says: `The alarm ${alarm.attributes.alarm_name} publishes to ${topics.get(topicArn)?.attributes.name}; CloudWatch names the alarm as aws:SourceArn`,
        expect: 'allowed',
        request: publish(CLOUDWATCH, topicArn, { 'aws:SourceArn': alarm.attributes.arn as string }),
        source: CLOUDWATCH_ALARM_TOPIC,
        alsoFrom: [SNS_CLOUDWATCH_ALARM_PUBLISHERS],
      };
    });
  });

  const perTopic = [...topics.values()].flatMap((topic): Interaction[] => {
    const topicArn = topic.attributes.arn as string;
    const name = topic.attributes.name as string;
    const [, partition, , region, account] = topicArn.split(':');
    const admin = administrator(account, partition);
    const interactions: Interaction[] = [
      {
        kind: 'another-accounts-alarm-publishes',
        id: `another-accounts-alarm-publishes:${topicArn}`,
        says: `An alarm of account ${ANOTHER_ACCOUNT}, named like this stack's, publishes to ${name}`,
        expect: 'denied',
        request: publish(CLOUDWATCH, topicArn, { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${ANOTHER_ACCOUNT}:alarm:${name}-forged` }),
        source: CLOUDWATCH_ALARM_TOPIC,
      },
      {
        kind: 'an-alarm-of-another-stack-publishes',
        id: `an-alarm-of-another-stack-publishes:${topicArn}`,
        says: `An alarm of this account that this stack did not create publishes to ${name}`,
        expect: 'denied',
        request: publish(CLOUDWATCH, topicArn, { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:someone-elses-alarm` }),
        source: CLOUDWATCH_ALARM_TOPIC,
      },
      {
        kind: 'anonymous-caller-publishes',
        id: `anonymous-caller-publishes:${topicArn}`,
        says: `An anonymous caller publishes to ${name}`,
        expect: 'denied',
        request: publish('anonymous', topicArn, OVER_TLS),
        source: SNS_ACCESS_POLICY_CASES,
      },
      {
        kind: 'administrator-publishes-over-plain-http',
        id: `administrator-publishes-over-plain-http:${topicArn}`,
        says: `An administrator of the account publishes to ${name} without TLS`,
        expect: 'refused by a deny',
        request: publish(admin.arn, topicArn, OVER_PLAIN_HTTP, { identityPolicies: admin.policies }),
        source: SNS_TLS_ONLY,
      },
      {
        kind: 'administrator-subscribes-to-the-topic',
        id: `administrator-subscribes-to-the-topic:${topicArn}`,
        says: `An administrator of the account subscribes an endpoint to ${name}`,
        expect: 'allowed',
        request: { ...publish(admin.arn, topicArn, OVER_TLS, { identityPolicies: admin.policies }), action: 'sns:Subscribe' },
        source: SNS_ACCESS_POLICY_CASES,
      },
      {
        kind: 'another-accounts-administrator-subscribes',
        id: `another-accounts-administrator-subscribes:${topicArn}`,
        says: `An administrator of account ${ANOTHER_ACCOUNT} subscribes to ${name}, to read the alarms`,
        expect: 'denied',
        request: { ...publish(administrator(ANOTHER_ACCOUNT, partition).arn, topicArn, OVER_TLS, { identityPolicies: admin.policies }), action: 'sns:Subscribe' },
        source: SNS_ACCESS_POLICY_CASES,
      },
    ];
    const keyArn = topic.attributes.kms_master_key_id as string | undefined;
    if (keyArn && notified.has(topicArn)) {
      interactions.push(
        ...['kms:GenerateDataKey', 'kms:Decrypt'].map((action): Interaction => ({
          kind: 'cloudwatch-uses-the-topic-key',
          id: `cloudwatch-uses-the-topic-key:${topicArn}:${action}`,
          says: `CloudWatch calls ${action} on the key of ${name} to publish an alarm to the encrypted topic`,
          expect: 'allowed',
          request: { principal: CLOUDWATCH, action, resource: keyArn, resourceAccount: keyArn.split(':')[4], context: {}, resourcePolicy: subject.policyOf('key policy', keyArn) },
          source: SNS_ENCRYPTED_TOPIC_SOURCES,
        })),
      );
    }
    return interactions;
  });
  return [...fromAlarms, ...perTopic];
}
