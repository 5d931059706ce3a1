import { Construct } from 'constructs';
import { AccessLogBucket } from './access-log-bucket';
import { AwsLocation } from './arns';
import { AuditLogBucket, LogBucketLifecycle, ObjectLockSettings } from './audit-log-bucket';
import { LogReplication, ReplicationDestination } from './log-replication';
import { isPlanTime, planTime, PlanTime } from './plan-time';
import { LogFilesOf, TrailKey } from './trail-key';

export interface LogStorageProps {
  readonly location: AwsLocation;
  /** The trail whose log files are stored: names the key and the replication role. */
  readonly trailName: string;
  readonly logBucketName: string;
  /** A bucket for the log bucket's server access logs. @default none */
  readonly accessLogBucketName?: string;
  readonly lifecycle: LogBucketLifecycle;
  readonly useS3BucketKey: boolean;
  /** @default none */
  readonly objectLock?: ObjectLockSettings | PlanTime;
  /** @default none */
  readonly replication?: ReplicationDestination | PlanTime;
  readonly preventDestroy: boolean;
  /**
   * The trail that delivers here, when it is not the trail named `trailName` in this account and
   * region (a log archive; an organization trail).
   * @default the trail named `trailName` here
   */
  readonly deliveringTrail?: LogFilesOf;
  /** The organization whose organization trail delivers here (for the module, an id-or-null expression). @default none */
  readonly organizationId?: string | PlanTime;
  /** The trail's log group, when the same key encrypts it (the trail is in this account). @default none */
  readonly logGroupName?: string;
  /** Whether the same key encrypts the alarm topics (the trail is in this account). */
  readonly alarmTopics: boolean;
  /** Whether EventBridge publishes the fast path's messages to those topics (TrailKey). @default false */
  readonly eventBridgePublishesToTopics?: boolean | PlanTime;
}

/** What stores a trail's log files: the key, the log bucket and its access-log bucket. */
export interface LogStorage {
  readonly key: TrailKey;
  readonly bucket: AuditLogBucket;
  readonly accessLogs?: AccessLogBucket;
}

/**
 * The key, the log bucket, its access-log bucket and its replication, created in `scope` under the
 * ids they have always had there (`Key`, `LogBucket`, `AccessLogBucket`, `Replication`), so that
 * their Terraform addresses stay put whether the trail's stack holds them or a log-archive stack
 * does. A function rather than a construct of its own for that reason.
 */
export function addLogStorage(scope: Construct, props: LogStorageProps): LogStorage {
  const { location, preventDestroy } = props;
  const key = new TrailKey(scope, 'Key', {
    location,
    trailName: props.trailName,
    logFilesOf: props.deliveringTrail,
    logGroupName: props.logGroupName,
    alarmTopics: props.alarmTopics,
    eventBridgePublishesToTopics: props.eventBridgePublishesToTopics,
    logBucketUsesBucketKey: props.useS3BucketKey,
    preventDestroy,
  });
  const accessLogs = props.accessLogBucketName
    ? new AccessLogBucket(scope, 'AccessLogBucket', {
        location,
        bucketName: props.accessLogBucketName,
        sourceBucketName: props.logBucketName,
        expireAfterDays: props.lifecycle.expireAfterDays,
        preventDestroy,
      })
    : undefined;
  const bucket = new AuditLogBucket(scope, 'LogBucket', {
    location,
    bucketName: props.logBucketName,
    trailName: props.trailName,
    deliveringTrail: props.deliveringTrail,
    organizationId: props.organizationId,
    kmsKeyArn: key.keyArn,
    lifecycle: props.lifecycle,
    bucketKeyEnabled: props.useS3BucketKey,
    serverAccessLogs: accessLogs && { bucketName: accessLogs.bucketName, prefix: accessLogs.prefix, dependsOn: [accessLogs.policy] },
    objectLock: props.objectLock,
    preventDestroy,
  });
  if (props.replication) {
    new LogReplication(scope, 'Replication', {
      location,
      roleName: `${props.trailName}-replication`,
      sourceBucketName: bucket.bucketName,
      sourceBucketArn: bucket.bucket.arn,
      sourceVersioning: bucket.versioning,
      sourceKmsKeyArn: key.keyArn,
      destination: props.replication,
      sourceUsesObjectLock: isPlanTime(props.objectLock) ? planTime(`${props.objectLock.planTimeExpression} != null`) : props.objectLock !== undefined,
    });
  }
  return { key, bucket, accessLogs };
}
