import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { synthHcl } from '../../scripts/synth-hcl';
import { StackValidation, validateTogether } from '../../scripts/validate';
import { validEnvironment } from '../support/environments';

/**
 * GIVEN every shipped environment rendered as HCL (cdktf's renderer, repaired) WHEN Terraform
 * initializes each without its backend THEN it validates with neither error nor warning.
 */
describe('the environment stacks as HCL', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'stacks-hcl-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const shipped = synthHcl(path.join(work, 'shipped'), {});
  const definition = path.join(work, 'backends.json');
  writeFileSync(definition, JSON.stringify([
    validEnvironment({ name: 'on-cloud', backend: { type: 'cloud', organization: 'acme', workspace: 'w', project: 'p' } }),
    validEnvironment({ name: 'on-s3', backend: { type: 's3', bucket: 'acme-tfstate', key: 'k', region: 'eu-west-1', useLockfile: true } }),
  ]));
  const withBackends = synthHcl(path.join(work, 'backends'), { S3_AUDIT_TRAIL_ENVIRONMENTS: definition });

  const stacks: [string, string][] = [...shipped.map((stack): [string, string] => ['shipped', stack]), ...withBackends.map((stack): [string, string] => ['backends', stack])];
  // One validate run for all of them (validateTogether): each run is mostly the provider loading its
  // schema. It reports a failure as problems of the stacks concerned; it never rejects.
  let validations: StackValidation[];
  beforeAll(async () => {
    validations = await validateTogether(stacks.map(([set, stack]) => path.join(work, set, 'stacks', stack)));
  }, 300_000);

  test.each(stacks.map(([set, stack], index) => [set, stack, index] as const))('THEN %s stack %s validates', (_set, _stack, index) => {
    expect(validations[index]).toMatchObject({ valid: true, problems: [] });
  });
});
