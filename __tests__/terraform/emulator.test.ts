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
import { Emulator, EmulatorStartError, startEmulator } from '../../scripts/lib/emulator';

const ACCOUNT_ID = '111111111111';
const START_TIMEOUT_MS = 20_000;

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

  describe('WHEN a second emulator is started on the port already in use', () => {
    test('THEN it fails quickly with a clear "already in use" error instead of hanging', async () => {
      const startedAt = Date.now();
      const second = startEmulator({ port: em().port, startTimeoutMs: START_TIMEOUT_MS });
      await expect(second).rejects.toBeInstanceOf(EmulatorStartError);
      await expect(second).rejects.toThrow(`port 127.0.0.1:${em().port} is already in use`);
      expect(Date.now() - startedAt).toBeLessThan(START_TIMEOUT_MS);
      // and the first emulator still answers
      await expect(cloudtrail.send(new DescribeTrailsCommand({}))).resolves.toBeDefined();
    }, START_TIMEOUT_MS + 5_000);
  });
});
