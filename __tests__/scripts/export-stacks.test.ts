import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportStacks } from '../../scripts/export-stacks';
import { validEnvironment } from '../support/environments';

describe('npm run export:stacks', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'export-stacks-test-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));
  const withDefinition = (environments: unknown) => {
    const definition = path.join(work, 'environments.json');
    writeFileSync(definition, JSON.stringify(environments));
    return { ...process.env, S3_AUDIT_TRAIL_ENVIRONMENTS: definition };
  };

  test('GIVEN two environments THEN each gets <folder>/<env>/cdk.tf.json and compliance.json, and other files stay', () => {
    const target = path.join(work, 'terraform', 'stacks');
    mkdirSync(path.join(target, 'one'), { recursive: true });
    writeFileSync(path.join(target, 'one', '.terraform.lock.hcl'), 'kept');
    const env = withDefinition([
      validEnvironment({ name: 'one', backend: { type: 'cloud', organization: 'acme', workspace: 's3-audit-one' } }),
      validEnvironment({ name: 'two', backend: { type: 'cloud', organization: 'acme', workspace: 's3-audit-two' } }),
    ]);
    expect(exportStacks(target, env)).toEqual(['one', 'two']);
    expect(readdirSync(path.join(target, 'one')).sort()).toEqual(['.terraform.lock.hcl', 'cdk.tf.json', 'compliance.json']);
    const stack = JSON.parse(readFileSync(path.join(target, 'two', 'cdk.tf.json'), 'utf8'));
    expect(stack.terraform.cloud).toEqual({ organization: 'acme', workspaces: { name: 's3-audit-two' } });
    expect(readFileSync(path.join(target, 'one', '.terraform.lock.hcl'), 'utf8')).toBe('kept');
  });

  test('GIVEN an environment with the default local backend THEN the exported stack keeps its state in its own folder, not three folders up', () => {
    const target = path.join(work, 'terraform', 'stacks');
    const lines: string[] = [];
    exportStacks(target, withDefinition([validEnvironment({ name: 'one' }), validEnvironment({ name: 'two', backend: { type: 'local', path: 'state/two.tfstate' } })]), (line) => lines.push(line));
    const one = JSON.parse(readFileSync(path.join(target, 'one', 'cdk.tf.json'), 'utf8'));
    expect(one.terraform.backend.local.path).toBe('terraform.tfstate');
    expect(path.resolve(target, 'one', one.terraform.backend.local.path).startsWith(path.join(target, 'one') + path.sep)).toBe(true);
    // A path the environment chose is its own.
    const two = JSON.parse(readFileSync(path.join(target, 'two', 'cdk.tf.json'), 'utf8'));
    expect(two.terraform.backend.local.path).toBe('state/two.tfstate');
    expect(lines).toEqual([`one: local state goes to ${path.join(target, 'one', 'terraform.tfstate')}; do not commit it (give the environment an s3 or cloud backend to share state)`]);
  });

  test('GIVEN an invalid definition THEN it throws with the reason and writes nothing', () => {
    const target = path.join(work, 'terraform');
    expect(() => exportStacks(target, withDefinition([validEnvironment({ accountId: '1' })]))).toThrow('is not a 12-digit AWS account id');
    expect(existsSync(target)).toBe(false);
  });
});
