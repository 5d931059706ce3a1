/**
 * `npm run smoke:aws` as a whole: what it refuses before touching AWS (exit 2), and the plan of
 * checks on stand-in AWS clients and a stand-in Terraform (exit 0 / 1, one line per step, a last
 * line with the verdict).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudTrailClient, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import {
  CloudWatchClient,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DeleteObjectCommand, DeleteObjectsCommand, ListObjectVersionsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { createSmokeClients } from '../../scripts/lib/smoke/aws-clients';
import { smokeAlarmReason } from '../../scripts/lib/smoke/alarm-action';
import { EXIT_CANNOT_RUN, EXIT_FAILED, EXIT_PASSED, main, SmokeIo } from '../../scripts/smoke-aws';
import { validEnvironment } from '../support/environments';
import { fakeClock, fakeDeployment, OUTPUTS } from './fakes';

const ROOT = join(__dirname, '..', '..');
const ACCOUNT = '123456789012';

let work: string;
let definition: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'smoke-aws-'));
  definition = join(work, 'environments.json');
  writeFileSync(
    definition,
    JSON.stringify([
      validEnvironment({ name: 'test', watchedBuckets: ['acme-data', 'acme-exports'] }),
      // Another account: two environments recording one account's management events would add a warning.
      validEnvironment({ name: 'locked', accountId: '210987654321', blockDestructiveChanges: true }),
    ]),
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const sts = mockClient(STSClient);
const cloudTrail = mockClient(CloudTrailClient);
const cloudWatch = mockClient(CloudWatchClient);
const logs = mockClient(CloudWatchLogsClient);
const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);

const RUN_ID_IN_KEY = /s3-audit-trail-smoke\/\d{8}T\d{6}Z-([0-9a-f]{8})/;

/** AWS as a healthy deployment answers; each test breaks one thing. */
function healthyAccount() {
  for (const mock of [sts, cloudTrail, cloudWatch, logs, s3, sns]) mock.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/me` });
  cloudTrail.on(GetTrailStatusCommand).resolves({
    IsLogging: true,
    LatestCloudWatchLogsDeliveryTime: new Date('2026-03-02T09:58:00Z'),
    LatestDeliveryTime: new Date('2026-03-02T09:59:00Z'),
  });
  s3.on(PutObjectCommand).resolves({});
  s3.on(DeleteObjectCommand).resolves({});
  s3.on(ListObjectVersionsCommand).resolves({ IsTruncated: false });
  // The log event names whatever key the run chose.
  logs.on(FilterLogEventsCommand).callsFake(() => {
    const { Key, Bucket } = s3.commandCalls(DeleteObjectCommand)[0].args[0].input;
    return { events: [{ message: JSON.stringify({ eventName: 'DeleteObject', requestParameters: { bucketName: Bucket, key: Key } }) }] };
  });
  cloudWatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Values: [1] }] });
  cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: 'acme-test-s3-object-deletions', StateValue: 'OK', ActionsEnabled: true, AlarmActions: [OUTPUTS.alarmTopicArn] }] });
  cloudWatch.on(SetAlarmStateCommand).resolves({});
  cloudWatch.on(DescribeAlarmHistoryCommand, { HistoryItemType: 'StateUpdate' }).callsFake(() => {
    const reason = cloudWatch.commandCalls(SetAlarmStateCommand).at(-1)!.args[0].input.StateReason!;
    return {
      AlarmHistoryItems: [
        { HistoryItemType: 'StateUpdate', Timestamp: new Date(), HistoryData: JSON.stringify({ newState: { stateValue: 'ALARM', stateReason: reason } }) },
      ],
    };
  });
  cloudWatch.on(DescribeAlarmHistoryCommand, { HistoryItemType: 'Action' }).callsFake(() => ({
    AlarmHistoryItems: [
      {
        HistoryItemType: 'Action',
        Timestamp: new Date(Date.now() + 100),
        HistorySummary: `Successfully executed action ${OUTPUTS.alarmTopicArn}`,
        HistoryData: JSON.stringify({ actionState: 'Succeeded', notificationResource: OUTPUTS.alarmTopicArn }),
      },
    ],
  }));
  sns.on(GetTopicAttributesCommand).resolves({ Attributes: { SubscriptionsConfirmed: '1', SubscriptionsPending: '0' } });
}

function io(script: Parameters<typeof fakeDeployment>[0] = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const { deployment, calls } = fakeDeployment(script);
  const regions: string[] = [];
  const smokeIo: SmokeIo = {
    environ: { S3_AUDIT_TRAIL_ENVIRONMENTS: definition },
    print: (line) => out.push(line),
    printError: (line) => err.push(line),
    createClients: (region) => {
      regions.push(region);
      return createSmokeClients(region);
    },
    createDeployment: () => deployment,
    clock: fakeClock(),
  };
  return { smokeIo, out, err, calls, regions };
}

describe('smoke:aws refuses to start', () => {
  test('GIVEN an unknown flag WHEN run THEN it exits 2 with the parser message and the usage line, touching nothing', async () => {
    const { smokeIo, err, regions } = io();
    expect(await main(['test', '--destory'], smokeIo)).toBe(EXIT_CANNOT_RUN);
    expect(err[0]).toMatch(/^smoke:aws: Unknown option '--destory'/);
    expect(err[1]).toBe('usage: npm run smoke:aws -- <env> [--no-deploy] [--destroy] [--bucket <name>] [--timeout-minutes <N>]');
    expect(regions).toEqual([]);
  });

  test('GIVEN no environment or two WHEN run THEN it exits 2 with the usage line', async () => {
    for (const args of [[], ['test', 'locked']]) {
      const { smokeIo, err } = io();
      expect(await main(args, smokeIo)).toBe(EXIT_CANNOT_RUN);
      expect(err.at(-1)).toMatch(/^usage: npm run smoke:aws/);
    }
  });

  test('GIVEN --timeout-minutes that is not a positive number WHEN run THEN it exits 2 saying what is accepted', async () => {
    const { smokeIo, err } = io();
    expect(await main(['test', '--timeout-minutes', 'soon'], smokeIo)).toBe(EXIT_CANNOT_RUN);
    expect(err[0]).toBe('smoke:aws: --timeout-minutes soon: expected a number of minutes greater than 0, at most 1440');
  });

  test('GIVEN an environment that is not defined WHEN run THEN it exits 2 listing the defined ones', async () => {
    const { smokeIo, err, regions } = io();
    expect(await main(['qa'], smokeIo)).toBe(EXIT_CANNOT_RUN);
    expect(err).toEqual(['smoke:aws: unknown environment "qa"; defined: test, locked']);
    expect(regions).toEqual([]);
  });

  test('GIVEN --destroy for an environment with blockDestructiveChanges WHEN run THEN it exits 2 before any AWS call or Terraform', async () => {
    healthyAccount();
    const { smokeIo, err, calls, regions } = io();
    expect(await main(['locked', '--destroy'], smokeIo)).toBe(EXIT_CANNOT_RUN);
    expect(err[0]).toMatch(/^smoke:aws: refusing --destroy for environment "locked": it sets blockDestructiveChanges: true/);
    expect(regions).toEqual([]);
    expect(calls).toEqual([]);
    expect(sts.calls()).toHaveLength(0);
  });

  test('GIVEN --bucket outside the watched list WHEN run THEN it exits 2 naming the watched buckets', async () => {
    const { smokeIo, err } = io();
    expect(await main(['test', '--bucket', 'someone-elses'], smokeIo)).toBe(EXIT_CANNOT_RUN);
    expect(err).toEqual(['smoke:aws: --bucket someone-elses is not watched by environment "test"; watched: acme-data, acme-exports']);
  });

  test("GIVEN credentials for another account WHEN run THEN it exits 2 naming both accounts, before deploying", async () => {
    healthyAccount();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999', Arn: 'arn:aws:iam::999999999999:user/me' });
    const { smokeIo, err, calls } = io();
    expect(await main(['test'], smokeIo)).toBe(EXIT_CANNOT_RUN);
    expect(err[0]).toContain('these credentials are for account 999999999999 (arn:aws:iam::999999999999:user/me)');
    expect(err[0]).toContain('deploys to account 123456789012');
    expect(calls).toEqual([]);
  });

  test('GIVEN AWS refuses the credentials WHEN run THEN it exits 2 and says how to provide working ones', async () => {
    healthyAccount();
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken' }));
    const { smokeIo, err } = io();
    expect(await main(['test'], smokeIo)).toBe(EXIT_CANNOT_RUN);
    expect(err[0]).toMatch(/no usable AWS credentials for account 123456789012 \(environment "test"\): set AWS_PROFILE/);
    expect(err[0]).toContain('ExpiredToken: The security token included in the request is expired');
  });
});

describe('smoke:aws runs the plan of checks', () => {
  beforeEach(healthyAccount);

  test('GIVEN a healthy deployment WHEN run THEN each step passes in order, in the environment region, and the last line says PASS', async () => {
    const { smokeIo, out, calls, regions } = io();
    expect(await main(['test'], smokeIo)).toBe(EXIT_PASSED);
    expect(regions).toEqual(['eu-west-1']);
    expect(calls).toEqual(['deploy', 'readOutputs']);
    expect(out.filter((line) => line.startsWith('['))).toEqual([
      expect.stringMatching(/^\[PASS\] deployment: applied \(Apply complete! Resources: 97 added, 0 changed, 0 destroyed\); trail arn:aws:cloudtrail:/),
      expect.stringMatching(/^\[PASS\] trail logging: IsLogging true, last CloudWatch Logs delivery 2026-03-02T09:58:00.000Z/),
      expect.stringMatching(/^\[PASS\] deletion detected: DeleteObject of s3:\/\/acme-data\/s3-audit-trail-smoke\//),
      expect.stringMatching(/^\[PASS\] alarm action: SetAlarmState ALARM on acme-test-s3-object-deletions: the SNS action succeeded/),
    ]);
    expect(out.at(-1)).toBe('smoke:aws test: PASS');
    // The forced state names the smoke test, with the same run id as the test object's key.
    const key = s3.commandCalls(PutObjectCommand)[0].args[0].input.Key!;
    const runId = RUN_ID_IN_KEY.exec(key)![1];
    expect(cloudWatch.commandCalls(SetAlarmStateCommand)[0].args[0].input.StateReason).toBe(smokeAlarmReason(runId));
  });

  test('GIVEN --no-deploy and --bucket from the list WHEN run THEN Terraform only reads outputs and the object goes to that bucket', async () => {
    const { smokeIo, out, calls } = io();
    expect(await main(['test', '--no-deploy', '--bucket', 'acme-exports'], smokeIo)).toBe(EXIT_PASSED);
    expect(calls).toEqual(['readOutputs']);
    expect(out).toContainEqual(expect.stringMatching(/^\[PASS\] deployment: using the existing deployment: trail /));
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input.Bucket).toBe('acme-exports');
  });

  test('GIVEN a stopped trail WHEN run THEN that step fails, the deletion step does not run, the alarm step still does, exit 1', async () => {
    cloudTrail.on(GetTrailStatusCommand).resolves({ IsLogging: false });
    const { smokeIo, out } = io();
    expect(await main(['test'], smokeIo)).toBe(EXIT_FAILED);
    expect(out).toContainEqual(expect.stringMatching(/^\[FAIL\] trail logging: IsLogging false/));
    expect(out).toContainEqual('[SKIP] deletion detected: not run: the trail does not deliver to CloudWatch Logs, so no event can reach the log group');
    expect(out).toContainEqual(expect.stringMatching(/^\[PASS\] alarm action: /));
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(out.at(-1)).toBe('smoke:aws test: FAIL (1 of 4 steps failed, 1 not run)');
  });

  test('GIVEN a failed apply WHEN run THEN the AWS checks do not run and the failure quotes Terraform', async () => {
    const { smokeIo, out } = io({ apply: { ok: false, output: 'Error: creating CloudTrail Trail: InsufficientS3BucketPolicyException\n\n  with aws_cloudtrail.x' } });
    expect(await main(['test'], smokeIo)).toBe(EXIT_FAILED);
    expect(out).toContainEqual(expect.stringMatching(/^\[FAIL\] deployment: terraform apply failed: Error: creating CloudTrail Trail: InsufficientS3BucketPolicyException/));
    expect(cloudTrail.calls()).toHaveLength(0);
    expect(out.at(-1)).toBe('smoke:aws test: FAIL (1 of 4 steps failed, 3 not run)');
  });

  test('GIVEN --no-deploy and nothing deployed WHEN run THEN the deployment step fails saying to deploy', async () => {
    const { MissingOutputsError } = await import('../../scripts/lib/smoke/stack-outputs');
    const { smokeIo, out } = io({ outputs: new MissingOutputsError(['trail_arn', 'log_bucket_name', 'log_group_name', 'alarm_topic_arn', 'kms_key_arn']) });
    expect(await main(['test', '--no-deploy'], smokeIo)).toBe(EXIT_FAILED);
    expect(out).toContainEqual(
      '[FAIL] deployment: MissingOutputsError: the state has no outputs: nothing is deployed for this environment; run without --no-deploy to deploy it',
    );
  });

  test('GIVEN --destroy and a log bucket holding log files WHEN run THEN the bucket is emptied between two destroys and all 5 steps pass', async () => {
    s3.on(ListObjectVersionsCommand, { Bucket: 'acme-test-audit-logs-123456789012' }).resolves({
      IsTruncated: false,
      Versions: [{ Key: 'AWSLogs/123456789012/CloudTrail/eu-west-1/2026/03/02/file.json.gz', VersionId: 'v1' }],
    });
    s3.on(DeleteObjectsCommand).resolves({});
    const bucketNotEmpty = 'Error: deleting S3 Bucket (acme-test-audit-logs-123456789012): operation error S3: DeleteBucket, api error BucketNotEmpty: The bucket you tried to delete is not empty.';
    const { smokeIo, out, calls } = io({
      destroys: [{ ok: false, output: bucketNotEmpty }, { ok: true, output: 'Destroy complete! Resources: 12 destroyed.' }],
    });
    expect(await main(['test', '--destroy'], smokeIo)).toBe(EXIT_PASSED);
    expect(calls).toEqual(['deploy', 'readOutputs', 'destroy', 'destroy']);
    const emptied = s3.commandCalls(DeleteObjectsCommand).map((call) => call.args[0].input);
    expect(emptied).toContainEqual({
      Bucket: 'acme-test-audit-logs-123456789012',
      Delete: { Objects: [{ Key: 'AWSLogs/123456789012/CloudTrail/eu-west-1/2026/03/02/file.json.gz', VersionId: 'v1' }], Quiet: true },
    });
    expect(out).toContainEqual(
      '[PASS] destroy: Destroy complete! Resources: 12 destroyed, after deleting 1 object version(s) from acme-test-audit-logs-123456789012. ' +
        'The KMS key is scheduled for deletion, which AWS never does at once',
    );
    expect(out.at(-1)).toBe('smoke:aws test: PASS');
  });

  test('GIVEN --destroy that fails for another reason WHEN run THEN it is not retried and the step fails', async () => {
    const { smokeIo, out, calls } = io({ destroys: [{ ok: false, output: 'Error: deleting KMS Key: AccessDeniedException' }] });
    expect(await main(['test', '--destroy'], smokeIo)).toBe(EXIT_FAILED);
    expect(calls.filter((call) => call === 'destroy')).toHaveLength(1);
    expect(out).toContainEqual('[FAIL] destroy: terraform destroy failed: Error: deleting KMS Key: AccessDeniedException');
    expect(out.at(-1)).toBe('smoke:aws test: FAIL (1 of 5 steps failed)');
  });
});

describe('smoke:aws without credentials, for real', () => {
  test('GIVEN no AWS credentials anywhere WHEN the script runs THEN it exits 2 quickly and says how to provide them', () => {
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
    Object.assign(env, {
      AWS_CONFIG_FILE: join(work, 'no-such-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-such-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      S3_AUDIT_TRAIL_ENVIRONMENTS: definition,
    });
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/smoke-aws.ts', 'test'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      // A node start beside the Terraform tier on two cores can take most of a minute.
      timeout: 90_000,
    });
    expect(result.error).toBeUndefined();
    expect(result.signal).toBeNull();
    expect(result.stderr).toContain('smoke:aws: no usable AWS credentials for account 123456789012 (environment "test"): set AWS_PROFILE');
    expect(result.stderr).toContain('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    expect(result.stderr).toContain('CredentialsProviderError');
    expect(result.stdout).not.toMatch(/\[(PASS|FAIL)\]/);
    expect(result.status).toBe(EXIT_CANNOT_RUN);
  }, 100_000);
});
