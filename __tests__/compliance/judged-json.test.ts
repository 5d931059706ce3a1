import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Aspects, IAspect, TerraformOutput } from 'cdktf';
import { IConstruct } from 'constructs';
import { EnvironmentStack } from '../../stacks/environment-stack';
import { ENVIRONMENTS } from '../../stacks/environments';
import { parseEnvironments } from '../../stacks/load-environments';
import { synthesizeApp } from '../../stacks/synthesize-app';

const [dev] = parseEnvironments(ENVIRONMENTS);

/**
 * Synth writes the JSON the compliance pack has already resolved and judged, instead of resolving
 * the stack a second time. These prove the file is still exactly cdktf's own JSON, and that a stack
 * changed after it was judged is resolved again.
 */
describe('the JSON synth writes after the compliance pack', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'judged-'));
    jest.spyOn(console, 'warn').mockImplementation(() => undefined); // the suppressions in force
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(outdir, { recursive: true, force: true });
  });

  const written = () => JSON.parse(readFileSync(path.join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8'));

  test('GIVEN a shipped environment WHEN synthesized THEN cdk.tf.json is what resolving the stack afresh gives', () => {
    const app = new App({ outdir });
    expect(synthesizeApp(app, [new EnvironmentStack(app, dev)])).toBe(0);
    expect(written()).toEqual(new EnvironmentStack(new App({ outdir }), dev).toTerraform());
  });

  test('GIVEN a construct added after the stack was judged WHEN synthesized THEN it is in the file', () => {
    const app = new App({ outdir });
    const stack = new EnvironmentStack(app, dev);
    stack.runAllValidations();
    new TerraformOutput(stack, 'added_later', { value: 'later' }).overrideLogicalId('added_later');
    app.synth();
    expect(written().output.added_later).toEqual({ value: 'later' });
  });

  test('GIVEN an aspect that changes a resource WHEN synthesized after the stack was judged THEN the change is in the file', () => {
    const app = new App({ outdir });
    const stack = new EnvironmentStack(app, dev);
    stack.runAllValidations();
    const describeOutputs: IAspect = {
      visit: (node: IConstruct) => {
        if (node instanceof TerraformOutput) node.description = 'set by an aspect';
      },
    };
    Aspects.of(stack).add(describeOutputs);
    app.synth();
    expect(written().output.trail_arn.description).toBe('set by an aspect');
  });
});
