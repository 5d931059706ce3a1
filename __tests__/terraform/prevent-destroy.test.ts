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

  test('THEN the stack is still there: outputs unchanged and nothing to do', async () => {
    expect((await stackOutputs(deployed.stack)).trail_arn).toBe('arn:aws:cloudtrail:us-east-1:333333333333:trail/acme-prod-s3-audit');
    expect((await planStack(deployed.stack)).code).toBe(0);
  }, 180_000);
});
