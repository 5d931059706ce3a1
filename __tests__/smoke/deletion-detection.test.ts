/** Step 3 of smoke:aws: a test object's deletion must reach the log group and the deletions metric. */
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DeletionCheck,
  deleteEventPattern,
  isDeleteEventFor,
  metricTotal,
  proveDeletionDetected,
  testObjectKey,
} from '../../scripts/lib/smoke/deletion-detection';
import { fakeClock, OUTPUTS, START } from './fakes';

const BUCKET = 'acme-data';
const KEY = 's3-audit-trail-smoke/20260302T100000Z-1a2b3c4d';
const METRIC = { namespace: 'S3AuditTrail/acme-test', metricName: 'S3ObjectDeletions' };
const deleteRecord = (bucket = BUCKET, key = KEY, eventName = 'DeleteObject') =>
  JSON.stringify({ eventSource: 's3.amazonaws.com', eventName, requestParameters: { bucketName: bucket, key } });

describe('the test object and its event', () => {
  test('GIVEN a time and a random suffix WHEN the key is made THEN it says what wrote it and when, in basic ISO 8601', () => {
    expect(testObjectKey(Date.parse('2026-03-02T10:15:07.123Z'), '1a2b3c4d')).toBe('s3-audit-trail-smoke/20260302T101507Z-1a2b3c4d');
  });

  test('GIVEN the bucket and key WHEN the search pattern is made THEN it names the event, the bucket and the key', () => {
    expect(deleteEventPattern(BUCKET, KEY)).toBe(
      '{ ($.eventSource = "s3.amazonaws.com") && ($.eventName = "DeleteObject") && ' +
        `($.requestParameters.bucketName = "acme-data") && ($.requestParameters.key = "${KEY}") }`,
    );
  });

  test('GIVEN log event messages WHEN checked THEN only the DeleteObject record of this very object counts', () => {
    expect(isDeleteEventFor(deleteRecord(), BUCKET, KEY)).toBe(true);
    expect(isDeleteEventFor(deleteRecord('other-bucket'), BUCKET, KEY)).toBe(false);
    expect(isDeleteEventFor(deleteRecord(BUCKET, `${KEY}-other`), BUCKET, KEY)).toBe(false);
    expect(isDeleteEventFor(deleteRecord(BUCKET, KEY, 'PutObject'), BUCKET, KEY)).toBe(false);
    expect(isDeleteEventFor('not json', BUCKET, KEY)).toBe(false);
    expect(isDeleteEventFor(undefined, BUCKET, KEY)).toBe(false);
  });

  test('GIVEN metric results WHEN totalled THEN every datapoint of every result is summed', () => {
    expect(metricTotal([{ Values: [0, 1] }, { Values: [2] }, {}])).toBe(3);
    expect(metricTotal(undefined)).toBe(0);
  });
});

describe('proveDeletionDetected', () => {
  const s3 = mockClient(S3Client);
  const logs = mockClient(CloudWatchLogsClient);
  const cloudWatch = mockClient(CloudWatchClient);
  beforeEach(() => {
    s3.reset();
    logs.reset();
    cloudWatch.reset();
    s3.on(ListObjectVersionsCommand).resolves({ IsTruncated: false });
  });

  function check(overrides: Partial<DeletionCheck> = {}) {
    const clock = fakeClock();
    const lines: string[] = [];
    const run = proveDeletionDetected({
      s3: new S3Client({ region: 'eu-west-1' }),
      logs: new CloudWatchLogsClient({ region: 'eu-west-1' }),
      cloudWatch: new CloudWatchClient({ region: 'eu-west-1' }),
      clock,
      log: (line) => lines.push(line),
      testBucket: { kind: 'existing', name: BUCKET },
      temporaryBucketName: 'acme-test-smoke-99999999',
      region: 'eu-west-1',
      key: KEY,
      logGroupName: OUTPUTS.logGroupName,
      metric: METRIC,
      timeoutMs: 20 * 60_000,
      ...overrides,
    });
    return { run, clock, lines };
  }

  test('GIVEN the event arrives on the second search and the metric counts it WHEN proved THEN it passes with both as evidence', async () => {
    logs.on(FilterLogEventsCommand).resolvesOnce({ events: [] }).resolves({ events: [{ message: deleteRecord() }] });
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'deletions', Values: [1] }] });
    const { run } = check();
    const result = await run;

    expect(result.status).toBe('pass');
    expect(result.detail).toBe(
      `DeleteObject of s3://acme-data/${KEY} reached /aws/cloudtrail/acme-test-s3-audit after 30 s; ` +
        'S3ObjectDeletions in S3AuditTrail/acme-test is 1 since 2026-03-02T09:45:00.000Z',
    );
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({ Bucket: BUCKET, Key: KEY });
    expect(s3.commandCalls(DeleteObjectCommand)[0].args[0].input).toEqual({ Bucket: BUCKET, Key: KEY });
    const search = logs.commandCalls(FilterLogEventsCommand)[0].args[0].input;
    expect(search).toMatchObject({ logGroupName: OUTPUTS.logGroupName, filterPattern: deleteEventPattern(BUCKET, KEY), startTime: START - 15 * 60_000 });
    const query = cloudWatch.commandCalls(GetMetricDataCommand)[0].args[0].input.MetricDataQueries?.[0];
    expect(query?.MetricStat).toEqual({ Metric: { Namespace: 'S3AuditTrail/acme-test', MetricName: 'S3ObjectDeletions' }, Period: 60, Stat: 'Sum' });
  });

  test('GIVEN a search that pages WHEN the event is on the second page THEN it is found by following nextToken', async () => {
    logs.on(FilterLogEventsCommand).resolvesOnce({ events: [], nextToken: 'page-2' }).resolves({ events: [{ message: deleteRecord() }] });
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Values: [1] }] });
    const { run, clock } = check();
    expect((await run).status).toBe('pass');
    expect(logs.commandCalls(FilterLogEventsCommand)[1].args[0].input.nextToken).toBe('page-2');
    expect(clock.slept).toEqual([]);
  });

  test('GIVEN the event never arrives WHEN proved THEN the wait ends at --timeout-minutes and the failure says so', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [{ message: deleteRecord('someone-elses-bucket') }] });
    const { run, clock, lines } = check({ timeoutMs: 3 * 60_000 });
    const result = await run;
    expect(result.status).toBe('fail');
    expect(result.detail).toMatch(new RegExp(`^timed out after 3 min: no DeleteObject event for s3://acme-data/${KEY} reached /aws/cloudtrail/acme-test-s3-audit`));
    expect(clock.now() - START).toBe(3 * 60_000);
    expect(lines).toContain(`  waiting up to 3 min for the DeleteObject event of s3://acme-data/${KEY} in /aws/cloudtrail/acme-test-s3-audit (checking every 30 s)`);
    expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });

  test('GIVEN the event arrives but the metric stays 0 WHEN proved THEN it fails blaming the metric filter, after a bounded wait', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [{ message: deleteRecord() }] });
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'deletions', Values: [] }] });
    const { run, clock } = check();
    const result = await run;
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('but S3ObjectDeletions in S3AuditTrail/acme-test stayed at 0 for 5 min');
    expect(result.detail).toContain('metric filter does not match');
    expect(clock.now() - START).toBe(5 * 60_000);
  });

  test("GIVEN watchedBuckets 'all' WHEN proved THEN a temporary bucket is created in the region, used, emptied and removed before the wait", async () => {
    s3.on(ListObjectVersionsCommand).resolves({ IsTruncated: false, Versions: [] });
    logs.on(FilterLogEventsCommand).resolves({ events: [{ message: deleteRecord('acme-test-smoke-99999999') }] });
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Values: [1] }] });
    const { run, lines } = check({ testBucket: { kind: 'temporary' } });
    const result = await run;
    expect(result.status).toBe('pass');
    expect(s3.commandCalls(CreateBucketCommand)[0].args[0].input).toEqual({
      Bucket: 'acme-test-smoke-99999999',
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    });
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input.Bucket).toBe('acme-test-smoke-99999999');
    expect(s3.commandCalls(DeleteBucketCommand)[0].args[0].input).toEqual({ Bucket: 'acme-test-smoke-99999999' });
    expect(lines.indexOf('  removed temporary bucket acme-test-smoke-99999999')).toBeLessThan(lines.findIndex((line) => line.includes('waiting up to')));
  });

  test('GIVEN us-east-1 WHEN a temporary bucket is created THEN no location constraint is sent, as S3 requires', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [{ message: deleteRecord('acme-test-smoke-99999999') }] });
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Values: [1] }] });
    await check({ testBucket: { kind: 'temporary' }, region: 'us-east-1' }).run;
    expect(s3.commandCalls(CreateBucketCommand)[0].args[0].input).toEqual({ Bucket: 'acme-test-smoke-99999999' });
  });

  test('GIVEN the write is refused WHEN proved with a temporary bucket THEN the error propagates and the bucket is still removed', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('not authorized to perform: s3:PutObject'), { name: 'AccessDenied' }));
    await expect(check({ testBucket: { kind: 'temporary' } }).run).rejects.toThrow(/s3:PutObject/);
    expect(s3.commandCalls(DeleteBucketCommand)).toHaveLength(1);
  });

  test('GIVEN a versioned watched bucket WHEN proved THEN the old version and the delete marker of the test key are deleted too', async () => {
    s3.on(ListObjectVersionsCommand).resolves({
      IsTruncated: false,
      Versions: [{ Key: KEY, VersionId: 'v1' }],
      DeleteMarkers: [{ Key: KEY, VersionId: 'm1' }],
    });
    s3.on(DeleteObjectsCommand).resolves({});
    logs.on(FilterLogEventsCommand).resolves({ events: [{ message: deleteRecord() }] });
    cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Values: [2] }] });
    const result = await check().run;
    expect(result.status).toBe('pass');
    expect(s3.commandCalls(ListObjectVersionsCommand)[0].args[0].input).toMatchObject({ Bucket: BUCKET, Prefix: KEY });
    expect(s3.commandCalls(DeleteObjectsCommand)[0].args[0].input.Delete?.Objects).toEqual([
      { Key: KEY, VersionId: 'v1' },
      { Key: KEY, VersionId: 'm1' },
    ]);
  });

  test('GIVEN the environment disables the deletions detection WHEN proved THEN the event suffices and the detail says no metric was checked', async () => {
    logs.on(FilterLogEventsCommand).resolves({ events: [{ message: deleteRecord() }] });
    const result = await check({ metric: undefined }).run;
    expect(result.status).toBe('pass');
    expect(result.detail).toContain('no metric checked: the environment disables the s3-object-deletions detection');
    expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });
});
