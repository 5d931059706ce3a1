/**
 * CloudTrail records for trying replay out: the tests, the benchmark and the worked example in
 * docs/detections.md replay these. Built with the fixture builders, so every record has the
 * documented record format, in the fixture environment's account, region and buckets. Seeded, so
 * that the same call gives the same records.
 */
import { ACCOUNT_ID, REGION, TRAIL_KEY_ARN, UNWATCHED_BUCKET, WATCHED_BUCKETS } from '../../../__tests__/fixtures/cloudtrail/environment';
import type { CloudTrailRecord } from '../../../__tests__/fixtures/cloudtrail/fixture';
import { identities, managementEvent, s3ObjectEvent } from '../../../__tests__/fixtures/cloudtrail/records';

const [CUSTOMER_DATA, EXPORTS] = WATCHED_BUCKETS;

/** A deterministic generator of numbers in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A session of `role`, as CloudTrail records an assumed role's calls. */
export function roleSession(role: string, session: string): object {
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLE${role.toUpperCase().replace(/[^A-Z]/g, '')}:${session}`,
    arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${role}/${session}`,
    accountId: ACCOUNT_ID,
    accessKeyId: 'ASIAEXAMPLESESSION',
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: `AROAEXAMPLE${role.toUpperCase().replace(/[^A-Z]/g, '')}`, arn: `arn:aws:iam::${ACCOUNT_ID}:role/${role}`, accountId: ACCOUNT_ID, userName: role },
      attributes: { creationDate: '2026-11-20T00:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

export const at = (record: CloudTrailRecord, time: number): CloudTrailRecord => ({
  ...record,
  eventTime: new Date(time).toISOString().replace('.000Z', 'Z'),
});

type RecordMaker = (random: () => number) => CloudTrailRecord;

const objectKey = (random: () => number, prefix: string) => `${prefix}/${Math.floor(random() * 100_000)}.json`;

/** Everyday work in the fixture account, none of which any detection should match. */
const EVERYDAY: readonly [weight: number, make: RecordMaker][] = [
  [30, (r) => s3ObjectEvent('GetObject', CUSTOMER_DATA, objectKey(r, 'customers'), { userIdentity: roleSession('reporting', 'nightly') })],
  [20, (r) => s3ObjectEvent('PutObject', EXPORTS, objectKey(r, 'daily'), { userIdentity: identities.assumedRole, additionalEventData: { SSEApplied: 'Default_SSE_KMS' } })],
  [10, (r) => s3ObjectEvent('PutObject', UNWATCHED_BUCKET, objectKey(r, 'tmp'), { userIdentity: identities.assumedRole })],
  [10, () => managementEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', readOnly: true, userIdentity: roleSession('monitoring', 'poller') })],
  [10, () => managementEvent({ eventSource: 'sts.amazonaws.com', eventName: 'AssumeRole', requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/data-pipeline`, roleSessionName: 'run' }, userIdentity: identities.awsService })],
  [
    10,
    () =>
      managementEvent({
        eventSource: 'kms.amazonaws.com',
        eventName: 'GenerateDataKey',
        readOnly: true,
        userIdentity: identities.awsService,
        requestParameters: { keyId: TRAIL_KEY_ARN, encryptionContext: { 'aws:cloudtrail:arn': `arn:aws:cloudtrail:${REGION}:${ACCOUNT_ID}:trail/acme-test-s3-audit` } },
        resources: [{ accountId: ACCOUNT_ID, type: 'AWS::KMS::Key', ARN: TRAIL_KEY_ARN }],
      }),
  ],
  [5, () => managementEvent({ eventSource: 'lambda.amazonaws.com', eventName: 'Invoke', requestParameters: { functionName: 'thumbnailer' } })],
  [5, () => managementEvent({ eventSource: 'iam.amazonaws.com', eventName: 'GetUser', readOnly: true })],
];

/** A few detections' worth of events, so that a benchmark evaluates matches too. */
const NOTEWORTHY: readonly [weight: number, make: RecordMaker][] = [
  [3, (r) => s3ObjectEvent('DeleteObject', CUSTOMER_DATA, objectKey(r, 'customers'), { userIdentity: roleSession('retention-cleaner', 'sweep') })],
  [1, (r) => s3ObjectEvent('GetObject', EXPORTS, objectKey(r, 'daily'), { errorCode: 'AccessDenied', errorMessage: 'Access Denied', userIdentity: roleSession('partner-sync', 'pull') })],
  [1, () => managementEvent({ eventSource: 'ec2.amazonaws.com', eventName: 'AuthorizeSecurityGroupIngress', requestParameters: { groupId: 'sg-1234567890abcdef0' } })],
];

function pick(table: readonly [number, RecordMaker][], random: () => number): RecordMaker {
  const total = table.reduce((sum, [weight]) => sum + weight, 0);
  let ticket = random() * total;
  for (const [weight, make] of table) {
    ticket -= weight;
    if (ticket < 0) return make;
  }
  return table[table.length - 1][1];
}

export interface SampleTrafficOptions {
  readonly seed?: number;
  /** The share of records some detection matches. */
  readonly noteworthyShare?: number;
}

/**
 * `count` records spread evenly from `start` over `durationMs`: everyday work, by default with one
 * record in a hundred one that some detection matches.
 */
export function sampleTraffic(count: number, start: number, durationMs: number, options: SampleTrafficOptions = {}): CloudTrailRecord[] {
  const random = seededRandom(options.seed ?? 1);
  const noteworthyShare = options.noteworthyShare ?? 0.01;
  const step = durationMs / Math.max(count, 1);
  return Array.from({ length: count }, (_, i) => {
    const table = random() < noteworthyShare ? NOTEWORTHY : EVERYDAY;
    // CloudTrail records event times to the second.
    return at(pick(table, random)(random), Math.floor((start + i * step) / 1000) * 1000);
  });
}
