import { Construct } from 'constructs';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { accountRootArn, alarmArnPattern, AwsLocation } from './arns';
import { ResolvedDetection } from './detections';
import { awsPrincipal, condition, servicePrincipal } from './policy';

export interface AuditAlarmsProps {
  readonly location: AwsLocation;
  /** `<prefix>-<env>`: alarm names are `<alarmNamePrefix>-<detection id>`. */
  readonly alarmNamePrefix: string;
  /** Log group the metric filters read. */
  readonly logGroupName: string;
  /** Key that encrypts the topic; its policy must let CloudWatch use it. */
  readonly kmsKeyArn: string;
  /**
   * Addresses subscribed to the topic. Each must confirm the subscription email.
   * @default none
   */
  readonly emailAddresses?: readonly string[];
  /**
   * Detections to alarm on; more can be added with `addDetection`.
   * @default none
   */
  readonly detections?: readonly ResolvedDetection[];
}

/** Metric filters and alarms for each detection, all notifying one encrypted SNS topic. */
export class AuditAlarms extends Construct {
  public readonly topic: SnsTopic;
  public readonly topicArn: string;
  public readonly alarms: CloudwatchMetricAlarm[] = [];
  private readonly props: AuditAlarmsProps;

  constructor(scope: Construct, id: string, props: AuditAlarmsProps) {
    super(scope, id);
    this.props = props;
    const at = props.location;

    this.topic = new SnsTopic(this, 'Resource', {
      name: `${props.alarmNamePrefix}-audit-alarms`,
      displayName: `S3 audit alarms (${props.alarmNamePrefix})`,
      kmsMasterKeyId: props.kmsKeyArn,
    });
    this.topicArn = this.topic.arn;

    const topicPolicy = new DataAwsIamPolicyDocument(this, 'TopicPolicyDocument', {
      statement: [
        {
          sid: 'AllowAccountToManageTheTopic',
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
          sid: 'AllowThisStacksAlarmsToPublish',
          principals: servicePrincipal('cloudwatch.amazonaws.com'),
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          condition: [
            condition('ArnLike', 'aws:SourceArn', alarmArnPattern(at, `${props.alarmNamePrefix}-`)),
            condition('StringEquals', 'aws:SourceAccount', at.accountId),
          ],
        },
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          condition: [condition('Bool', 'aws:SecureTransport', 'false')],
        },
      ],
    });
    new SnsTopicPolicy(this, 'TopicPolicy', { arn: this.topic.arn, policy: topicPolicy.json });

    (props.emailAddresses ?? []).forEach((address, index) => {
      new SnsTopicSubscription(this, `EmailSubscription${index}`, {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: address,
      });
    });

    (props.detections ?? []).forEach((detection) => this.addDetection(detection));
  }

  /** Adds a metric filter on the log group and an alarm on its metric that notifies the topic. */
  public addDetection(detection: ResolvedDetection): CloudwatchMetricAlarm {
    const scope = new Construct(this, detection.id);
    // One namespace per stack, so two environments in one account never add up each other's events.
    const namespace = `${detection.namespace}/${this.props.alarmNamePrefix}`;
    const filter = new CloudwatchLogMetricFilter(scope, 'MetricFilter', {
      name: `${this.props.alarmNamePrefix}-${detection.id}`,
      logGroupName: this.props.logGroupName,
      pattern: detection.filterPattern,
      metricTransformation: { name: detection.metricName, namespace, value: '1', unit: 'Count' },
    });
    const alarm = new CloudwatchMetricAlarm(scope, 'Alarm', {
      alarmName: `${this.props.alarmNamePrefix}-${detection.id}`,
      alarmDescription: `[${detection.severity}] ${detection.title}. ${detection.description} Runbook: docs/detections.md#${detection.id}`,
      namespace,
      metricName: detection.metricName,
      statistic: detection.alarm.statistic,
      period: detection.alarm.periodSeconds,
      evaluationPeriods: detection.alarm.evaluationPeriods,
      threshold: detection.alarm.threshold,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: detection.alarm.treatMissingData,
      alarmActions: [this.topic.arn],
      // The alarm reads a metric the filter creates only when it first matches.
      dependsOn: [filter],
    });
    this.alarms.push(alarm);
    return alarm;
  }
}
