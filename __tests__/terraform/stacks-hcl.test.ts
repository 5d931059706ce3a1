import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { synthHcl } from '../../scripts/synth-hcl';
import { StackValidation, validateStack } from '../../scripts/validate';
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

  const stacks = [...shipped.map((stack) => ['shipped', stack]), ...withBackends.map((stack) => ['backends', stack])];
  // All at once: each is one init and one validate, mostly the provider loading its schema, and a
  // file that runs them one after the other is the last of the run to finish.
  // validateStack reports a failure as problems; it never rejects.
  const validations = new Map<string, Promise<StackValidation>>();
  beforeAll(() => {
    for (const [set, stack] of stacks) validations.set(`${set}/${stack}`, validateStack(path.join(work, set, 'stacks', stack)));
  });

  test.each(stacks)('THEN %s stack %s validates', async (set, stack) => {
    expect(await validations.get(`${set}/${stack}`)).toMatchObject({ valid: true, problems: [] });
  }, 300_000);
});
