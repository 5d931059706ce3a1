import { ComplianceRule } from '../rule';

/** Alarm notifications name the account, the event and who did it: not for a plain-HTTP publisher. */
export const alarmTopicTlsOnly: ComplianceRule = {
  id: 'alarm-topic-tls-only',
  level: 'error',
  description: 'Every SNS topic denies sns:Publish to everyone when aws:SecureTransport is false.',
  scannerIds: [],
  fix: 'add a Deny statement for principal "*" on sns:Publish with Bool aws:SecureTransport "false" to the topic policy',
  needs: ['detections'],
  check(stack) {
    const policies = stack.resources('aws_sns_topic_policy');
    return stack.resources('aws_sns_topic').flatMap((topic) => {
      const denies = policies
        .filter((policy) => stack.refersTo(policy.config.arn, topic))
        .flatMap((policy) => stack.statementsOf(policy.config.policy) ?? [])
        .some(
          (s) =>
            s.effect === 'Deny' &&
            (s.principals['*'] ?? []).includes('*') &&
            s.actions.some((a) => a === 'sns:Publish' || a === 'sns:*') &&
            s.conditions.some((c) => c.test === 'Bool' && c.variable === 'aws:SecureTransport' && (c.values ?? []).includes('false')),
        );
      return denies ? [] : [{ resource: topic.address, message: 'no policy of the topic denies publishing without TLS' }];
    });
  },
};
