import { EVENTBRIDGE_CONFUSED_DEPUTY, EVENTBRIDGE_SNS_KMS, EVENTBRIDGE_SNS_PERMISSIONS } from '../../../../modules/aws-pages';
import { ANOTHER_ACCOUNT, Interaction } from '../interaction';
import type { ProofSubject } from '../proof-subject';
import { ExpressionError } from '../terraform-expression';

const EVENTS = 'events.amazonaws.com';

/**
 * The fast path (modules/fast-path.ts): every EventBridge rule publishes to every topic it targets
 * and uses the topic's key; a rule of another account, or of this account but not of this stack,
 * cannot publish. EventBridge names the rule as aws:SourceArn ("For EventBridge event bus rule
 * targets, the value of aws:SourceArn must be the rule ARN"), and the account that owns it as
 * aws:SourceAccount (EventBridge User Guide, "Using IAM policy conditions"). Its use of the key
 * carries neither: the EventBridge troubleshooting page documents the key statement without conditions,
 * and no page says EventBridge sends them to KMS, so the request carries none; the key statement is
 * proven as documented, and the topic policy is what holds other rules out.
 */
export function eventBridgeNotifications(subject: ProofSubject): Interaction[] {
  const topics = new Map(subject.instances('aws_sns_topic').map((topic) => [topic.attributes.arn as string, topic]));
  const rules = new Map(subject.instances('aws_cloudwatch_event_rule').map((rule) => [rule.attributes.name as string, rule]));
  const targeted = new Set<string>();
  const publishes = subject.instances('aws_cloudwatch_event_target').map((target): Interaction => {
    const rule = rules.get(target.attributes.rule as string);
    const topicArn = target.attributes.arn as string;
    if (!rule) throw new ExpressionError(`${target.address} targets from rule ${String(target.attributes.rule)}, which is not a rule of the stack`);
    if (!topics.has(topicArn)) throw new ExpressionError(`${target.address} targets ${topicArn}, which is not a topic of the stack; the proof cannot judge its policy`);
    targeted.add(topicArn);
    return {
      kind: 'rule-publishes-to-its-topic',
      id: `rule-publishes-to-its-topic:${rule.attributes.name}:${topicArn}`,
      says: `The fast-path rule ${rule.attributes.name} publishes its message to ${topics.get(topicArn)?.attributes.name}; EventBridge names the rule as aws:SourceArn`,
      expect: 'allowed',
      request: publish(subject, topicArn, rule.attributes.arn as string, subject.accountId),
      source: EVENTBRIDGE_SNS_PERMISSIONS,
      alsoFrom: [EVENTBRIDGE_CONFUSED_DEPUTY],
    };
  });

  const perTopic = [...targeted].flatMap((topicArn): Interaction[] => {
    const topic = topics.get(topicArn)!;
    const name = topic.attributes.name as string;
    const [, partition, , region, account] = topicArn.split(':');
    const keyArn = topic.attributes.kms_master_key_id as string | undefined;
    const forged = `${name}-forged`;
    return [
      {
        kind: 'another-accounts-rule-publishes',
        id: `another-accounts-rule-publishes:${topicArn}`,
        says: `A rule of account ${ANOTHER_ACCOUNT}, named like this stack's, targets ${name}`,
        expect: 'denied',
        request: publish(subject, topicArn, `arn:${partition}:events:${region}:${ANOTHER_ACCOUNT}:rule/${forged}`, ANOTHER_ACCOUNT),
        source: EVENTBRIDGE_CONFUSED_DEPUTY,
      },
      {
        kind: 'a-rule-of-another-stack-publishes',
        id: `a-rule-of-another-stack-publishes:${topicArn}`,
        says: `A rule of this account that this stack did not create targets ${name}`,
        expect: 'denied',
        request: publish(subject, topicArn, `arn:${partition}:events:${region}:${account}:rule/someone-elses-rule`, account),
        source: EVENTBRIDGE_CONFUSED_DEPUTY,
      },
      ...(keyArn
        ? ['kms:GenerateDataKey', 'kms:Decrypt'].map((action): Interaction => ({
            kind: 'eventbridge-uses-the-topic-key',
            id: `eventbridge-uses-the-topic-key:${topicArn}:${action}`,
            says: `EventBridge calls ${action} on the key of ${name} to deliver a fast-path message to the encrypted topic`,
            expect: 'allowed',
            request: { principal: EVENTS, action, resource: keyArn, resourceAccount: keyArn.split(':')[4], context: {}, resourcePolicy: subject.policyOf('key policy', keyArn) },
            source: EVENTBRIDGE_SNS_KMS,
          }))
        : []),
    ];
  });
  return [...publishes, ...perTopic];
}

function publish(subject: ProofSubject, topicArn: string, ruleArn: string, ruleAccount: string) {
  return {
    principal: EVENTS,
    action: 'sns:Publish',
    resource: topicArn,
    resourceAccount: topicArn.split(':')[4],
    context: { 'aws:SourceArn': ruleArn, 'aws:SourceAccount': ruleAccount, 'aws:SecureTransport': 'true' },
    resourcePolicy: subject.policyOf('topic policy', topicArn),
  };
}
