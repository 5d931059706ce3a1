import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Testing } from 'cdktf';

describe("the tests' environment", () => {
  test('GIVEN a test file WHEN it asks for the temporary folder THEN it gets a folder of its own, which the environment removes when the file ends', () => {
    expect(path.basename(tmpdir())).toMatch(/^s3-audit-trail-test-/);
    expect(existsSync(tmpdir())).toBe(true);
  });

  test("GIVEN cdktf's testing app WHEN it makes its output folder THEN the folder is inside the file's own", () => {
    const app = Testing.app();
    expect(path.dirname(app.outdir)).toBe(tmpdir());
  });

  test('GIVEN a machine whose TF_CLI_CONFIG_FILE names a missing file THEN the tests do not carry it, so Terraform started by cdktf prints no "Unable to open CLI configuration file"', () => {
    const cliConfig = process.env.TF_CLI_CONFIG_FILE;
    expect(cliConfig === undefined || existsSync(cliConfig)).toBe(true);
  });

  test("GIVEN the tests build AWS SDK clients THEN the SDK's Node-version notice is switched off, as in the project's commands", () => {
    expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
  });
});
