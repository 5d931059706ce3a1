import { GetBucketReplicationCommand, GetObjectLockConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { applyStack, planStack, stackOutputs } from '../../scripts/lib/local-stack';
import { terraform } from '../../scripts/lib/terraform';
import { emulatedStack, EmulatedStack } from '../support/emulated-stack';

/**
 * GIVEN prod, where destructive changes are blocked, applied to the emulator
 * WHEN anyone plans to destroy it THEN Terraform refuses, naming the protected resources.
 */
describe('prod stack with destructive changes blocked', () => {
  let deployed: EmulatedStack;
  beforeAll(async () => {
    deployed = await emulatedStack('prod');
    await applyStack(deployed.stack);
  }, 300_000);
  afterAll(async () => deployed?.dispose(), 30_000);

  const refusedTypes = (stderr: string) =>
    [...stderr.matchAll(/Resource\s+(\S+)\s+has\s+lifecycle\.prevent_destroy\s+set/g)].map((match) => match[1].split('.')[0]);
  const stateList = async () =>
    (await terraform(['state', 'list'], { cwd: deployed.stack.stackDir, env: deployed.stack.env, timeoutMs: 60_000 })).stdout
      .trim()
      .split('\n');

  test('THEN a destroy plan is refused by prevent_destroy', async () => {
    // No refresh: prevent_destroy is judged on the plan, and the stack was just applied.
    const plan = await planStack(deployed.stack, ['-destroy', '-refresh=false']);
    expect(plan.code).toBe(1);
    // Terraform reports the first protected resources it reaches; the key is behind those that use it.
    expect(refusedTypes(plan.stderr)).toEqual(expect.arrayContaining(['aws_cloudwatch_log_group', 'aws_s3_bucket']));
  }, 180_000);

  test.each(['aws_s3_bucket', 'aws_kms_key', 'aws_cloudwatch_log_group'])(
    'THEN a plan that would replace the %s is refused',
    async (type) => {
      const address = (await stateList()).find((entry) => entry.startsWith(`${type}.`));
      expect(address).toBeDefined();
      const plan = await planStack(deployed.stack, [`-replace=${address}`, '-refresh=false']);
      expect({ code: plan.code, refused: refusedTypes(plan.stderr).includes(type) || plan.stderr }).toEqual({ code: 1, refused: true });
    },
    180_000,
  );

  test('THEN the log bucket locks every log file for a year in compliance mode, and replicates to the log-archive account without deletes', async () => {
    const s3 = new S3Client(deployed.emulator.sdkConfig());
    try {
      const Bucket = 'acme-prod-audit-logs-333333333333';
      const lock = await s3.send(new GetObjectLockConfigurationCommand({ Bucket }));
      // toMatchObject: the emulator also answers Years: 0, which S3 leaves out.
      expect(lock.ObjectLockConfiguration).toMatchObject({
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } },
      });
      const { ReplicationConfiguration } = await s3.send(new GetBucketReplicationCommand({ Bucket }));
      expect(ReplicationConfiguration?.Role).toBe('arn:aws:iam::333333333333:role/acme-prod-s3-audit-replication');
      expect(ReplicationConfiguration?.Rules?.[0]).toMatchObject({
        Status: 'Enabled',
        DeleteMarkerReplication: { Status: 'Disabled' },
        Destination: {
          Bucket: 'arn:aws:s3:::acme-log-archive-444444444444',
          Account: '444444444444',
          AccessControlTranslation: { Owner: 'Destination' },
          EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:us-west-2:444444444444:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d' },
        },
      });
    } finally {
      s3.destroy();
    }
  });

  test('THEN the stack is still there: outputs unchanged and nothing to do', async () => {
    expect((await stackOutputs(deployed.stack)).trail_arn).toBe('arn:aws:cloudtrail:us-east-1:333333333333:trail/acme-prod-s3-audit');
    expect((await planStack(deployed.stack)).code).toBe(0);
  }, 180_000);
});
