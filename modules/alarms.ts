import { Construct } from 'constructs';
import { TerraformIterator, Token } from 'cdktf';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { accountRootArn, alarmArnPattern, AwsLocation } from './arns';
import { ResolvedDetection } from './detections';
import { MAX_FILTER_PATTERN_LENGTH } from './detections/limits';
import { awsPrincipal, condition, servicePrincipal } from './policy';
import { interpolated, isPlanTime, PlanTime } from './plan-time';
import { S3_AUDIT_TRAIL_DEFAULTS } from './s3-audit-trail-defaults';

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
  readonly emailAddresses?: readonly string[] | PlanTime;
  /**
   * Detections to alarm on; more can be added with `addDetection`.
   * @default none
   */
  readonly detections?: readonly ResolvedDetection[];
  /**
   * Alarm when the log group receives no events for this many minutes: the trail stopped
   * delivering, and every detection above has gone blind. 0 turns the alarm off. A plan-time
   * number for the exported module, whose variable validation keeps it within 5 to 1440.
   * @default 60
   */
  readonly silenceAlarmAfterMinutes?: number | PlanTime;
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
          // Follows "Example cases for Amazon SNS access control" (SNS Developer Guide).
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
          // Follows the AWS Knowledge Center's statement for CloudWatch alarms ("Why didn't I receive an SNS
          // notification for my CloudWatch alarm trigger?"), with its aws:SourceArn form and aws:SourceAccount.
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
          // Follows "Amazon SNS security best practices: Enforce encryption of data in transit" (SNS Developer Guide).
          sid: 'DenyInsecureTransportToTheTopic',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          condition: [condition('Bool', 'aws:SecureTransport', 'false')],
        },
      ],
    });
    new SnsTopicPolicy(this, 'TopicPolicy', { arn: this.topic.arn, policy: topicPolicy.json });

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

    (props.detections ?? []).forEach((detection) => this.addDetection(detection));
    const silenceMinutes = props.silenceAlarmAfterMinutes ?? S3_AUDIT_TRAIL_DEFAULTS.silenceAlarmAfterMinutes;
    if (isPlanTime(silenceMinutes) || silenceMinutes > 0) this.addDeliveryHeartbeat(silenceMinutes);
  }

  /**
   * An alarm on the log group's own incoming-events metric. Metric filters cannot report their
   * own silence: a stopped trail, a broken delivery role or an unusable key only shows as no data.
   */
  private addDeliveryHeartbeat(minutes: number | PlanTime): CloudwatchMetricAlarm {
    // CloudWatch evaluates an alarm over at most one day, in whole minutes here.
    if (!isPlanTime(minutes) && (!Number.isInteger(minutes) || minutes > 1440)) {
      throw new Error(`silenceAlarmAfterMinutes: ${minutes} is not accepted; expected a whole number of minutes from 1 to 1440, or 0 for no alarm`);
    }
    const shown = isPlanTime(minutes) ? interpolated(minutes) : String(minutes);
    const period = isPlanTime(minutes) ? Token.asNumber(`\${${minutes.planTimeExpression} * 60}`) : minutes * 60;
    const alarm = new CloudwatchMetricAlarm(this, 'DeliveryHeartbeat', {
      alarmName: `${this.props.alarmNamePrefix}-trail-delivery-stopped`,
      alarmDescription:
        `[critical] The trail delivered no events to ${this.props.logGroupName} for ${shown} minutes: every ` +
        'detection is blind. Check the trail status (IsLogging, LatestCloudWatchLogsDeliveryError), the ' +
        'delivery role and the KMS key. Runbook: README.md#when-the-trail-goes-silent',
      namespace: 'AWS/Logs',
      metricName: 'IncomingLogEvents',
      dimensions: { LogGroupName: this.props.logGroupName },
      statistic: 'Sum',
      period,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      // No datapoint at all is exactly the failure this alarm exists for.
      treatMissingData: 'breaching',
      alarmActions: [this.topic.arn],
      okActions: [this.topic.arn],
    });
    this.alarms.push(alarm);
    return alarm;
  }

  /**
   * For the exported module: one metric filter and one alarm per entry of a plan-time map of
   * resolved detections (`{ <id> = { pattern, metric_name, namespace, title, severity,
   * description, statistic, period_seconds, evaluation_periods, threshold, treat_missing_data } }`),
   * with `for_each`, so the module's callers switch and tune detections by variable.
   */
  public addDetectionsForEach(detections: PlanTime): void {
    const scope = new Construct(this, 'Detections');
    const detection = TerraformIterator.fromMap(Token.asAnyMap(interpolated(detections)));
    const value = (key: string) => detection.getString(key);
    const number = (key: string) => detection.getNumber(key);
    const name = `${this.props.alarmNamePrefix}-${detection.key}`;
    const namespace = `${value('namespace')}/${this.props.alarmNamePrefix}`;
    const filter = new CloudwatchLogMetricFilter(scope, 'MetricFilter', {
      forEach: detection,
      name,
      logGroupName: this.props.logGroupName,
      pattern: value('pattern'),
      metricTransformation: { name: value('metric_name'), namespace, value: '1', unit: 'Count' },
      lifecycle: {
        precondition: [
          {
            condition: `\${length(each.value.pattern) <= ${MAX_FILTER_PATTERN_LENGTH}}`,
            errorMessage: `watched_buckets: the filter pattern of this detection is longer than the ${MAX_FILTER_PATTERN_LENGTH} characters CloudWatch Logs accepts. Watch fewer buckets, or all`,
          },
        ],
      },
    });
    new CloudwatchMetricAlarm(scope, 'Alarm', {
      forEach: detection,
      alarmName: name,
      alarmDescription: `[${value('severity')}] ${value('title')}. ${value('description')} Runbook: docs/detections.md#${detection.key}`,
      namespace,
      metricName: value('metric_name'),
      statistic: value('statistic'),
      period: number('period_seconds'),
      evaluationPeriods: number('evaluation_periods'),
      threshold: number('threshold'),
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: value('treat_missing_data'),
      alarmActions: [this.topic.arn],
      dependsOn: [filter],
      lifecycle: {
        precondition: [
          {
            condition: '${each.value.period_seconds * each.value.evaluation_periods <= (each.value.period_seconds < 3600 ? 86400 : 604800)}',
            errorMessage: 'detections: period_seconds x evaluation_periods spans more than CloudWatch evaluates: at most one day with a period under an hour, seven days otherwise',
          },
        ],
      },
    });
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
