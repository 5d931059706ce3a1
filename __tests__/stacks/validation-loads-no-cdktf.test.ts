/**
 * Validating a definition comes before any stack is built (main.ts), and a synth that fans out
 * builds none in its own process: so the validation code must not load cdktf, the provider classes
 * or constructs, which cost a node process a third of a second before it has checked anything.
 * Each is replaced here by a module that fails when it is loaded.
 */
jest.mock('cdktf', () => {
  throw new Error('validation loaded cdktf');
});
jest.mock('constructs', () => {
  throw new Error('validation loaded constructs');
});

test('GIVEN the shipped definition WHEN it is loaded and validated THEN neither cdktf nor constructs (nor a provider class, which needs both) is loaded', () => {
  // Required here, not imported: an import would load before the test could say what went wrong.
  const { ENVIRONMENTS } = require('../../stacks/environments') as typeof import('../../stacks/environments');
  const { loadEnvironments } = require('../../stacks/load-environments') as typeof import('../../stacks/load-environments');
  expect(loadEnvironments(ENVIRONMENTS).environments.map((env) => env.name)).toEqual(['dev', 'staging', 'prod']);
});
