import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportModule } from '../../scripts/export-module';
import { Emulator, startEmulator } from '../../scripts/lib/emulator';
import { applyStack, environmentNamed, initStack, synthLocalStack } from '../../scripts/lib/local-stack';
import { terraform, terraformEnv } from '../../scripts/lib/terraform';
import { parseEnvironments } from '../../stacks/load-environments';
import { moduleRootFor } from '../support/module-dev-root';
import { comparableState } from '../support/state-comparison';
import { emulatorOverride, TerraformRoot } from '../support/terraform-root';

/**
 * GIVEN the dev stack and the exported module called with dev's values, each applied to an
 * emulator of its own as dev's account WHEN the two states are read back THEN they hold the same
 * resources with the same values: policy documents as resolved, selectors, filter patterns, alarm
 * settings. The module cannot drift from the stacks without this failing.
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
    const [forStack, forModule] = await Promise.all([startEmulator({ accountId: env.accountId }), startEmulator({ accountId: env.accountId })]);
    emulators.push(forStack, forModule);

    const stack = synthLocalStack(input, forStack.endpoint, path.join(work, 'stack'), forStack.env());
    await initStack(stack);
    const root = TerraformRoot.write(
      path.join(work, 'root'),
      { 'main.tf': moduleRootFor(env, moduleDir), 'emulator_override.tf': emulatorOverride(forModule) },
      terraformEnv({ ...process.env, ...forModule.env() }),
    );
    await root.init();
    const [, moduleApply] = await Promise.all([applyStack(stack), root.run(['apply', '-auto-approve', '-input=false'], 420_000)]);
    expect({ code: moduleApply.code, stderr: moduleApply.stderr }).toEqual({ code: 0, stderr: '' });

    const stackState = JSON.parse((await terraform(['show', '-json', '-no-color'], { cwd: stack.stackDir, env: stack.env, timeoutMs: 60_000 })).stdout);
    const moduleState = JSON.parse((await root.run(['show', '-json'])).stdout);
    const fromStack = comparableState(stackState.values.root_module.resources);
    const fromModule = comparableState(moduleState.values.root_module.child_modules[0].resources);
    expect(Object.keys(fromModule).sort()).toEqual(Object.keys(fromStack).sort());
    expect(Object.keys(fromStack).filter((key) => key.includes('aws_cloudwatch_metric_alarm')).length).toBeGreaterThan(30);
    expect(fromModule).toEqual(fromStack);
  }, 600_000);
});
