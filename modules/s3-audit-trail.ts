import { Construct } from 'constructs';
import { AwsLocation } from './arns';
import { AlarmChatChannel, AlarmChatSettings } from './alarm-chat-channel';
import { AlarmPagingProps, AuditAlarms } from './alarms';
import { LogBucketLifecycle, ObjectLockSettings } from './audit-log-bucket';
import { trailArn } from './arns';
import { AuditDashboard, ChangeAgentMetrics } from './audit-dashboard';
import { AuditTrail, ReadWriteType, WatchedBuckets } from './audit-trail';
import { UnusualVolumeSettings } from './bucket-volume-alarms';
import { BucketIntent, bucketIntentDetections, detectionTemplateOf } from './detections/bucket-intent';
import { CisText, Detection, DETECTION_CATALOG, DetectionOverride } from './detections';
import { environmentDetections } from './detections/environment-detections';
import { FastPathRule, fastPathRules } from './detections/fast-path';
import { FAST_PATH_FAILED_ANCHOR } from './alarm-description';
import { FastPath, FastPathProps, WATCHED_BUCKET } from './fast-path';
import { runbookSections } from './detections/runbooks';
import { RunbookDashboard } from './runbook-dashboard';
import { variantOf } from './detections/change-agents';
import { DetectionMetric } from './detection-metric';
import { LogDeliveryRole } from './log-delivery-role';
import { ReplicationDestination } from './log-replication';
import { addLogStorage } from './log-storage';
import { hclQuoted, isPlanTime, planTime, PlanTime } from './plan-time';
import { PlanTimeDetections } from './plan-time-detections';
import { S3_AUDIT_TRAIL_DEFAULTS } from './s3-audit-trail-defaults';
import { TrailKey } from './trail-key';
import { TrailLogGroup, trailLogGroupName } from './trail-log-group';

export interface S3AuditTrailProps {
  readonly location: AwsLocation;
  /** Name of the trail; also names the log group, key alias and delivery role. */
  readonly trailName: string;
  readonly logBucketName: string;
  /** `<prefix>-<env>`: prefixes alarm, topic and metric filter names. */
  readonly alarmNamePrefix: string;
  /**
   * Days the log group keeps events.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * When log files move to cheaper storage and when they are deleted.
   * @default transition after 90 days, expire after 2557 days (7 years)
   */
  readonly logBucketLifecycle?: LogBucketLifecycle;
  /**
   * Buckets whose object-level events are recorded, or `'all'` (every bucket but the log bucket).
   * @default 'all'
   */
  readonly watchedBuckets?: WatchedBuckets | PlanTime;
  /**
   * Object-level events to record.
   * @default 'WriteOnly'
   */
  readonly dataEventReadWriteType?: ReadWriteType | PlanTime;
  /**
   * Management events to record.
   * @default 'All'
   */
  readonly managementEventReadWriteType?: ReadWriteType | PlanTime;
  /**
   * Addresses the alarm topic emails.
   * @default none
   */
  readonly alarmEmails?: readonly string[] | PlanTime;
  /**
   * Per-detection enable and threshold overrides, by detection id.
   * @default none (every catalog detection with its defaults)
   */
  readonly detectionOverrides?: Readonly<Record<string, DetectionOverride | undefined>> | PlanTime;
  /**
   * Detections to build from.
   * @default DETECTION_CATALOG
   */
  readonly detections?: readonly Detection[];
  /**
   * Alarm when the trail delivers no events for this many minutes; 0 for no such alarm.
   * @default 60
   */
  readonly silenceAlarmAfterMinutes?: number | PlanTime;
  /**
   * Where the runbooks are: each alarm's description links `<runbookBaseUrl>#<detection id>`.
   * @default the runbooks shipped into the account, a CloudWatch dashboard `<alarmNamePrefix>-runbooks`
   */
  readonly runbookBaseUrl?: string | PlanTime;
  /**
   * Encrypt log files under an S3 Bucket Key, which cuts the KMS requests S3 makes for them (the
   * key policy then lets CloudTrail decrypt, as it needs to).
   * @default true
   */
  readonly useS3BucketKey?: boolean;
  /**
   * Name of a bucket of its own that receives the log bucket's S3 server access logs: the only
   * record of who read or deleted audit log files, which the trail leaves out of data events.
   * @default none (the log bucket's own access is recorded nowhere)
   */
  readonly accessLogBucketName?: string;
  /**
   * S3 Object Lock default retention on the log bucket.
   * @default none
   */
  readonly objectLock?: ObjectLockSettings | PlanTime;
  /**
   * Copy every log file to a bucket in another region or account.
   * @default none
   */
  readonly replication?: ReplicationDestination | PlanTime;
  /**
   * What watched buckets declare about their objects: expected writers and immutable prefixes,
   * each list making one detection for its bucket. Buckets must also be in `watchedBuckets`. For
   * the exported module, a plan-time map (`var.bucket_intents`: bucket name to
   * `{ expected_writers, immutable_prefixes }`), which needs plan-time watched buckets.
   * @default none
   */
  readonly bucketIntents?: readonly BucketIntent[] | PlanTime;
  /**
   * Anomaly-detection alarms on each named watched bucket's delete and write volume, or `false`
   * for none. Only named buckets get them: with `watchedBuckets: 'all'` there is none to name.
   * For the exported module, a plan-time object (`var.unusual_volume`: `{ band_width,
   * period_seconds, evaluation_periods, enabled }`), which needs plan-time watched buckets.
   * @default UNUSUAL_VOLUME_DEFAULTS (band 3 standard deviations, 300-second periods, 2 periods)
   */
  readonly unusualVolume?: UnusualVolumeSettings | false | PlanTime;
  /**
   * Refuse any plan that would destroy the log bucket, access-log bucket, key or log group.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * A second topic for the paged severities; their alarms notify it as well as the main topic.
   * @default none
   */
  readonly paging?: AlarmPagingProps;
  /**
   * An AWS Chatbot channel in Slack or Microsoft Teams, on the main or the paging topic.
   * @default none
   */
  readonly chatChannel?: AlarmChatSettings;
  /**
   * Principal ARN patterns that deploy this environment's infrastructure. Configuration-change
   * detections keep their alarm as a record (main topic only) and gain an `<id>.unknown-principal`
   * alarm, high severity, for everyone else's changes (modules/detections/change-agents.ts). Not
   * for the exported module, whose detections are plan-time.
   * @default none: every configuration change alarms as its detection's severity says
   */
  readonly expectedChangeAgents?: readonly string[];
  /**
   * The text of the CIS detections: the one Security Hub's CloudWatch controls check, or CIS v6.0.0's.
   * @default 'security-hub'
   */
  readonly cisText?: CisText;
  /**
   * The fast path: an EventBridge rule per critical detection, notifying the same topics within
   * seconds of the CloudTrail event reaching EventBridge (modules/fast-path.ts). A plan-time switch
   * for the exported module (`var.fast_path`), whose rules are the catalog's, not its buckets'.
   * @default false
   */
  readonly fastPath?: boolean | PlanTime;
  /**
   * Make the trail an organization trail. `location` is where this stack is applied: the
   * management account, or a CloudTrail delegated administrator; the management account owns the
   * trail either way, so its ARN names that account. For the exported module, a plan-time
   * expression that is null or `{ id, management_account_id }` (null: the caller's account).
   * @default none: a trail of `location.accountId` alone
   */
  readonly organization?: OrganizationTrailSettings | PlanTime;
  /**
   * The log bucket and its key are in a log-archive account, in a stack of their own
   * (LogArchiveStack): no bucket is created here, and this stack's key encrypts only the log group
   * and the alarm topics.
   * @default none: the log bucket, its access-log bucket and the key are created here
   */
  readonly logArchive?: { readonly bucketName: string; readonly kmsKeyArn: string };
  /**
   * A log group an existing trail (AWS Control Tower's) delivers management events to: the
   * management-event detections read it, and this trail records S3 data events only. For the
   * exported module, a plan-time expression that is the name or null.
   * @default none: this trail records management events, and every detection reads its log group
   */
  readonly existingTrailLogGroupName?: string | PlanTime;
}

/** An organization trail: the organization, and the management account that owns the trail. */
export interface OrganizationTrailSettings {
  readonly id: string;
  readonly managementAccountId: string;
}

/** What the constructs need of an organization trail, concrete or as Terraform expressions. */
interface OrganizationTrail {
  readonly id: string | PlanTime;
  readonly ownerAccountId: string;
  readonly isOrganizationTrail: boolean | PlanTime;
}

/** For the module: the organization's id, or null while `organization` (null or `{ id, ... }`) is null. */
export function planTimeOrganizationId(organization: PlanTime): PlanTime {
  return planTime(`try(${organization.planTimeExpression}.id, null)`);
}

/**
 * The organization trail, if any. For the module (`var.organization`, null or
 * `{ id, management_account_id }`), every value is an expression that also holds when it is null:
 * the id null, the owner the caller's account, so that one set of resources serves both.
 */
function organizationTrailOf(organization: OrganizationTrailSettings | PlanTime | undefined, accountId: string): OrganizationTrail | undefined {
  if (!organization) return undefined;
  if (!isPlanTime(organization)) return { id: organization.id, ownerAccountId: organization.managementAccountId, isOrganizationTrail: true };
  const value = organization.planTimeExpression;
  return {
    id: planTimeOrganizationId(organization),
    ownerAccountId: `\${coalesce(try(${value}.management_account_id, null), ${hclQuoted(accountId)})}`,
    isOrganizationTrail: planTime(`${value} != null`),
  };
}

/** The whole audit trail: key, log bucket, log group, delivery role, trail, alarms. */
export class S3AuditTrail extends Construct {
  public readonly trailArn: string;
  public readonly logBucketName: string;
  /** Set when the log bucket's server access logs have a bucket of their own. */
  public readonly accessLogBucketName?: string;
  public readonly logGroupName: string;
  public readonly alarmTopicArn: string;
  public readonly kmsKeyArn: string;
  public readonly alarms: AuditAlarms;
  /** The environment's CloudWatch dashboard; none in the exported module. */
  public readonly dashboard?: AuditDashboard;
  /** Set when `paging` is. */
  public readonly pagingTopicArn?: string;
  /** Set when `chatChannel` is. */
  public readonly chatChannel?: AlarmChatChannel;
  /** Set when `fastPath` is. */
  public readonly fastPath?: FastPath;

  constructor(scope: Construct, id: string, userProps: S3AuditTrailProps) {
    super(scope, id);
    const props = withDefaults(userProps);
    const location = props.location;
    const logGroupName = trailLogGroupName(props.trailName);
    const organization = organizationTrailOf(props.organization, location.accountId);
    // The management account owns an organization trail, whoever creates it (CloudTrail User Guide,
    // "Organization delegated administrator"): every policy names the trail by that ARN.
    const owner = organization?.ownerAccountId ?? location.accountId;
    const deliveringTrail = { trailArn: trailArn({ ...location, accountId: owner }, props.trailName), ownerAccountId: owner };
    const existingTrail = props.existingTrailLogGroupName;

    // With a log archive, its stack holds the bucket and the key that encrypts the log files; this
    // stack's own key then serves the log group and the alarm topics only.
    const storage = props.logArchive
      ? undefined
      : addLogStorage(this, {
          location,
          trailName: props.trailName,
          logBucketName: props.logBucketName,
          accessLogBucketName: props.accessLogBucketName,
          lifecycle: props.logBucketLifecycle,
          useS3BucketKey: props.useS3BucketKey,
          objectLock: props.objectLock,
          replication: props.replication,
          preventDestroy: props.preventDestroy,
          deliveringTrail: organization ? deliveringTrail : undefined,
          organizationId: organization?.id,
          logGroupName,
          alarmTopics: true,
          eventBridgePublishesToTopics: props.fastPath,
        });
    const key =
      storage?.key ??
      new TrailKey(this, 'Key', { location, trailName: props.trailName, logFilesOf: false, logGroupName, preventDestroy: props.preventDestroy, eventBridgePublishesToTopics: props.fastPath });
    const logBucketName = props.logArchive?.bucketName ?? props.logBucketName;
    // The log buckets' own changes are tampering (log-bucket-tampering), wherever the buckets are.
    const logBucketNames = [logBucketName, ...(props.accessLogBucketName ? [props.accessLogBucketName] : [])];
    const logGroup = new TrailLogGroup(this, 'LogGroup', {
      trailName: props.trailName,
      retentionInDays: props.logRetentionDays,
      kmsKeyArn: key.keyArn,
      preventDestroy: props.preventDestroy,
    });
    const role = new LogDeliveryRole(this, 'DeliveryRole', {
      location,
      roleName: `${props.trailName}-to-logs`,
      trailName: props.trailName,
      logGroupArn: logGroup.logGroupArn,
      organizationId: organization?.id,
    });
    const trail = new AuditTrail(this, 'Trail', {
      trailName: props.trailName,
      partition: location.partition,
      logBucketName,
      kmsKeyArn: props.logArchive?.kmsKeyArn ?? key.keyArn,
      logGroupArn: logGroup.logGroupArn,
      cloudWatchLogsRoleArn: role.roleArn,
      watchedBuckets: props.watchedBuckets,
      dataEventReadWriteType: props.dataEventReadWriteType,
      managementEventReadWriteType: props.managementEventReadWriteType,
      isOrganizationTrail: organization?.isOrganizationTrail ?? false,
      recordsManagementEvents: isPlanTime(existingTrail) ? planTime(`${existingTrail.planTimeExpression} == null`) : existingTrail === undefined,
      dependsOn: [...(storage ? [storage.bucket.policy] : []), role.policy, key.key],
    });
    // Unless the runbooks are served elsewhere, the stack ships them into the account.
    const runbooks = props.runbookBaseUrl === undefined || isPlanTime(props.runbookBaseUrl)
      ? new RunbookDashboard(this, 'Runbooks', { location, dashboardName: `${props.alarmNamePrefix}-runbooks`, sections: runbookSections(props.detections) })
      : undefined;
    this.alarms = new AuditAlarms(this, 'Alarms', {
      location,
      alarmNamePrefix: props.alarmNamePrefix,
      logGroupName: logGroup.logGroupName,
      linkedLogGroupName: logGroupName,
      kmsKeyArn: key.keyArn,
      emailAddresses: props.alarmEmails,
      silenceAlarmAfterMinutes: props.silenceAlarmAfterMinutes,
      runbookBaseUrl: props.runbookBaseUrl,
      runbookDashboardUrl: runbooks?.url,
      paging: props.paging,
      existingTrailLogGroupName: existingTrail,
      eventRulesPublish: props.fastPath,
    });
    this.pagingTopicArn = this.alarms.pagingTopic?.topicArn;
    if (props.chatChannel) {
      const { alarms: which = 'all', ...chat } = props.chatChannel;
      const topicArn = which === 'paged' ? this.pagingTopicArn : this.alarms.topicArn;
      if (!topicArn) throw new Error('chatChannel.alarms: "paged" needs paging, which makes the paging topic');
      this.chatChannel = new AlarmChatChannel(this, 'ChatChannel', { ...chat, configurationName: `${props.alarmNamePrefix}-audit-alarms`, topicArns: [topicArn] });
    }
    const { detectionOverrides, watchedBuckets, bucketIntents = [], unusualVolume } = props;
    if (isPlanTime(detectionOverrides) || isPlanTime(watchedBuckets)) {
      if (!isPlanTime(detectionOverrides) || !isPlanTime(watchedBuckets)) {
        throw new Error('detectionOverrides and watchedBuckets are both known at plan time, or neither');
      }
      if ((props.expectedChangeAgents ?? []).length > 0 || (props.cisText ?? 'security-hub') !== 'security-hub') {
        throw new Error('expectedChangeAgents and cisText apply to detections known at synth; the exported module has neither');
      }
      const planned = new PlanTimeDetections(this, 'Detections', {
        // Intents known now are detections like the catalog's; the module's are built by Terraform.
        catalog: isPlanTime(bucketIntents) ? props.detections : [...props.detections, ...bucketIntentDetections(bucketIntents)],
        bucketIntents: isPlanTime(bucketIntents) ? bucketIntents : undefined,
        overrides: detectionOverrides,
        watchedBuckets,
        logGroupName,
        kmsKeyArn: key.keyArn,
        logBucketNames,
      });
      this.alarms.addDetectionsForEach(planned.detections);
      if (unusualVolume !== false) this.alarms.addBucketVolumeAlarms(watchedBuckets, unusualVolume);
      if (props.fastPath) {
        const rulesFor = (buckets: 'all' | readonly string[]) =>
          fastPathRules({ watchedBuckets: buckets, logGroupName, kmsKeyArn: key.keyArn, kmsKeyNames: key.names, logBucketNames, bucketIntents: [] });
        this.fastPath = this.addFastPath(location, props.alarmNamePrefix, logGroupName, rulesFor([WATCHED_BUCKET]), {
          on: isPlanTime(props.fastPath) ? props.fastPath : planTime('true'),
          overrides: detectionOverrides,
          watchedBuckets,
          rulesForAllBuckets: rulesFor('all'),
        });
      }
    } else {
      if (isPlanTime(bucketIntents) || isPlanTime(unusualVolume)) throw new Error('bucketIntents and unusualVolume known at plan time need watchedBuckets and detectionOverrides at plan time too');
      const detections = environmentDetections({
        catalog: props.detections,
        bucketIntents,
        overrides: detectionOverrides,
        scope: { watchedBuckets, logGroupName, kmsKeyArn: key.keyArn, logBucketNames, cisText: props.cisText },
        changeAgents: { agents: props.expectedChangeAgents ?? [] },
      });
      // Beside an existing trail, management-event detections (and their unknown-principal
      // variants) read its log group, and only the S3 data-event ones read this trail's.
      if (isPlanTime(existingTrail)) throw new Error('an existing trail log group known at plan time needs detectionOverrides and watchedBuckets at plan time too');
      const dataEventIds = new Set([...props.detections.filter((d) => d.group === 's3-data-plane'), ...bucketIntentDetections(bucketIntents)].map((d) => d.id));
      const readsDataEvents = (id: string) => dataEventIds.has(variantOf(id) ?? id);
      detections.forEach((detection) =>
        this.alarms.addDetection(detection, existingTrail && !readsDataEvents(detection.id) ? { logGroupName: existingTrail } : undefined),
      );
      if (watchedBuckets !== 'all' && unusualVolume !== false) this.alarms.addBucketVolumeAlarms(watchedBuckets, unusualVolume);
      if (isPlanTime(props.fastPath)) throw new Error('fastPath known at plan time needs watchedBuckets and detectionOverrides at plan time too');
      if (props.fastPath) {
        const enabled = new Set(detections.map((detection) => detection.id));
        const rules = fastPathRules({ watchedBuckets, logGroupName, kmsKeyArn: key.keyArn, kmsKeyNames: key.names, logBucketNames, bucketIntents });
        // A detection switched off in detectionOverrides has no fast path either.
        this.fastPath = this.addFastPath(location, props.alarmNamePrefix, logGroupName, rules.filter((rule) => enabled.has(rule.id)));
      }
      // The exported module has no dashboard: its alarms are for_each resources over a plan-time
      // map, so the body would have to be laid out a second time, in Terraform's own language.
      this.dashboard = new AuditDashboard(this, 'Dashboard', {
        dashboardName: `${props.alarmNamePrefix}-s3-audit-trail`,
        region: location.region,
        title: `S3 audit trail ${props.alarmNamePrefix}`,
        alarms: this.alarms.alarms.map((alarm) => ({ arn: alarm.arn })),
        detectionMetrics: this.alarms.detectionMetrics,
        logGroupName,
        watchedBuckets: watchedBuckets === 'all' ? [] : watchedBuckets,
        bucketVolumeMetrics: this.alarms.bucketVolumeMetrics,
        changeAgentMetrics: changeAgentMetrics(this.alarms.detectionMetrics),
      });
    }

    this.trailArn = trail.trailArn;
    this.logBucketName = storage?.bucket.bucketName ?? logBucketName;
    this.accessLogBucketName = storage?.accessLogs?.bucketName;
    this.logGroupName = logGroup.logGroupName;
    this.alarmTopicArn = this.alarms.topicArn;
    this.kmsKeyArn = key.keyArn;
  }

  /** The fast path's rules, targets and failure alarms (modules/fast-path.ts), routed as the alarms are. */
  private addFastPath(location: AwsLocation, ruleNamePrefix: string, logGroupName: string, rules: FastPathRule[], planned?: FastPathProps['planTime']): FastPath {
    const alarms = this.alarms;
    const fastPath = new FastPath(this, 'FastPath', {
      location,
      ruleNamePrefix,
      rules,
      logGroupName,
      runbookUrl: (detectionId) => alarms.runbook(detectionTemplateOf(detectionId)),
      topicsFor: (severity) => alarms.topicsFor(severity),
      failureRunbookUrl: alarms.runbook(FAST_PATH_FAILED_ANCHOR),
      planTime: planned,
    });
    alarms.alarms.push(...fastPath.failureAlarms);
    return fastPath;
  }
}

/** Each configuration-change detection's metric paired with its unknown-principal variant's: the dashboard shows the difference. */
function changeAgentMetrics(metrics: readonly DetectionMetric[]): ChangeAgentMetrics[] {
  return metrics.flatMap((unknown) => {
    const detection = variantOf(unknown.id);
    const all = detection === undefined ? undefined : metrics.find((metric) => metric.id === detection);
    return all ? [{ id: all.id, all, unknown }] : [];
  });
}

function withDefaults(props: S3AuditTrailProps) {
  const defined = Object.fromEntries(Object.entries(props).filter(([, value]) => value !== undefined));
  return {
    ...S3_AUDIT_TRAIL_DEFAULTS,
    detections: DETECTION_CATALOG,
    detectionOverrides: {},
    ...(defined as S3AuditTrailProps),
  };
}
