import { Construct } from 'constructs';
import { TerraformIterator, Token } from 'cdktf';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { DELIVERY_HEARTBEAT_ANCHOR, PROJECT_RUNBOOK_BASE_URL, runbookUrl } from './alarm-description';
import { DEFAULT_PAGED_SEVERITIES } from './alarm-paging-defaults';
import { AlarmTopic } from './alarm-topic';
import { AwsLocation } from './arns';
import { BucketVolumeAlarms, UnusualVolumeSettings } from './bucket-volume-alarms';
import { BucketVolumeMetric } from './bucket-volume-metric';
import { DetectionEvidence } from './detection-evidence';
import { detectionTemplateOf } from './detections/bucket-intent';
import { pages } from './detections/environment-detections';
import { DetectionMetric } from './detection-metric';
import { ResolvedDetection } from './detections';
import { insightsQuery } from './detections/insights-query';
import { Severity } from './detections/detection';
import { MAX_FILTER_PATTERN_LENGTH } from './detections/limits';
import { hclQuoted, interpolated, isPlanTime, planTime, PlanTime } from './plan-time';
import { S3_AUDIT_TRAIL_DEFAULTS } from './s3-audit-trail-defaults';

export interface AuditAlarmsProps {
  readonly location: AwsLocation;
  /** `<prefix>-<env>`: alarm names are `<alarmNamePrefix>-<detection id>`. */
  readonly alarmNamePrefix: string;
  /** Log group the metric filters read. */
  readonly logGroupName: string;
  /**
   * The log group's name as written, for the console links in alarm descriptions: with a Terraform
   * reference there, every description would be a Terraform expression.
   * @default logGroupName
   */
  readonly linkedLogGroupName?: string;
  /** Key that encrypts the topics; its policy must let CloudWatch use it. */
  readonly kmsKeyArn: string;
  /**
   * Addresses subscribed to the main topic. Each must confirm the subscription email.
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
  /**
   * Where the runbooks are: each alarm's description links `<runbookBaseUrl>#<detection id>`. For
   * the exported module, a plan-time string where "" means `runbookDashboardUrl`.
   * @default runbookDashboardUrl when given, else the example PROJECT_RUNBOOK_BASE_URL
   */
  readonly runbookBaseUrl?: string | PlanTime;
  /**
   * The runbooks shipped into the account (RunbookDashboard.url): what every alarm links when no
   * `runbookBaseUrl` is set. A dashboard has no anchors, so the link is the same for every alarm.
   * @default none
   */
  readonly runbookDashboardUrl?: string;
  /**
   * A second topic, for paging: alarms whose severity is in `paging.severities` notify it as
   * well as the main topic, so the main topic's subscribers still see every alarm.
   * @default no paging topic; every alarm notifies the main topic only
   */
  readonly paging?: AlarmPagingProps;
  /**
   * The log group of an existing trail that some detections read (AWS Control Tower's): it gets a
   * delivery alarm of its own, since its silence blinds those detections. For the exported
   * module, a plan-time expression that is the name or null; the management-event detections of
   * `addDetectionsForEach` then read it while it is set.
   * @default none
   */
  readonly existingTrailLogGroupName?: string | PlanTime;
  /**
   * Lets this stack's EventBridge rules (named `<alarmNamePrefix>-*`) publish to the topics: the fast
   * path. A plan-time switch for the exported module (`var.fast_path`).
   * @default false
   */
  readonly eventRulesPublish?: boolean | PlanTime;
}

/** Which alarms page, and whom. */
export interface AlarmPagingProps {
  /**
   * Severities whose alarms also notify the paging topic. The delivery heartbeat is `critical`.
   * @default ['critical', 'high']
   */
  readonly severities?: readonly Severity[];
  /**
   * Addresses subscribed to the paging topic (a pager's email integration, for example).
   * @default none: subscribe the pager to the topic outside this stack, or use a chat channel
   */
  readonly emailAddresses?: readonly string[] | PlanTime;
}

export { DEFAULT_PAGED_SEVERITIES };

/**
 * Metric filters and alarms for each detection, all notifying one encrypted SNS topic, and the
 * paged severities a second one.
 */
export class AuditAlarms extends Construct {
  public readonly topic: SnsTopic;
  public readonly topicArn: string;
  /** The paging topic, when `paging` is set. */
  public readonly pagingTopic?: AlarmTopic;
  public readonly alarms: CloudwatchMetricAlarm[] = [];
  /** Per-bucket volume metrics, once `addBucketVolumeAlarms` has made them. */
  public readonly bucketVolumeMetrics: BucketVolumeMetric[] = [];
  /** The metric of each detection added with `addDetection`. */
  public readonly detectionMetrics: DetectionMetric[] = [];
  private readonly props: AuditAlarmsProps;

  constructor(scope: Construct, id: string, props: AuditAlarmsProps) {
    super(scope, id);
    this.props = props;
    // Id `Default` leaves the topic's Terraform addresses as they were before it had its own
    // construct (cdktf drops `Default` from logical ids), so existing deployments keep the topic.
    const mainTopic = new AlarmTopic(this, 'Default', {
      location: props.location,
      topicName: `${props.alarmNamePrefix}-audit-alarms`,
      displayName: `S3 audit alarms (${props.alarmNamePrefix})`,
      alarmNamePrefix: props.alarmNamePrefix,
      kmsKeyArn: props.kmsKeyArn,
      emailAddresses: props.emailAddresses,
      eventRuleNamePrefix: props.eventRulesPublish ? `${props.alarmNamePrefix}-` : undefined,
      eventRulesPublishWhen: isPlanTime(props.eventRulesPublish) ? props.eventRulesPublish : undefined,
    });
    this.topic = mainTopic.topic;
    this.topicArn = mainTopic.topicArn;
    if (props.paging) {
      this.pagingTopic = new AlarmTopic(this, 'PagingTopic', {
        location: props.location,
        topicName: `${props.alarmNamePrefix}-audit-paging`,
        displayName: `S3 audit paging (${props.alarmNamePrefix})`,
        alarmNamePrefix: props.alarmNamePrefix,
        kmsKeyArn: props.kmsKeyArn,
        emailAddresses: props.paging.emailAddresses,
        sidQualifier: 'Paging',
        eventRuleNamePrefix: props.eventRulesPublish ? `${props.alarmNamePrefix}-` : undefined,
        eventRulesPublishWhen: isPlanTime(props.eventRulesPublish) ? props.eventRulesPublish : undefined,
      });
    }

    (props.detections ?? []).forEach((detection) => this.addDetection(detection));
    const silenceMinutes = props.silenceAlarmAfterMinutes ?? S3_AUDIT_TRAIL_DEFAULTS.silenceAlarmAfterMinutes;
    if (isPlanTime(silenceMinutes) || silenceMinutes > 0) {
      this.addDeliveryHeartbeat(silenceMinutes);
      const existing = props.existingTrailLogGroupName;
      const ofExisting = { id: 'ExistingTrailHeartbeat', name: 'existing-trail-delivery-stopped' };
      if (isPlanTime(existing)) {
        this.addDeliveryHeartbeat(silenceMinutes, { ...ofExisting, logGroupName: interpolated(existing), count: `\${${existing.planTimeExpression} == null ? 0 : 1}` });
      } else if (existing) {
        this.addDeliveryHeartbeat(silenceMinutes, { ...ofExisting, logGroupName: existing });
      }
    }
  }

  /** The topics a notification of this severity goes to, as every alarm here routes it: for the fast path's messages. */
  public topicsFor(severity: Severity): string[] {
    return this.actionsFor(severity);
  }

  /** The absolute runbook link of one alarm. */
  public runbook(anchor: string): string {
    const { runbookBaseUrl: base, runbookDashboardUrl: dashboard } = this.props;
    if (base === undefined) return dashboard ?? runbookUrl(PROJECT_RUNBOOK_BASE_URL, anchor);
    if (!isPlanTime(base)) return runbookUrl(base, anchor);
    if (dashboard === undefined) return runbookUrl(interpolated(base), anchor);
    return `\${${base.planTimeExpression} == "" ? ${hclQuoted(dashboard)} : ${hclQuoted(runbookUrl(interpolated(base), anchor))}}`;
  }

  /**
   * The topics an alarm of this severity notifies: the main topic always, the paging topic too
   * when the severity is paged. Every alarm this construct creates takes its actions from here.
   * A plan-time severity (the module's `for_each` detections) gives a conditional expression.
   */
  private actionsFor(severity: Severity | PlanTime, routing?: 'record'): string[] {
    const paging = this.pagingTopic;
    if (!paging) return [this.topicArn];
    const paged = this.props.paging?.severities ?? DEFAULT_PAGED_SEVERITIES;
    if (!isPlanTime(severity)) return pages({ severity, routing }, paged) ? [this.topicArn, paging.topicArn] : [this.topicArn];
    return Token.asList(
      `\${contains(${JSON.stringify(paged)}, ${severity.planTimeExpression}) ? [${this.topicArn}, ${paging.topicArn}] : [${this.topicArn}]}`,
    );
  }

  /**
   * An alarm on the log group's own incoming-events metric. Metric filters cannot report their
   * own silence: a stopped trail, a broken delivery role or an unusable key only shows as no data.
   */
  private addDeliveryHeartbeat(
    minutes: number | PlanTime,
    of: { readonly logGroupName: string; readonly id: string; readonly name: string; readonly count?: string } = {
      logGroupName: this.props.logGroupName,
      id: 'DeliveryHeartbeat',
      name: 'trail-delivery-stopped',
    },
  ): CloudwatchMetricAlarm {
    // CloudWatch evaluates an alarm over at most one day, in whole minutes here.
    if (!isPlanTime(minutes) && (!Number.isInteger(minutes) || minutes > 1440)) {
      throw new Error(`silenceAlarmAfterMinutes: ${minutes} is not accepted; expected a whole number of minutes from 1 to 1440, or 0 for no alarm`);
    }
    const shown = isPlanTime(minutes) ? interpolated(minutes) : String(minutes);
    const period = isPlanTime(minutes) ? Token.asNumber(`\${${minutes.planTimeExpression} * 60}`) : minutes * 60;
    const alarm = new CloudwatchMetricAlarm(this, of.id, {
      count: of.count === undefined ? undefined : Token.asNumber(of.count),
      alarmName: `${this.props.alarmNamePrefix}-${of.name}`,
      alarmDescription:
        `[critical] The trail delivered no events to ${of.logGroupName} for ${shown} minutes: every ` +
        'detection is blind. Check the trail status (IsLogging, LatestCloudWatchLogsDeliveryError), the ' +
        `delivery role and the KMS key. Runbook: ${this.runbook(DELIVERY_HEARTBEAT_ANCHOR)}`,
      namespace: 'AWS/Logs',
      metricName: 'IncomingLogEvents',
      dimensions: { LogGroupName: of.logGroupName },
      statistic: 'Sum',
      period,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'LessThanThreshold',
      // No datapoint at all is exactly the failure this alarm exists for.
      treatMissingData: 'breaching',
      alarmActions: this.actionsFor('critical'),
      okActions: this.actionsFor('critical'),
    });
    this.alarms.push(alarm);
    return alarm;
  }

  /**
   * For the exported module: one metric filter and one alarm per entry of a plan-time map of
   * resolved detections (`{ <id> = { pattern, metric_name, namespace, title, severity,
   * description, statistic, period_seconds, evaluation_periods, datapoints_to_alarm, threshold,
   * treat_missing_data } }`,
   * and for per-bucket entries `too_long_subject` and `too_long_advice` for the pattern-length
   * error), with `for_each`, so the module's callers switch and tune detections by variable.
   */
  public addDetectionsForEach(detections: PlanTime): void {
    const scope = new Construct(this, 'Detections');
    const detection = TerraformIterator.fromMap(Token.asAnyMap(interpolated(detections)));
    const value = (key: string) => detection.getString(key);
    const number = (key: string) => detection.getNumber(key);
    const name = `${this.props.alarmNamePrefix}-${detection.key}`;
    const namespace = `${value('namespace')}/${this.props.alarmNamePrefix}`;
    // Beside an existing trail, its log group is where the management events are.
    const existing = this.props.existingTrailLogGroupName;
    if (typeof existing === 'string') throw new Error('an existing trail log group known now takes addDetection, one detection at a time');
    const onExistingTrail = (own: string) =>
      isPlanTime(existing) ? `\${${existing.planTimeExpression} != null && try(each.value.management_events, false) ? ${existing.planTimeExpression} : ${hclQuoted(own)}}` : own;
    const logGroupName = onExistingTrail(this.props.logGroupName);
    const filter = new CloudwatchLogMetricFilter(scope, 'MetricFilter', {
      forEach: detection,
      name,
      logGroupName,
      pattern: value('pattern'),
      metricTransformation: { name: value('metric_name'), namespace, value: '1', unit: 'Count' },
      lifecycle: {
        precondition: [
          {
            condition: `\${length(each.value.pattern) <= ${MAX_FILTER_PATTERN_LENGTH}}`,
            // A per-bucket entry says which of its bucket's lists made the pattern (PlanTimeBucketIntents).
            errorMessage:
              `\${try(each.value.too_long_subject, "watched_buckets: the watched buckets")} make the filter pattern of \${each.key} ` +
              `\${length(each.value.pattern)} characters long; CloudWatch Logs accepts at most ${MAX_FILTER_PATTERN_LENGTH}. ` +
              '${try(each.value.too_long_advice, "Watch fewer buckets, or all")}.',
          },
        ],
      },
    });
    new CloudwatchMetricAlarm(scope, 'Alarm', {
      forEach: detection,
      alarmName: name,
      alarmDescription: new DetectionEvidence(scope, 'Evidence', {
        forEach: detection,
        location: this.props.location,
        logGroupName,
        linkedLogGroupName: onExistingTrail(this.props.linkedLogGroupName ?? this.props.logGroupName),
        savedQueryName: `${this.props.alarmNamePrefix}/${detection.key}`,
        query: value('insights_query'),
        encodedQuery: value('insights_query_console'),
        // Per-bucket ids, `<template id>.<bucket>`, share their template's section (detectionTemplateOf).
        runbookUrl: this.runbook('${split(".", each.key)[0]}'),
      }).alarmDescription({ severity: value('severity'), title: value('title'), description: value('description') }),
      namespace,
      metricName: value('metric_name'),
      statistic: value('statistic'),
      period: number('period_seconds'),
      evaluationPeriods: number('evaluation_periods'),
      datapointsToAlarm: number('datapoints_to_alarm'),
      threshold: number('threshold'),
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: value('treat_missing_data'),
      alarmActions: this.actionsFor(planTime('each.value.severity')),
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

  /**
   * Adds a metric filter on the log group and an alarm on its metric that notifies the topic.
   * `on.logGroupName` puts the filter on another log group of the account (an existing trail's).
   */
  public addDetection(detection: ResolvedDetection, on?: { readonly logGroupName: string }): CloudwatchMetricAlarm {
    const scope = new Construct(this, detection.id);
    const logGroupName = on?.logGroupName ?? this.props.logGroupName;
    const linkedLogGroupName = on?.logGroupName ?? this.props.linkedLogGroupName;
    // One namespace per stack, so two environments in one account never add up each other's events.
    const namespace = `${detection.namespace}/${this.props.alarmNamePrefix}`;
    const filter = new CloudwatchLogMetricFilter(scope, 'MetricFilter', {
      name: `${this.props.alarmNamePrefix}-${detection.id}`,
      logGroupName,
      pattern: detection.filterPattern,
      metricTransformation: { name: detection.metricName, namespace, value: '1', unit: 'Count' },
    });
    const evidence = new DetectionEvidence(scope, 'Evidence', {
      location: this.props.location,
      logGroupName,
      linkedLogGroupName,
      savedQueryName: `${this.props.alarmNamePrefix}/${detection.id}`,
      query: insightsQuery(detection.filterPattern),
      // Per-bucket detections share their template's runbook section.
      runbookUrl: this.runbook(detectionTemplateOf(detection.id)),
    });
    this.detectionMetrics.push({ id: detection.id, namespace, metricName: detection.metricName });
    const alarm = new CloudwatchMetricAlarm(scope, 'Alarm', {
      alarmName: `${this.props.alarmNamePrefix}-${detection.id}`,
      alarmDescription: evidence.alarmDescription(detection),
      namespace,
      metricName: detection.metricName,
      statistic: detection.alarm.statistic,
      period: detection.alarm.periodSeconds,
      evaluationPeriods: detection.alarm.evaluationPeriods,
      datapointsToAlarm: detection.alarm.datapointsToAlarm,
      threshold: detection.alarm.threshold,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: detection.alarm.treatMissingData,
      // A record alarm tells the main topic only: another alarm pages for what matters in it.
      alarmActions: this.actionsFor(detection.severity, detection.routing),
      // The alarm reads a metric the filter creates only when it first matches.
      dependsOn: [filter],
    });
    this.alarms.push(alarm);
    return alarm;
  }

  /**
   * Anomaly-detection alarms on each bucket's delete and write volume, notifying by severity like
   * every other alarm here.
   */
  public addBucketVolumeAlarms(buckets: readonly string[] | PlanTime, settings?: UnusualVolumeSettings | PlanTime): BucketVolumeAlarms {
    const volume = new BucketVolumeAlarms(this, 'BucketVolume', {
      location: this.props.location,
      linkedLogGroupName: this.props.linkedLogGroupName,
      runbookUrl: (templateId) => this.runbook(templateId),
      alarmNamePrefix: this.props.alarmNamePrefix,
      logGroupName: this.props.logGroupName,
      buckets,
      settings,
      alarmActions: (severity) => this.actionsFor(severity),
    });
    this.alarms.push(...volume.alarms);
    this.bucketVolumeMetrics.push(...volume.metrics);
    return volume;
  }
}
