/**
 * Step 3: a real deletion in a watched bucket travels the whole way: CloudTrail records the data
 * event, delivers it to the log group, and the deletions metric filter counts it.
 */
import { type CloudWatchClient, GetMetricDataCommand, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Clock, formatDuration, waitFor } from './bounded-wait';
import { deleteAllVersions } from './bucket-cleanup';
import { describeError, fail, pass, StepResult } from './step-result';
import type { DeletionMetric, TestBucket } from './smoke-target';
import { createTemporaryBucket, removeTemporaryBucket } from './temporary-bucket';

export const DELETION_STEP = 'deletion detected';
export const TEST_KEY_PREFIX = 's3-audit-trail-smoke/';
const LOG_POLL_INTERVAL_MS = 30_000;
/** The metric follows the log event within a minute or two: no CloudTrail latency in this wait. */
export const METRIC_WAIT_MS = 5 * 60_000;
const METRIC_POLL_INTERVAL_MS = 30_000;
/** How far before the deletion to search: CloudTrail stamps events with their own time, and clocks drift. */
const SEARCH_MARGIN_MS = 15 * 60_000;
const MAX_PAGES_PER_SEARCH = 50;

/** `s3-audit-trail-smoke/20260101T101500Z-1a2b3c4d`: says what wrote it, and when. */
export function testObjectKey(now: number, randomHex: string): string {
  const basicIso = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `${TEST_KEY_PREFIX}${basicIso}-${randomHex}`;
}

/** A CloudWatch Logs filter pattern for the DeleteObject data event of exactly this object. */
export function deleteEventPattern(bucket: string, key: string): string {
  return (
    '{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "DeleteObject") && ' +
    `($.requestParameters.bucketName = "${bucket}") && ($.requestParameters.key = "${key}") }`
  );
}

/** Whether a log event is the CloudTrail record of this object's deletion. */
export function isDeleteEventFor(message: string | undefined, bucket: string, key: string): boolean {
  if (!message) return false;
  try {
    const record = JSON.parse(message) as { eventName?: unknown; requestParameters?: { bucketName?: unknown; key?: unknown } };
    return record.eventName === 'DeleteObject' && record.requestParameters?.bucketName === bucket && record.requestParameters?.key === key;
  } catch {
    return false;
  }
}

/** The sum of every datapoint GetMetricData returned. */
export function metricTotal(results: readonly MetricDataResult[] | undefined): number {
  return (results ?? []).flatMap((result) => result.Values ?? []).reduce((sum, value) => sum + value, 0);
}

export interface DeletionCheck {
  readonly s3: Pick<S3Client, 'send'>;
  readonly logs: Pick<CloudWatchLogsClient, 'send'>;
  readonly cloudWatch: Pick<CloudWatchClient, 'send'>;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  readonly testBucket: TestBucket;
  /** Used only for a temporary bucket. */
  readonly temporaryBucketName: string;
  readonly region: string;
  readonly key: string;
  readonly logGroupName: string;
  /** Undefined when the environment disables the deletions detection. */
  readonly metric?: DeletionMetric;
  /** Bound of the wait for the event to reach the log group. */
  readonly timeoutMs: number;
}

export async function proveDeletionDetected(check: DeletionCheck): Promise<StepResult> {
  const bucket = check.testBucket.kind === 'existing' ? check.testBucket.name : check.temporaryBucketName;
  const objectUrl = `s3://${bucket}/${check.key}`;
  const notes: string[] = [];
  if (check.testBucket.kind === 'temporary') {
    await createTemporaryBucket(check.s3, bucket, check.region);
    check.log(`  created temporary bucket ${bucket}`);
  }
  let deletedAt: number;
  try {
    await check.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: check.key, Body: 'Written by npm run smoke:aws (s3-audit-trail); deleted at once.\n', ContentType: 'text/plain' }),
    );
    await check.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: check.key }));
    deletedAt = check.clock.now();
    check.log(`  wrote and deleted ${objectUrl}`);
    if (check.testBucket.kind === 'existing') {
      // In a versioned bucket the delete leaves the old version and a delete marker behind.
      try {
        await deleteAllVersions(check.s3, bucket, check.key);
      } catch (error) {
        notes.push(`could not remove the test object's versions (${describeError(error)}): delete ${objectUrl} yourself`);
      }
    }
  } finally {
    if (check.testBucket.kind === 'temporary') {
      try {
        await removeTemporaryBucket(check.s3, bucket);
        check.log(`  removed temporary bucket ${bucket}`);
      } catch (error) {
        const warning = `could not remove temporary bucket ${bucket} (${describeError(error)}): delete it yourself`;
        check.log(`  WARNING: ${warning}`);
        notes.push(warning);
      }
    }
  }
  const withNotes = (detail: string) => (notes.length > 0 ? `${detail}. Note: ${notes.join('; ')}` : detail);

  const searchFrom = deletedAt - SEARCH_MARGIN_MS;
  const event = await waitFor({
    what: `the DeleteObject event of ${objectUrl} in ${check.logGroupName}`,
    timeoutMs: check.timeoutMs,
    intervalMs: LOG_POLL_INTERVAL_MS,
    clock: check.clock,
    log: check.log,
    poll: () => findDeleteEvent(check, bucket, searchFrom),
  });
  if (!event.done) {
    return fail(
      DELETION_STEP,
      withNotes(
        `timed out after ${formatDuration(event.elapsedMs)}: no DeleteObject event for ${objectUrl} reached ${check.logGroupName}. ` +
          "CloudTrail delivers in about 5 minutes, at most 15: check that the trail's data event selectors cover the bucket, " +
          'or wait longer with --timeout-minutes',
      ),
    );
  }
  const reached = `DeleteObject of ${objectUrl} reached ${check.logGroupName} after ${formatDuration(event.elapsedMs)}`;
  if (!check.metric) {
    return pass(DELETION_STEP, withNotes(`${reached}; no metric checked: the environment disables the s3-object-deletions detection`));
  }
  const { namespace, metricName } = check.metric;
  const counted = await waitFor({
    what: `${metricName} in ${namespace} to count it`,
    timeoutMs: METRIC_WAIT_MS,
    intervalMs: METRIC_POLL_INTERVAL_MS,
    clock: check.clock,
    log: check.log,
    poll: () => deletionsCounted(check, check.metric!, searchFrom),
  });
  if (!counted.done) {
    return fail(
      DELETION_STEP,
      withNotes(
        `${reached}, but ${metricName} in ${namespace} stayed at 0 for ${formatDuration(counted.elapsedMs)}: ` +
          'the s3-object-deletions metric filter does not match the event; compare its pattern with the event in the log group',
      ),
    );
  }
  return pass(
    DELETION_STEP,
    withNotes(`${reached}; ${metricName} in ${namespace} is ${counted.value} since ${new Date(searchFrom).toISOString()}`),
  );
}

/** The matching event's message, or undefined when none has arrived yet. */
async function findDeleteEvent(check: DeletionCheck, bucket: string, startTime: number): Promise<string | undefined> {
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES_PER_SEARCH; page++) {
    const response = await check.logs.send(
      new FilterLogEventsCommand({
        logGroupName: check.logGroupName,
        filterPattern: deleteEventPattern(bucket, check.key),
        startTime,
        nextToken,
      }),
    );
    const found = (response.events ?? []).find((event) => isDeleteEventFor(event.message, bucket, check.key));
    if (found) return found.message;
    nextToken = response.nextToken;
    if (!nextToken) return undefined;
  }
  return undefined;
}

/** The metric's sum since `startTime`, or undefined while it is still 0. */
async function deletionsCounted(check: DeletionCheck, metric: DeletionMetric, startTime: number): Promise<number | undefined> {
  const response = await check.cloudWatch.send(
    new GetMetricDataCommand({
      MetricDataQueries: [
        {
          Id: 'deletions',
          MetricStat: { Metric: { Namespace: metric.namespace, MetricName: metric.metricName }, Period: 60, Stat: 'Sum' },
          ReturnData: true,
        },
      ],
      StartTime: new Date(startTime),
      EndTime: new Date(check.clock.now() + 60_000),
    }),
  );
  const total = metricTotal(response.MetricDataResults);
  return total >= 1 ? total : undefined;
}
