import { Construct } from 'constructs';
import { TerraformIterator, Token } from 'cdktf';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { accountRootArn, alarmArnPattern, AwsLocation, eventRuleArnPattern } from './arns';
import { awsPrincipal, condition, policyWithSwitchedStatements, servicePrincipal } from './policy';
import { isPlanTime, PlanTime } from './plan-time';

export interface AlarmTopicProps {
  readonly location: AwsLocation;
  /** The topic's name. */
  readonly topicName: string;
  /**
   * Shown as the sender of the notification emails.
   * @default the topic name
   */
  readonly displayName?: string;
  /** `<prefix>-<env>`: only alarms named `<alarmNamePrefix>-*` of this account and region may publish. */
  readonly alarmNamePrefix: string;
  /** Key that encrypts the topic; its policy must let CloudWatch use it. */
  readonly kmsKeyArn: string;
  /**
   * Addresses subscribed to the topic. Each must confirm the subscription email. A plan-time
   * list for the exported module.
   * @default none
   */
  readonly emailAddresses?: readonly string[] | PlanTime;
  /**
   * Names the topic in its statements' Sids, which are unique across the project
   * (modules/policy-sources.ts): `Paging` gives `AllowAccountToManageThePagingTopic`, ...
   * @default none: the main topic's Sids (`AllowAccountToManageTheTopic`, ...)
   */
  readonly sidQualifier?: string;
  /**
   * Lets EventBridge rules named `<eventRuleNamePrefix>*` of this account and region publish: the
   * fast path (modules/fast-path.ts).
   * @default none: only this stack's alarms publish
   */
  readonly eventRuleNamePrefix?: string;
  /**
   * For the exported module: the plan-time switch (`var.fast_path`) under which the rules of
   * `eventRuleNamePrefix` may publish.
   * @default always, once `eventRuleNamePrefix` is set
   */
  readonly eventRulesPublishWhen?: PlanTime;
}

/**
 * An SNS topic that CloudWatch alarms notify: encrypted under the given key, publishable only by
 * this stack's alarms and only over TLS, with email subscriptions. Each topic of a stack (the
 * main one, the paging one) is one of these, so every topic gets the same documented policy.
 */
export class AlarmTopic extends Construct {
  public readonly topic: SnsTopic;
  public readonly topicArn: string;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const at = props.location;
    const theTopic = `The${props.sidQualifier ?? ''}Topic`;

    this.topic = new SnsTopic(this, 'Resource', {
      name: props.topicName,
      displayName: props.displayName ?? props.topicName,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    this.topicArn = this.topic.arn;

    const topicPolicy = policyWithSwitchedStatements(this, 'TopicPolicyDocument', [
        {
          // Follows "Example cases for Amazon SNS access control" (SNS Developer Guide).
          sid: `AllowAccountToManage${theTopic}`,
          principals: awsPrincipal(accountRootArn(at)),
          actions: [
            'sns:GetTopicAttributes',
            'sns:SetTopicAttributes',
            'sns:AddPermission',
            'sns:RemovePermission',
            'sns:DeleteTopic',
            'sns:Subscribe',
            'sns:ListSubscriptionsByTopic',
            'sns:Publish',
          ],
          resources: [this.topic.arn],
        },
        {
          // Follows the AWS Knowledge Center's statement for CloudWatch alarms ("Why didn't I receive an SNS
          // notification for my CloudWatch alarm trigger?") and the SNS Developer Guide's "Allow any CloudWatch
          // alarm to publish to a topic": ArnLike aws:SourceArn, which names this account and region. No
          // aws:SourceAccount: no AWS page says CloudWatch sends it when an alarm publishes, and a condition
          // on a key the request lacks would drop every notification.
          sid: props.sidQualifier ? `AllowThisStacksAlarmsToPublishTo${theTopic}` : 'AllowThisStacksAlarmsToPublish',
          principals: servicePrincipal('cloudwatch.amazonaws.com'),
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          condition: [condition('ArnLike', 'aws:SourceArn', alarmArnPattern(at, `${props.alarmNamePrefix}-`))],
        },
        {
          // Follows "Amazon SNS security best practices: Enforce encryption of data in transit" (SNS Developer Guide).
          sid: `DenyInsecureTransportTo${theTopic}`,
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          condition: [condition('Bool', 'aws:SecureTransport', 'false')],
        },
      ],
      {
        on: props.eventRuleNamePrefix === undefined ? false : props.eventRulesPublishWhen ?? true,
        id: 'TopicPolicyDocumentWithTheFastPath',
        statements: props.eventRuleNamePrefix === undefined
          ? []
          : [
              {
                // Last, so the statements every topic has keep their places.
                // Follows "Amazon SNS permissions" in "Using resource-based policies for Amazon EventBridge"
                // (events.amazonaws.com, sns:Publish on the topic), held to this stack's rules by aws:SourceArn
                // as "Cross-service confused deputy prevention in Amazon EventBridge" says: "For EventBridge
                // event bus rule targets, the value of aws:SourceArn must be the rule ARN". The account is in
                // that ARN, so no aws:SourceAccount. (The SNS section of the first page also says condition
                // blocks cannot be used; the two pages disagree, see docs/detections.md#fast-path-failed.)
                sid: props.sidQualifier ? `AllowThisStacksRulesToPublishTo${theTopic}` : 'AllowThisStacksRulesToPublish',
                principals: servicePrincipal('events.amazonaws.com'),
                actions: ['sns:Publish'],
                resources: [this.topic.arn],
                condition: [condition('ArnLike', 'aws:SourceArn', eventRuleArnPattern(at, props.eventRuleNamePrefix))],
              },
            ],
      },
    );
    new SnsTopicPolicy(this, 'TopicPolicy', { arn: this.topic.arn, policy: topicPolicy });

    const emails = props.emailAddresses ?? [];
    if (isPlanTime(emails)) {
      // A map keyed by address: cdktf renders a list iterator's toset() wrongly in HCL.
      const address = TerraformIterator.fromMap(Token.asAnyMap(`\${{ for address in ${emails.planTimeExpression} : address => address }}`));
      new SnsTopicSubscription(this, 'EmailSubscription', { forEach: address, topicArn: this.topic.arn, protocol: 'email', endpoint: address.value });
    } else {
      emails.forEach((address, index) => {
        new SnsTopicSubscription(this, `EmailSubscription${index}`, {
          topicArn: this.topic.arn,
          protocol: 'email',
          endpoint: address,
        });
      });
    }
  }
}
