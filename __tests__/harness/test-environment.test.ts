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
});
