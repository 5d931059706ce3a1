/**
 * The tests' environment: jest's node environment, where cdktf's token traces format cheaply.
 *
 * cdktf records where every token it makes was created, a full stack trace captured on a plain
 * object and formatted at once (its `captureStackTrace`), thousands of times per stack. In a test,
 * node formats those with jest's `Error.prepareStackTrace`, which maps every frame back through source
 * maps: four tenths of what building and synthesizing a stack costs there. cdktf reads the traces
 * only to say where an unresolvable token came from, so captures on a plain object get V8's own
 * formatting of their nearest frames; errors, thrown or not, keep jest's mapped traces.
 */
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment } from 'jest-environment-node';

/** How many frames of a token's creation trace are kept: enough to reach the project's code from cdktf's. */
const TOKEN_TRACE_FRAMES = 16;

export default class NodeEnvironment extends TestEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
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
}
