import { ComplianceRule } from '../rule';
import { escapeRegExp } from '../rule-helpers';

/** Only the account (to manage it) and CloudWatch, for alarms of this account, may publish. */
export const alarmTopicPublishers: ComplianceRule = {
  id: 'alarm-topic-publishers',
  level: 'error',
  description: "Every topic has a policy in which the only service publisher is cloudwatch.amazonaws.com, held to this account's alarms.",
  scannerIds: ['CKV_AWS_169'],
  fix: 'allow sns:Publish to cloudwatch.amazonaws.com only with ArnLike aws:SourceArn on the stack\'s alarms (arn:<partition>:cloudwatch:<region>:<account>:alarm:<prefix>-*)',
  needs: ['detections'],
  check(stack, context) {
    return stack.resources('aws_sns_topic').flatMap((topic) => {
      const policies = stack.resources('aws_sns_topic_policy').filter((policy) => stack.refersTo(policy.config.arn, topic));
      if (policies.length === 0) return [{ resource: topic.address, message: 'the topic has no policy of this stack' }];
      return policies.flatMap((policy) =>
        (stack.statementsOf(policy.config.policy) ?? [])
          .filter((s) => s.effect === 'Allow' && s.actions.some((a) => a === 'sns:Publish' || a === 'sns:*'))
          .flatMap((s) => {
            const services = s.principals.Service ?? [];
            const accounts = s.principals.AWS ?? [];
            const others = Object.keys(s.principals).filter((type) => type !== 'Service' && type !== 'AWS');
            const accountRoot = new RegExp(`^arn:[^:]+:iam::${escapeRegExp(context.accountId)}:root$`);
            if (others.length > 0 || accounts.some((arn) => !accountRoot.test(arn))) {
              return [{ resource: policy.address, message: `statement ${s.sid ?? '(no Sid)'} lets a principal outside this account publish` }];
            }
            if (services.length === 0) return [];
            if (services.some((service) => service !== 'cloudwatch.amazonaws.com')) {
              return [{ resource: policy.address, message: `statement ${s.sid ?? '(no Sid)'} lets ${services.join(', ')} publish` }];
            }
            // The alarm ARN names the account: CloudWatch documents aws:SourceArn for alarm actions, not aws:SourceAccount.
            const alarms = s.conditions.some((c) => c.variable === 'aws:SourceArn' && c.values.every((v) => v.includes(`:${context.accountId}:alarm:`)));
            return alarms ? [] : [{ resource: policy.address, message: `statement ${s.sid ?? '(no Sid)'} does not hold CloudWatch to this account's alarms` }];
          }),
      );
    });
  },
};
