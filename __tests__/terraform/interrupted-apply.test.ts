import { applyStack, planStack } from '../../scripts/lib/local-stack';
import { terraform } from '../../scripts/lib/terraform';
import { BUCKET_LIFECYCLE, emulatedStack, EmulatedStack } from '../support/emulated-stack';

/**
 * GIVEN an apply interrupted midway (SIGTERM, as a cancelled CI job sends) after some resources exist
 * WHEN the stack is applied again THEN it converges and the next plan is empty.
 *
 * Not SIGKILL: Terraform persists state only every 20 s during an apply, so a hard kill orphans what
 * it created since, and no stack definition can make Terraform adopt those on its own.
 *
 * Without the bucket lifecycle configurations: the provider waits a fixed 55 s after writing each,
 * and what is tested is the resumption, not them; the shared dev apply (deploy-dev) proves they apply
 * and converge.
 */
describe('an interrupted apply', () => {
  let deployed: EmulatedStack;
  beforeAll(async () => {
    deployed = await emulatedStack('dev', { leaveOut: [BUCKET_LIFECYCLE] });
  }, 120_000);
  afterAll(async () => deployed?.dispose(), 30_000);

  test('THEN re-applying converges with no drift', async () => {
    const { stack } = deployed;
    const killer = new AbortController();
    let created = 0;
    const interrupted = await terraform(['apply', '-auto-approve', '-input=false', '-no-color'], {
      cwd: stack.stackDir,
      env: stack.env,
      timeoutMs: 300_000,
      signal: killer.signal,
      onOutput: (chunk) => {
        created += (chunk.match(/Creation complete/g) ?? []).length;
        if (created >= 6) killer.abort();
      },
    });
    expect(interrupted.code).not.toBe(0);
    expect(interrupted.stdout + interrupted.stderr).toMatch(/Interrupt received|Stopping operation/);

    const state = await terraform(['state', 'list'], { cwd: stack.stackDir, env: stack.env, timeoutMs: 60_000 });
    const inState = state.stdout.trim().split('\n').filter(Boolean);
    expect(inState.length).toBeGreaterThanOrEqual(6);
    expect(inState.some((address) => address.startsWith('aws_cloudtrail.'))).toBe(false);

    await applyStack(stack);
    const plan = await planStack(stack);
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
  }, 900_000);
});
