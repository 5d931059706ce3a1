import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportModule } from '../../scripts/export-module';
import { Emulator, startEmulator } from '../../scripts/lib/emulator';
import { environmentNamed } from '../../scripts/lib/local-stack';
import { terraform, terraformEnv } from '../../scripts/lib/terraform';
import { parseEnvironments } from '../../stacks/load-environments';
import { appliedEnvironment } from '../support/applied-environments';
import { BUCKET_LIFECYCLE } from '../support/emulated-stack';
import { moduleRootFor } from '../support/module-dev-root';
import { comparableState, stateResources } from '../support/state-comparison';
import { emulatorOverride, TerraformRoot } from '../support/terraform-root';

/**
 * GIVEN the dev stack (the run's shared apply, support/applied-environments.ts) and the exported
 * module called with dev's values, each applied to an emulator of its own as dev's account WHEN the
 * two states are read back THEN they hold the same resources with the same values: policy documents
 * as resolved, selectors, filter patterns, alarm settings. The module cannot drift from the stacks
 * without this failing. It is also where the module's bucket lifecycle configurations are proven to
 * apply and converge (module-apply leaves them out of its example).
 */
describe('the exported module with dev values, against the dev stack', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'module-equivalence-'));
  const emulators: Emulator[] = [];
  afterAll(async () => {
    await Promise.all(emulators.map((emulator) => emulator.stop()));
    rmSync(work, { recursive: true, force: true });
  }, 30_000);

  test('THEN both apply to the same resources, resource for resource', async () => {
    const input = environmentNamed('dev');
    const [env] = parseEnvironments([input]);
    const moduleDir = path.join(work, 'module');
    await exportModule(moduleDir);
    const forModule = await startEmulator({ accountId: env.accountId });
    emulators.push(forModule);

    const root = TerraformRoot.write(
      path.join(work, 'root'),
      { 'main.tf': moduleRootFor(env, moduleDir), 'emulator_override.tf': emulatorOverride(forModule) },
      terraformEnv({ ...process.env, ...forModule.env() }),
    );
    await root.init();
    const [{ stack }, moduleApply] = await Promise.all([appliedEnvironment('dev'), root.run(['apply', '-auto-approve', '-input=false'], 420_000)]);
    expect({ code: moduleApply.code, stderr: moduleApply.stderr }).toEqual({ code: 0, stderr: '' });

    const stackState = JSON.parse((await terraform(['state', 'pull'], { cwd: stack.stackDir, env: stack.env, timeoutMs: 60_000 })).stdout);
    const moduleState = JSON.parse((await root.run(['state', 'pull'])).stdout);
    const fromStack = comparableState(stateResources(stackState));
    const fromModule = comparableState(stateResources(moduleState, 'module.audit'));
    expect(Object.keys(fromModule).sort()).toEqual(Object.keys(fromStack).sort());
    // Not vacuous: every alarm the dev stack synthesizes is in the comparison (a fixed count went stale as detections were added).
    const synthesizedAlarms = Object.keys(JSON.parse(readFileSync(path.join(stack.stackDir, 'cdk.tf.json'), 'utf8')).resource.aws_cloudwatch_metric_alarm);
    expect(synthesizedAlarms.length).toBeGreaterThan(40);
    expect(Object.keys(fromStack).filter((key) => key.includes('aws_cloudwatch_metric_alarm'))).toHaveLength(synthesizedAlarms.length);
    // Both bucket lifecycle configurations are compared too: this is the apply that proves the module's.
    expect(Object.keys(fromStack).filter((key) => key.includes(`.${BUCKET_LIFECYCLE}.`))).toHaveLength(2);
    expect(fromModule).toEqual(fromStack);

    const plan = await root.run(['plan', '-detailed-exitcode', '-input=false']);
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
  }, 900_000);
});
