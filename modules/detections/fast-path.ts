import { BucketIntent, comparedAs, IMMUTABLE_PREFIX_CHANGED, OBJECT_DELETE_EVENTS, OBJECT_WRITE_EVENTS, UNEXPECTED_WRITER, bucketDetectionId } from './bucket-intent';
import { LOG_BUCKET_TAMPERING_EVENTS } from './audit-trail-tampering';
import { Severity } from './detection';

/**
 * The fast path: an EventBridge rule per critical detection, on the CloudTrail events EventBridge
 * receives on the default bus, notifying the same topics with a message that names who did what
 * where. It skips CloudTrail's delivery to CloudWatch Logs ("an average of about 5 minutes") and the
 * alarm's evaluation, but EventBridge takes CloudTrail events "best effort" and never those of
 * read-only calls ("Events from AWS services", Amazon EventBridge User Guide): the metric-filter
 * alarms stay the path that promises to see every event.
 *
 * Each rule mirrors a detection's filter pattern in EventBridge's event-pattern language
 * ("Amazon EventBridge event patterns"), as data; the construct (modules/fast-path.ts) builds the
 * rules and targets from it, and the emulator tier puts the detection's fixtures on a bus to prove
 * each pattern and message. Detections whose events come with every deploy of this stack
 * (trail-log-group-filter-changes, alarm-definition-changes) have no fast path: a message per
 * event would page for each of the stack's sixty-odd metric filters and alarms.
 */

/** An EventBridge event pattern. */
export type EventPattern = { readonly [field: string]: EventPatternValue };
type EventPatternValue = readonly unknown[] | EventPattern | readonly EventPattern[];

/** What a rule's message names besides who, what, from where and when: a label and the event's JSON path. */
export interface MessageField {
  readonly label: string;
  readonly path: string;
}

export interface FastPathRule {
  /** The detection it mirrors; per-bucket rules carry the per-bucket detection id. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly eventPattern: EventPattern;
  readonly fields: readonly MessageField[];
  /**
   * Calls the detection's alarm counts that the rule leaves out, and why.
   * @default none: the rule matches what the detection's filter matches, among the events EventBridge receives
   */
  readonly leavesOut?: { readonly eventNames: readonly string[]; readonly why: string };
}

export interface FastPathScope {
  /** Buckets whose object events the trail records, or `'all'`. */
  readonly watchedBuckets: 'all' | readonly string[];
  readonly logGroupName: string;
  /** The trail key's ARN; a Terraform reference at synth time. */
  readonly kmsKeyArn: string;
  /**
   * Every other way a request may name the trail key: its id, its alias name and the alias ARN.
   * @default none: the key is matched by the ARN CloudTrail records in `resources`
   */
  readonly kmsKeyNames?: readonly string[];
  /** The trail's log bucket and access-log bucket. */
  readonly logBucketNames: readonly string[];
  readonly bucketIntents: readonly BucketIntent[];
}

/** Every CloudTrail event EventBridge delivers: an AWS source (PutEvents refuses `aws.` sources to callers), this detail type. */
function apiCall(detail: EventPattern): EventPattern {
  return { source: [{ prefix: 'aws.' }], 'detail-type': ['AWS API Call via CloudTrail'], detail };
}

const SUCCEEDED = { errorCode: [{ exists: false }] };
const BUCKET = { label: 'bucket', path: '$.detail.requestParameters.bucketName' };
const KEY = { label: 'key', path: '$.detail.requestParameters.key' };
const LOG_GROUP = { label: 'log group', path: '$.detail.requestParameters.logGroupName' };

/** The calls that end a trail's recording or change what it records (trail-tampering's harmful half). */
const TRAIL_TAMPERING_EVENTS = ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'];
const SSE_C_WRITE_EVENTS = ['PutObject', 'CopyObject', 'CreateMultipartUpload', 'UploadPart', 'UploadPartCopy', 'CompleteMultipartUpload'];
const SINGLE_KEY_CHANGE_EVENTS = [...OBJECT_WRITE_EVENTS, 'DeleteObject', 'PutObjectAcl'];
const OBJECT_CHANGE_EVENTS = [...OBJECT_WRITE_EVENTS, ...OBJECT_DELETE_EVENTS, 'PutObjectAcl'];

/** The fast-path rules of an environment, catalog rules first, then its buckets' in the order they are listed. */
export function fastPathRules(scope: FastPathScope): FastPathRule[] {
  const rules: FastPathRule[] = [
    {
      id: 'trail-tampering',
      title: 'CloudTrail logging stopped, deleted or reconfigured',
      severity: 'critical',
      eventPattern: apiCall({ eventSource: ['cloudtrail.amazonaws.com'], eventName: TRAIL_TAMPERING_EVENTS }),
      fields: [{ label: 'trail', path: '$.detail.requestParameters.name' }],
      leavesOut: {
        eventNames: ['CreateTrail', 'StartLogging'],
        why: 'a trail created or logging started records more, not less; the alarm, which keeps the CIS list, still reports them',
      },
    },
    {
      id: 'log-bucket-tampering',
      title: "The trail's log bucket policy, access or retention changed",
      severity: 'critical',
      eventPattern: apiCall({ eventSource: ['s3.amazonaws.com'], eventName: LOG_BUCKET_TAMPERING_EVENTS, requestParameters: { bucketName: [...scope.logBucketNames] } }),
      fields: [BUCKET],
    },
    {
      id: 's3-public-access-block-changes',
      title: 'S3 public access block changed or removed',
      severity: 'critical',
      eventPattern: apiCall({
        eventSource: ['s3.amazonaws.com'],
        eventName: ['PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock', 'PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock'],
      }),
      fields: [BUCKET],
    },
    {
      id: 'trail-log-group-tampering',
      title: "The trail's log group retention changed or the group deleted",
      severity: 'critical',
      eventPattern: apiCall({
        eventSource: ['logs.amazonaws.com'],
        eventName: ['PutRetentionPolicy', 'DeleteRetentionPolicy', 'DisassociateKmsKey', 'DeleteLogGroup'],
        requestParameters: { logGroupName: [scope.logGroupName] },
      }),
      fields: [LOG_GROUP],
    },
    {
      id: 'trail-log-stream-deleted',
      title: "A log stream deleted from the trail's log group",
      severity: 'critical',
      eventPattern: apiCall({ eventSource: ['logs.amazonaws.com'], eventName: ['DeleteLogStream'], requestParameters: { logGroupName: [scope.logGroupName] } }),
      fields: [LOG_GROUP, { label: 'stream', path: '$.detail.requestParameters.logStreamName' }],
    },
    {
      id: 'alarm-tampering',
      title: 'Metric filters deleted, alarms deleted or alarm actions disabled',
      severity: 'critical',
      eventPattern: apiCall({
        $or: [
          { eventSource: ['logs.amazonaws.com'], eventName: ['DeleteMetricFilter'], requestParameters: { logGroupName: [scope.logGroupName] } },
          { eventSource: ['monitoring.amazonaws.com'], eventName: ['DeleteAlarms', 'DisableAlarmActions'] },
        ],
      }),
      fields: [LOG_GROUP, { label: 'filter', path: '$.detail.requestParameters.filterName' }],
    },
    {
      id: 'trail-key-tampering',
      title: "The trail's KMS key disabled, scheduled for deletion or its policy replaced",
      severity: 'critical',
      // CloudTrail names the key by its ARN in `resources` whatever the request said; EventBridge matches a field
      // of the objects of an array ("Arrays in Amazon EventBridge event patterns"). The request's own keyId is
      // matched too, by any name the key has, so the rule holds wherever array matching is not implemented.
      eventPattern: apiCall({
        eventSource: ['kms.amazonaws.com'],
        eventName: ['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy'],
        $or: [{ resources: { ARN: [scope.kmsKeyArn] } }, { requestParameters: { keyId: [scope.kmsKeyArn, ...(scope.kmsKeyNames ?? [])] } }],
      }),
      fields: [{ label: 'key', path: '$.detail.requestParameters.keyId' }],
    },
    {
      id: 'kms-imported-key-material-deleted',
      title: 'Imported key material deleted from a KMS key, or imported to expire',
      severity: 'critical',
      eventPattern: apiCall({
        eventSource: ['kms.amazonaws.com'],
        $or: [{ eventName: ['DeleteImportedKeyMaterial'] }, { eventName: ['ImportKeyMaterial'], requestParameters: { expirationModel: ['KEY_MATERIAL_EXPIRES'] } }],
      }),
      fields: [{ label: 'key', path: '$.detail.requestParameters.keyId' }],
    },
    {
      id: 'cis-root-account-usage',
      title: 'Root user activity',
      severity: 'critical',
      eventPattern: apiCall({ userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] }, eventType: [{ 'anything-but': 'AwsServiceEvent' }] }),
      fields: [],
    },
    {
      id: 's3-sse-c-writes',
      title: 'S3 object written with a customer-provided key (SSE-C) in a watched bucket',
      severity: 'critical',
      eventPattern: apiCall({
        eventSource: ['s3.amazonaws.com'],
        eventName: SSE_C_WRITE_EVENTS,
        ...SUCCEEDED,
        ...(scope.watchedBuckets === 'all' ? {} : { requestParameters: { bucketName: [...scope.watchedBuckets] } }),
        $or: [
          { additionalEventData: { SSEApplied: ['SSE_C'] } },
          { requestParameters: { 'x-amz-server-side-encryption-customer-algorithm': [{ exists: true }] } },
        ],
      }),
      fields: [BUCKET, KEY],
    },
  ];
  for (const intent of scope.bucketIntents) {
    if (intent.immutablePrefixes.length > 0) rules.push(immutablePrefixRule(intent));
    const writers = intent.expectedWriters.length > 0 ? unexpectedWriterRule(intent) : undefined;
    if (writers) rules.push(writers);
  }
  return rules;
}

function immutablePrefixRule(intent: BucketIntent): FastPathRule {
  return {
    id: bucketDetectionId(IMMUTABLE_PREFIX_CHANGED, intent.name),
    title: `Object under an immutable prefix changed in ${intent.name}`,
    severity: 'critical',
    eventPattern: apiCall({
      eventSource: ['s3.amazonaws.com'],
      ...SUCCEEDED,
      requestParameters: { bucketName: [intent.name] },
      $or: [
        { eventName: SINGLE_KEY_CHANGE_EVENTS, requestParameters: { key: intent.immutablePrefixes.map((prefix) => ({ prefix })) } },
        // CloudTrail records no keys for DeleteObjects: any of them may have been under a prefix.
        { eventName: ['DeleteObjects'] },
      ],
    }),
    fields: [BUCKET, KEY],
  };
}

/**
 * A bucket's unexpected writers, where an event pattern can say "none of these": every expected
 * writer a role ARN (compared, as the metric filter does, with the session issuer), either all
 * exact ARNs (anything-but a list) or a single `*` pattern (anything-but a prefix). A caller with
 * no session issuer (a user, root, an AWS service) is unexpected, as it is for the filter. Other
 * mixes have no fast path; the metric-filter alarm still covers them.
 */
export function unexpectedWriterRule(intent: BucketIntent): FastPathRule | undefined {
  const writers = intent.expectedWriters;
  if (!writers.every((writer) => comparedAs(writer).issuer && !comparedAs(writer).principal)) return undefined;
  const wildcards = writers.filter((writer) => writer.endsWith('*'));
  let notExpected: unknown;
  if (wildcards.length === 0) notExpected = { 'anything-but': [...writers] };
  else if (writers.length === 1) notExpected = { 'anything-but': { prefix: writers[0].slice(0, -1) } };
  else return undefined;
  const issuer = (condition: unknown) => ({ userIdentity: { sessionContext: { sessionIssuer: { arn: [condition] } } } });
  return {
    id: bucketDetectionId(UNEXPECTED_WRITER, intent.name),
    title: `Unexpected principal changed objects in ${intent.name}`,
    severity: 'high',
    eventPattern: apiCall({
      eventSource: ['s3.amazonaws.com'],
      eventName: OBJECT_CHANGE_EVENTS,
      ...SUCCEEDED,
      requestParameters: { bucketName: [intent.name] },
      $or: [issuer({ exists: false }), issuer(notExpected)],
    }),
    fields: [BUCKET, KEY, { label: 'role', path: '$.detail.userIdentity.sessionContext.sessionIssuer.arn' }],
  };
}
