/**
 * The pinned IAM simulator misjudges three kinds of request this project makes, and
 * scripts/lib/access-proof/simulator.ts works around each. These tests hold the simulator to the
 * behaviour the workarounds assume: when a release fixes one, its test fails, and the workaround
 * (and this test) should go.
 */
import { anonymousPrincipal, runSimulation, runUnsafeSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import { simulate } from '../../scripts/lib/access-proof/simulator';

const TRAIL = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/audit';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The documented CloudTrail key statement, and the request CloudTrail makes under it. */
const encryptionContextCase = {
  policy: {
    Version: '2012-10-17' as const,
    Statement: [
      {
        Sid: 'AllowCloudTrailToEncryptLogs',
        Effect: 'Allow' as const,
        Principal: { Service: ['cloudtrail.amazonaws.com'] },
        Action: ['kms:GenerateDataKey*'],
        Resource: ['*'],
        Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': ['arn:aws:cloudtrail:*:111122223333:trail/*'] } },
      },
    ],
  },
  context: { 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL },
};

function simulation(principal: string, resourcePolicy: object, context: Record<string, string>, resource = KEY, action = 'kms:GenerateDataKey'): Simulation {
  return {
    request: { principal, action, resource: { resource, accountId: '111122223333' }, contextVariables: context },
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy,
  };
}

describe('GIVEN the pinned @cloud-copilot/iam-simulate', () => {
  test('WHEN a request carries kms:EncryptionContext:<key> THEN its validated entry point still drops the key and denies (workaround 1)', async () => {
    const result = await runSimulation(simulation('cloudtrail.amazonaws.com', encryptionContextCase.policy, encryptionContextCase.context), {});
    expect(result.resultType).toBe('single');
    if (result.resultType !== 'single') return;
    expect(result.result.ignoredContextKeys).toEqual(['kms:EncryptionContext:aws:cloudtrail:arn']);
    expect(result.overallResult).toBe('ImplicitlyDenied');
  });

  test('WHEN its unsafe entry point is given a plain resource policy THEN it still crashes (workaround 2)', () => {
    expect(() => runUnsafeSimulation(simulation('cloudtrail.amazonaws.com', encryptionContextCase.policy, encryptionContextCase.context), {})).toThrow(TypeError);
  });

  test('WHEN a China region service principal (amazonaws.com.cn) is named by its own statement THEN it still is not matched (workaround 3)', async () => {
    const principal = 'logs.cn-north-1.amazonaws.com.cn';
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: principal }, Action: 'kms:Decrypt', Resource: '*' }] };
    const result = await runSimulation(simulation(principal, policy, {}, 'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'kms:Decrypt'), {});
    expect(result.resultType === 'error' ? result.errors : result.overallResult).toBe('ImplicitlyDenied');
  });
});

describe('GIVEN the access proof\'s simulate(), which works around them', () => {
  test('WHEN CloudTrail sends its documented encryption context THEN the documented statement allows it, and names itself as the reason', async () => {
    const outcome = await simulate({
      principal: 'cloudtrail.amazonaws.com',
      action: 'kms:GenerateDataKey',
      resource: KEY,
      resourceAccount: '111122223333',
      context: encryptionContextCase.context,
      resourcePolicy: { name: 'key policy', document: encryptionContextCase.policy },
    });
    expect(outcome).toEqual({ decision: 'Allowed', decidedBy: [{ policy: 'key policy', sid: 'AllowCloudTrailToEncryptLogs', index: 0 }] });
  });

  test("WHEN the encryption context names another account's trail THEN the same statement does not allow it", async () => {
    const outcome = await simulate({
      principal: 'cloudtrail.amazonaws.com',
      action: 'kms:GenerateDataKey',
      resource: KEY,
      resourceAccount: '111122223333',
      context: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:us-east-1:999999999999:trail/audit' },
      resourcePolicy: { name: 'key policy', document: encryptionContextCase.policy },
    });
    expect(outcome).toEqual({ decision: 'ImplicitlyDenied', decidedBy: [] });
  });

  test('WHEN a China region service principal calls under its own statement THEN it is allowed, and another principal still is not', async () => {
    const policy = { Version: '2012-10-17' as const, Statement: [{ Sid: 'Logs', Effect: 'Allow' as const, Principal: { Service: ['logs.cn-north-1.amazonaws.com.cn'] }, Action: ['kms:Decrypt'], Resource: ['*'] }] };
    const request = (principal: string) => ({ principal, action: 'kms:Decrypt', resource: 'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', resourceAccount: '111122223333', context: {}, resourcePolicy: { name: 'key policy', document: policy } });
    expect((await simulate(request('logs.cn-north-1.amazonaws.com.cn'))).decision).toBe('Allowed');
    expect((await simulate(request('logs.cn-northwest-1.amazonaws.com.cn'))).decision).toBe('ImplicitlyDenied');
  });

  test('WHEN a request carries a key its action does not take THEN simulate() refuses it: the request is not what AWS sends', async () => {
    await expect(
      simulate({ principal: 'cloudtrail.amazonaws.com', action: 's3:GetBucketAcl', resource: 'arn:aws:s3:::audit-logs', resourceAccount: '111122223333', context: { 's3:x-amz-acl': 'bucket-owner-full-control' } }),
    ).rejects.toThrow('takes no s3:x-amz-acl');
  });

  test('WHEN an anonymous caller is judged THEN it is the simulator\'s anonymous principal', async () => {
    expect(anonymousPrincipal).toEqual({ type: 'Anonymous' });
    const outcome = await simulate({ principal: 'anonymous', action: 's3:GetObject', resource: 'arn:aws:s3:::audit-logs/a', resourceAccount: '111122223333', context: { 'aws:SecureTransport': 'true' } });
    expect(outcome.decision).toBe('ImplicitlyDenied');
  });
});
