/**
 * The tests' environment: jest's node environment, where cdktf's token traces format cheaply.
 *
 * cdktf records where every token it makes was created, a full stack trace captured on a plain
 * object and formatted at once (its `captureStackTrace`), thousands of times per stack. In a test,
 * node formats those with jest's `Error.prepareStackTrace`, which maps every frame back through source
 * maps: four tenths of what building and synthesizing a stack costs there. cdktf reads the traces
 * only to say where an unresolvable token came from, so captures on a plain object get V8's own
 * formatting of their nearest frames; errors, thrown or not, keep jest's mapped traces.
 *
 * Each test file also gets a temporary folder of its own as TMPDIR, removed when the file ends:
 * cdktf's `Testing.app()` makes an output folder under the system's temporary folder for every app
 * and never removes it (thousands per run), and a test that forgets its own clean-up leaves nothing
 * behind either. A jest worker runs one file at a time, so setting the worker's TMPDIR is safe.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment } from 'jest-environment-node';
import { quietSdkNodeVersionWarning } from '../../scripts/lib/aws-sdk-settings';

/** How many frames of a token's creation trace are kept: enough to reach the project's code from cdktf's. */
const TOKEN_TRACE_FRAMES = 16;

export default class NodeEnvironment extends TestEnvironment {
  private fileTmpdir: string | undefined;
  private readonly workerTmpdir = process.env.TMPDIR;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    // As the project's commands do (scripts/lib/aws-sdk-settings.ts): the SDK's Node 20 notice
    // would otherwise print in the middle of the test output of every file that builds a client.
    // Both the worker's environment and the copy jest gives the tests.
    const environments = [process.env, (this.global as unknown as typeof globalThis).process.env];
    for (const environ of environments) quietSdkNodeVersionWarning(environ);
    // A CLI configuration file that is not there (a machine's TF_CLI_CONFIG_FILE=~/.terraformrc, say)
    // reads as none, with a warning every time cdktf's own code starts Terraform in a test with this
    // process's environment. The project's commands give Terraform their own (terraformEnv).
    const cliConfig = process.env.TF_CLI_CONFIG_FILE;
    if (cliConfig !== undefined && !existsSync(cliConfig)) for (const environ of environments) delete environ.TF_CLI_CONFIG_FILE;
    const inTests = this.global as unknown as typeof globalThis;
    const plainObject = inTests.Object.prototype;
    // The error type of jest's own realm: its formatter is installed there, and may be replaced per file.
    const jestRealm = Error;
    inTests.Error.prepareStackTrace = (target, frames) => {
      if (typeof target === 'object' && target !== null && Object.getPrototypeOf(target) === plainObject) {
        // Formatting a frame costs more than capturing it, and cdktf asks for every frame (a test's are
        // mostly jest's own); the nearest ones already name the construct that made the token.
        return `Error${frames.slice(0, TOKEN_TRACE_FRAMES).map((frame) => `\n    at ${frame}`).join('')}`;
      }
      return jestRealm.prepareStackTrace ? jestRealm.prepareStackTrace(target, frames) : `${target}${frames.map((frame) => `\n    at ${frame}`).join('')}`;
    };
  }

  async setup(): Promise<void> {
    await super.setup();
    this.fileTmpdir = mkdtempSync(path.join(tmpdir(), 's3-audit-trail-test-'));
    // os.tmpdir() reads the worker's own environment; the file's sandbox sees a copy, set alike.
    process.env.TMPDIR = this.fileTmpdir;
    (this.global.process as NodeJS.Process).env.TMPDIR = this.fileTmpdir;
  }

  async teardown(): Promise<void> {
    if (this.workerTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = this.workerTmpdir;
    if (this.fileTmpdir) rmSync(this.fileTmpdir, { recursive: true, force: true });
    await super.teardown();
  }
}
