import { ANY_OCCURRENCE, CIS_NAMESPACE, Detection, PROJECT_NAMESPACE } from './detection';
import { allOf, anyEventName, fromService, inBuckets } from './pattern-parts';

/**
 * The bucket settings that guard the log files: who may read and write them (policy, ACLs, public
 * access block, ownership), how long they live (lifecycle, versioning, Object Lock), and where
 * copies go (logging, replication).
 */
export const LOG_BUCKET_TAMPERING_EVENTS = [
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'PutBucketAcl',
  'PutBucketPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  'PutBucketOwnershipControls',
  'DeleteBucketOwnershipControls',
  'PutBucketLifecycle',
  'DeleteBucketLifecycle',
  'PutBucketVersioning',
  'PutObjectLockConfiguration',
  'PutBucketLogging',
  'PutBucketReplication',
  'DeleteBucketReplication',
];

/** Changes to the audit trail itself and to what watches it. */

export const AUDIT_TRAIL_TAMPERING_DETECTIONS: readonly Detection[] = [
  {
    id: 'trail-tampering',
    title: 'CloudTrail logging stopped, deleted or reconfigured',
    severity: 'critical',
    group: 'audit-trail-tampering',
    description:
      'StopLogging, DeleteTrail, UpdateTrail or PutEventSelectors on any trail, and the rest of the CIS ' +
      'trail-change list (CreateTrail, StartLogging). Deploying this stack raises it too.',
    runbook:
      'Turning off or narrowing a trail is the first step of a careful attacker and a common accident. ' +
      'Find the call (eventSource cloudtrail.amazonaws.com), check userIdentity.arn and requestParameters.name. ' +
      'If it is not a deploy of this stack: run terraform apply for the environment to restore the trail, ' +
      'then treat the principal as compromised and review its other calls since.',
    filterPattern: allOf(
      fromService('cloudtrail.amazonaws.com'),
      anyEventName('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'CreateTrail', 'StartLogging'),
    ),
    metricName: 'TrailTampering',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'log-bucket-tampering',
    title: "The trail's log bucket policy, access or retention changed",
    severity: 'critical',
    group: 'audit-trail-tampering',
    description:
      "A bucket policy, ACL, public access block, ownership, lifecycle, versioning, Object Lock, logging or replication " +
      "change on the trail's log bucket or its access-log bucket, whoever makes it (expected change agents included). " +
      'Deploying a change to these buckets raises it too.',
    runbook:
      'Loosening the log bucket is how evidence is read, replaced or made to expire. Read requestParameters ' +
      '(bucketName and the new configuration) and the caller. If it is not a reviewed deploy of this stack, re-apply ' +
      'the stack to restore the settings, check the bucket for log files deleted or overwritten since (versions and ' +
      'delete markers), and treat the principal as compromised.',
    filterPattern: (scope) => allOf(fromService('s3.amazonaws.com'), anyEventName(...LOG_BUCKET_TAMPERING_EVENTS), inBuckets(scope.logBucketNames)),
    metricName: 'LogBucketTampering',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'trail-log-group-tampering',
    title: "The trail's log group retention changed or the group deleted",
    severity: 'critical',
    group: 'audit-trail-tampering',
    description:
      "PutRetentionPolicy, DeleteRetentionPolicy, DisassociateKmsKey or DeleteLogGroup on this trail's log group.",
    runbook:
      'Shorter retention erases evidence; a deleted group takes its metric filters with it, so this alarm ' +
      'cannot see its own group deleted (the event still reaches the log bucket). Re-apply the stack to restore ' +
      'retention and encryption; the log files in the bucket are the full record.',
    filterPattern: (scope) =>
      allOf(
        fromService('logs.amazonaws.com'),
        anyEventName('PutRetentionPolicy', 'DeleteRetentionPolicy', 'DisassociateKmsKey', 'DeleteLogGroup'),
        `($.requestParameters.logGroupName = "${scope.logGroupName}")`,
      ),
    metricName: 'TrailLogGroupTampering',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'alarm-tampering',
    title: 'Metric filters deleted, alarms deleted or alarm actions disabled',
    severity: 'critical',
    group: 'audit-trail-tampering',
    description:
      "DeleteMetricFilter on this trail's log group, or DeleteAlarms or DisableAlarmActions on any alarm.",
    runbook:
      'Silencing the alarms comes before the act they would report. Read requestParameters (filterName or ' +
      'alarmNames) and the caller. Re-apply the stack to restore filters, alarms and actions, then review ' +
      'everything the trail recorded since the change.',
    filterPattern: (scope) =>
      `{ (${fromService('logs.amazonaws.com')} && ($.eventName = "DeleteMetricFilter") && ($.requestParameters.logGroupName = "${scope.logGroupName}")) || ` +
      `(${fromService('monitoring.amazonaws.com')} && ${anyEventName('DeleteAlarms', 'DisableAlarmActions')}) }`,
    metricName: 'AlarmTampering',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'trail-key-tampering',
    title: "The trail's KMS key disabled, scheduled for deletion or its policy replaced",
    severity: 'critical',
    group: 'audit-trail-tampering',
    description: "DisableKey, ScheduleKeyDeletion or PutKeyPolicy on this trail's key: log delivery stops when the key is unusable.",
    runbook:
      'Without the key CloudTrail cannot write, and the existing log files cannot be read once it is deleted. ' +
      'Cancel a scheduled deletion at once (CancelKeyDeletion, then EnableKey); a replaced policy may lock ' +
      'CloudTrail or CloudWatch Logs out, so re-apply the stack to restore it.',
    filterPattern: (scope) =>
      allOf(
        fromService('kms.amazonaws.com'),
        anyEventName('DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy'),
        `($.resources[0].ARN = "${scope.kmsKeyArn}")`,
      ),
    metricName: 'TrailKeyTampering',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'trail-log-group-filter-changes',
    title: "Metric or subscription filters replaced on the trail's log group",
    severity: 'critical',
    group: 'audit-trail-tampering',
    description:
      "PutMetricFilter, PutSubscriptionFilter or DeleteSubscriptionFilter on this trail's log group. Deploying " +
      'this stack raises it too (it puts every metric filter).',
    runbook:
      'A metric filter put again under the same name with a pattern that never matches silences its alarm ' +
      'without deleting anything; a subscription filter copies every audit event elsewhere, or stops feeding ' +
      'the SIEM when deleted. Read requestParameters (filterName, filterPattern, destinationArn) and the ' +
      'caller. If it is not a deploy of this stack, re-apply the stack and remove subscriptions nobody owns.',
    filterPattern: (scope) =>
      allOf(
        fromService('logs.amazonaws.com'),
        anyEventName('PutMetricFilter', 'PutSubscriptionFilter', 'DeleteSubscriptionFilter'),
        `($.requestParameters.logGroupName = "${scope.logGroupName}")`,
      ),
    metricName: 'TrailLogGroupFilterChanges',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'trail-log-stream-deleted',
    title: "A log stream deleted from the trail's log group",
    severity: 'critical',
    group: 'audit-trail-tampering',
    description: "DeleteLogStream on this trail's log group: the events in that stream are gone from CloudWatch Logs.",
    runbook:
      'CloudTrail writes to streams named <account>_CloudTrail_<region>; deleting one erases those events from ' +
      'the log group (the log files in the bucket still hold them). Read requestParameters.logStreamName and ' +
      'the caller, treat the principal as compromised, and search the log files for what the deleted events ' +
      'recorded.',
    filterPattern: (scope) =>
      allOf(
        fromService('logs.amazonaws.com'),
        anyEventName('DeleteLogStream'),
        `($.requestParameters.logGroupName = "${scope.logGroupName}")`,
      ),
    metricName: 'TrailLogStreamDeleted',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'alarm-definition-changes',
    title: "This project's alarms redefined",
    severity: 'critical',
    group: 'audit-trail-tampering',
    description:
      `PutMetricAlarm on an alarm over the project's detection metrics (namespaces ${PROJECT_NAMESPACE}/* and ` +
      `${CIS_NAMESPACE}/*). Deploying this stack raises it too.`,
    runbook:
      'An alarm put again with a threshold nothing reaches, or with no alarm actions, is as silent as a ' +
      'deleted one, and leaves no DeleteAlarms event to alarm on. Read requestParameters (alarmName, threshold, alarmActions) ' +
      'and the caller. If it is not a deploy of this stack, re-apply the stack and review what the trail ' +
      'recorded while the alarm was changed.',
    filterPattern: allOf(
      fromService('monitoring.amazonaws.com'),
      anyEventName('PutMetricAlarm'),
      `(($.requestParameters.namespace = "${PROJECT_NAMESPACE}/*") || ($.requestParameters.namespace = "${CIS_NAMESPACE}/*"))`,
    ),
    metricName: 'AlarmDefinitionChanges',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
];
