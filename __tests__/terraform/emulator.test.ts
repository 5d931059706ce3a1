/**
 * Slow tier: spawns the moto emulator (scripts/emulator/moto_server.py) and checks that the
 * CloudTrail name-or-ARN patch works as the Terraform AWS provider needs it (it passes ARNs to
 * StartLogging / StopLogging / DeleteTrail).
 */
import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CreateBucketCommand,
  GetBucketLoggingCommand,
  GetBucketReplicationCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutBucketReplicationCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CloudWatchLogsClient,
  DeleteQueryDefinitionCommand,
  DescribeQueryDefinitionsCommand,
  PutQueryDefinitionCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { Emulator, EmulatorStartError, startEmulator } from '../../scripts/lib/emulator';

const ACCOUNT_ID = '111111111111';
/** startEmulator's own default: moto can take over 20 s to come up beside the rest of the tier. */
const START_TIMEOUT_MS = 60_000;

describe('GIVEN the moto emulator started as account 111111111111', () => {
  let emulator: Emulator | undefined;
  let cloudtrail: CloudTrailClient;
  let s3: S3Client;

  beforeAll(async () => {
    emulator = await startEmulator({ accountId: ACCOUNT_ID, startTimeoutMs: START_TIMEOUT_MS });
    cloudtrail = new CloudTrailClient(emulator.sdkConfig());
    s3 = new S3Client(emulator.sdkConfig());
  }, START_TIMEOUT_MS + 5_000);

  afterAll(async () => {
    cloudtrail?.destroy();
    s3?.destroy();
    await emulator?.stop();
  }, 15_000);

  const em = (): Emulator => {
    if (!emulator) throw new Error('emulator did not start (see beforeAll)');
    return emulator;
  };

  test('THEN it listens on 127.0.0.1 and exposes the test account and credentials', () => {
    expect(em().endpoint).toBe(`http://127.0.0.1:${em().port}`);
    expect(em().env()).toMatchObject({
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: em().endpoint,
      MOTO_ACCOUNT_ID: ACCOUNT_ID,
    });
  });

  describe('WHEN a trail is created on an S3 bucket and then started, stopped and deleted by ARN', () => {
    const bucket = 'audit-trail-emulator-test';
    const trailName = 'audit-trail-emulator-test';
    let trailArn = '';

    beforeAll(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      const created = await cloudtrail.send(new CreateTrailCommand({ Name: trailName, S3BucketName: bucket }));
      trailArn = created.TrailARN ?? '';
    }, 15_000);

    test('THEN the trail ARN carries the emulated account', () => {
      expect(trailArn).toBe(`arn:aws:cloudtrail:us-east-1:${ACCOUNT_ID}:trail/${trailName}`);
    });

    test('THEN StartLogging by ARN succeeds and GetTrailStatus reports IsLogging true', async () => {
      await cloudtrail.send(new StartLoggingCommand({ Name: trailArn }));
      const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: trailArn }));
      expect(status.IsLogging).toBe(true);
    });

    test('THEN StopLogging by ARN succeeds and GetTrailStatus reports IsLogging false', async () => {
      await cloudtrail.send(new StopLoggingCommand({ Name: trailArn }));
      const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: trailName }));
      expect(status.IsLogging).toBe(false);
    });

    test('THEN DeleteTrail by ARN succeeds and the trail is gone', async () => {
      await cloudtrail.send(new DeleteTrailCommand({ Name: trailArn }));
      const { trailList } = await cloudtrail.send(new DescribeTrailsCommand({}));
      expect((trailList ?? []).map((t) => t.TrailARN)).not.toContain(trailArn);
      await expect(cloudtrail.send(new GetTrailStatusCommand({ Name: trailArn }))).rejects.toMatchObject({
        name: 'TrailNotFoundException',
      });
    });
  });

  describe('WHEN a log bucket logs to a target whose policy starts with a TLS-only Deny for "*"', () => {
    test('THEN PutBucketLogging succeeds (moto 5.2.1 alone crashes on the string Principal)', async () => {
      await s3.send(new CreateBucketCommand({ Bucket: 'emulator-source' }));
      await s3.send(new CreateBucketCommand({ Bucket: 'emulator-target' }));
      await s3.send(new PutBucketPolicyCommand({
        Bucket: 'emulator-target',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Sid: 'Tls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::emulator-target/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
            { Sid: 'Logs', Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::emulator-target/source/*' },
          ],
        }),
      }));
      await s3.send(new PutBucketLoggingCommand({
        Bucket: 'emulator-source',
        BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'emulator-target', TargetPrefix: 'source/' } },
      }));
      const { LoggingEnabled } = await s3.send(new GetBucketLoggingCommand({ Bucket: 'emulator-source' }));
      expect(LoggingEnabled).toMatchObject({ TargetBucket: 'emulator-target', TargetPrefix: 'source/' });
    });
  });

  describe('WHEN a replication rule selects KMS-encrypted objects', () => {
    test('THEN GetBucketReplication answers with the stored SourceSelectionCriteria, so re-plans stay empty', async () => {
      await s3.send(new CreateBucketCommand({ Bucket: 'emulator-replicated' }));
      await s3.send(new PutBucketVersioningCommand({ Bucket: 'emulator-replicated', VersioningConfiguration: { Status: 'Enabled' } }));
      await s3.send(new PutBucketReplicationCommand({
        Bucket: 'emulator-replicated',
        ReplicationConfiguration: {
          Role: `arn:aws:iam::${ACCOUNT_ID}:role/replication`,
          Rules: [{
            ID: 'all',
            Priority: 1,
            Status: 'Enabled',
            Filter: {},
            DeleteMarkerReplication: { Status: 'Disabled' },
            SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } },
            Destination: { Bucket: 'arn:aws:s3:::elsewhere' },
          }],
        },
      }));
      const { ReplicationConfiguration } = await s3.send(new GetBucketReplicationCommand({ Bucket: 'emulator-replicated' }));
      expect(ReplicationConfiguration?.Rules?.[0]?.SourceSelectionCriteria).toEqual({ SseKmsEncryptedObjects: { Status: 'Enabled' } });
    });
  });

  describe('WHEN Logs Insights query definitions are saved, listed, updated and deleted (an emulator extension: moto 5.2.1 has none)', () => {
    let logs: CloudWatchLogsClient;
    beforeAll(() => {
      logs = new CloudWatchLogsClient(em().sdkConfig());
    });
    afterAll(() => logs?.destroy());
    const names = async (prefix: string) =>
      ((await logs.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: prefix }))).queryDefinitions ?? []).map((d) => d.name);

    test('THEN Put returns an id, Describe finds it by name prefix with what was saved, and pages with nextToken', async () => {
      const first = await logs.send(new PutQueryDefinitionCommand({ name: 'qd/one', queryString: 'fields @timestamp', logGroupNames: ['/aws/cloudtrail/x'] }));
      await logs.send(new PutQueryDefinitionCommand({ name: 'qd/two', queryString: 'fields @message' }));
      await logs.send(new PutQueryDefinitionCommand({ name: 'other', queryString: 'fields @message' }));
      expect(first.queryDefinitionId).toMatch(/^[0-9a-f-]{36}$/);
      const { queryDefinitions } = await logs.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: 'qd/one' }));
      expect(queryDefinitions).toEqual([
        expect.objectContaining({ queryDefinitionId: first.queryDefinitionId, name: 'qd/one', queryString: 'fields @timestamp', logGroupNames: ['/aws/cloudtrail/x'] }),
      ]);
      expect(await names('qd/')).toEqual(['qd/one', 'qd/two']);
      const page = await logs.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: 'qd/', maxResults: 1 }));
      expect(page.queryDefinitions?.map((d) => d.name)).toEqual(['qd/one']);
      const next = await logs.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: 'qd/', maxResults: 1, nextToken: page.nextToken }));
      expect({ names: next.queryDefinitions?.map((d) => d.name), nextToken: next.nextToken }).toEqual({ names: ['qd/two'], nextToken: undefined });
    });

    test('THEN Put with an id replaces name, query and log groups, and an unknown id is ResourceNotFoundException', async () => {
      const { queryDefinitionId } = await logs.send(new PutQueryDefinitionCommand({ name: 'upd/a', queryString: 'fields a', logGroupNames: ['g'] }));
      await logs.send(new PutQueryDefinitionCommand({ queryDefinitionId, name: 'upd/b', queryString: 'fields b' }));
      const { queryDefinitions } = await logs.send(new DescribeQueryDefinitionsCommand({ queryDefinitionNamePrefix: 'upd/' }));
      expect(queryDefinitions).toHaveLength(1);
      expect(queryDefinitions?.[0]).toMatchObject({ queryDefinitionId, name: 'upd/b', queryString: 'fields b' });
      expect(queryDefinitions?.[0].logGroupNames ?? []).toEqual([]);
      await expect(logs.send(new PutQueryDefinitionCommand({ queryDefinitionId: '00000000-0000-0000-0000-000000000000', name: 'x', queryString: 'fields x' }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
    });

    test('THEN Delete removes it and answers success, and deleting it again is ResourceNotFoundException', async () => {
      const { queryDefinitionId } = await logs.send(new PutQueryDefinitionCommand({ name: 'del/a', queryString: 'fields a' }));
      expect((await logs.send(new DeleteQueryDefinitionCommand({ queryDefinitionId }))).success).toBe(true);
      expect(await names('del/')).toEqual([]);
      await expect(logs.send(new DeleteQueryDefinitionCommand({ queryDefinitionId }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });

    test('THEN a name or query outside the API limits is InvalidParameterException', async () => {
      await expect(logs.send(new PutQueryDefinitionCommand({ name: 'x'.repeat(256), queryString: 'fields a' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(logs.send(new PutQueryDefinitionCommand({ name: 'x', queryString: '' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });
  });

  describe('WHEN a second emulator is started on the port already in use', () => {
    test('THEN it fails with a clear "already in use" error instead of waiting out its start time', async () => {
      const second = startEmulator({ port: em().port, startTimeoutMs: START_TIMEOUT_MS });
      await expect(second).rejects.toBeInstanceOf(EmulatorStartError);
      // Only a second emulator that exited on the taken port says this; one that waited out its
      // start time says "not ready ... within". No wall-clock bound, which a loaded machine breaks.
      await expect(second).rejects.toThrow(`port 127.0.0.1:${em().port} is already in use`);
      // and the first emulator still answers
      await expect(cloudtrail.send(new DescribeTrailsCommand({}))).resolves.toBeDefined();
    }, START_TIMEOUT_MS + 5_000);
  });
});
