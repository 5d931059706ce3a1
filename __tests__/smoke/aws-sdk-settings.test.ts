/**
 * The AWS SDK's Node-version notice stays out of the project's commands: it says nothing about the
 * command, and on Node 20 it printed on every smoke:aws run. The README's Node section says it instead.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { quietSdkNodeVersionWarning } from '../../scripts/lib/aws-sdk-settings';

const ROOT = path.join(__dirname, '..', '..');

test('GIVEN the variable unset THEN the SDK is told not to warn; GIVEN a user setting THEN it is kept', () => {
  const unset: NodeJS.ProcessEnv = {};
  quietSdkNodeVersionWarning(unset);
  expect(unset.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
  const chosen: NodeJS.ProcessEnv = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' };
  quietSdkNodeVersionWarning(chosen);
  expect(chosen.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('false');
});

test("GIVEN a fresh process WHEN smoke:aws makes its clients THEN nothing is printed (on Node 20 the SDK's notice was)", () => {
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _setting, ...environ } = process.env;
  const result = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', '-e', "require('./scripts/lib/smoke/aws-clients').createSmokeClients('us-east-1')"],
    { cwd: ROOT, env: environ, encoding: 'utf8', timeout: 60_000 },
  );
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
}, 90_000);
