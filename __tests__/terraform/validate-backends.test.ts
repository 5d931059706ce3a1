import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { synthesize } from '../../scripts/lib/synth';
import { StackValidation, validateAll, validateTogether } from '../../scripts/validate';
import { DOCUMENTED_EXAMPLES } from '../../stacks/documented-examples';
import { validEnvironment } from '../support/environments';

/**
 * GIVEN stacks with an S3 and a Terraform Cloud backend WHEN Terraform initializes them without
 * their backend and validates them THEN both are valid: the backend blocks are what Terraform reads.
 * The README's examples ride along (a paging topic, a Chatbot channel through a second provider),
 * since no shipped environment has them and the emulator tier cannot apply Chatbot.
 */
describe('terraform validate with s3 and cloud backends, and the README examples', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'validate-backends-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('THEN every stack is valid', async () => {
    const definition = path.join(work, 'environments.json');
    writeFileSync(definition, JSON.stringify([
      validEnvironment({ name: 'on-s3', backend: { type: 's3', bucket: 'acme-tfstate', key: 'on-s3.tfstate', region: 'eu-west-1', useLockfile: true, roleArn: 'arn:aws:iam::123456789012:role/state' } }),
      validEnvironment({ name: 'on-cloud', backend: { type: 'cloud', organization: 'acme', workspaceTags: ['s3-audit'], project: 'security' } }),
      ...DOCUMENTED_EXAMPLES,
    ]));
    const outdir = path.join(work, 'cdktf.out');
    synthesize(outdir, { ...process.env, S3_AUDIT_TRAIL_ENVIRONMENTS: definition });
    const results = await validateAll(outdir);
    expect(results.map((result) => ({ stack: result.stack, valid: result.valid, problems: result.problems }))).toEqual([
      { stack: 'on-cloud', valid: true, problems: [] },
      { stack: 'on-s3', valid: true, problems: [] },
      ...DOCUMENTED_EXAMPLES.map((example) => ({ stack: example.name, valid: true, problems: [] })),
    ]);
  }, 300_000);
});

/** The definitions a user copies from examples/: what they synthesize, Terraform finds valid, all in one validate run. */
describe('terraform validate of examples/*.json', () => {
  const examples = readdirSync(path.join(__dirname, '..', '..', 'examples')).filter((name) => name.endsWith('.json'));
  const work = mkdtempSync(path.join(tmpdir(), 'validate-example-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  let results: Map<string, StackValidation[]>;

  beforeAll(async () => {
    const stacksOf = new Map<string, string[]>();
    for (const file of examples) {
      const outdir = path.join(work, file, 'cdktf.out');
      mkdirSync(path.dirname(outdir), { recursive: true });
      synthesize(outdir, { ...process.env, S3_AUDIT_TRAIL_ENVIRONMENTS: path.join(__dirname, '..', '..', 'examples', file) });
      stacksOf.set(file, readdirSync(path.join(outdir, 'stacks')).sort().map((stack) => path.join(outdir, 'stacks', stack)));
    }
    // validateTogether answers in the order it was given the stacks.
    const all = await validateTogether([...stacksOf.values()].flat());
    let next = 0;
    results = new Map([...stacksOf].map(([file, dirs]) => [file, all.slice(next, (next += dirs.length))]));
  }, 300_000);

  test.each(examples)('THEN every stack of examples/%s is valid', (file) => {
    const definition = path.join(__dirname, '..', '..', 'examples', file);
    const environments = JSON.parse(readFileSync(definition, 'utf8')) as { name: string; logArchive?: unknown }[];
    const names = environments.flatMap((env) => [env.name, ...(env.logArchive ? [`${env.name}-log-archive`] : [])]).sort();
    expect(results.get(file)?.map((result) => ({ stack: result.stack, valid: result.valid, problems: result.problems }))).toEqual(
      names.map((stack) => ({ stack, valid: true, problems: [] })),
    );
  });
});
