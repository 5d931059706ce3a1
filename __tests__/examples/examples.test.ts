/**
 * The definitions in examples/ are what a user copies first: each must load, validate, synthesize
 * and pass the compliance pack without a warning, and the sample CloudTrail log files shipped
 * beside them must make `npm run replay` report what examples/cloudtrail/README.md promises.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXIT_ALL_READ, main } from '../../scripts/replay';
import type { ReplayReport } from '../../scripts/lib/replay/replay-report';
import { App } from 'cdktf';
import { environmentStacks } from '../../stacks/environment-stacks';
import { loadEnvironments } from '../../stacks/load-environments';
import { synthesizeApp } from '../../stacks/synthesize-app';
import { logArchiveStackName } from '../../stacks/resource-names';

const ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');
const DEFINITIONS = readdirSync(EXAMPLES).filter((name) => name.endsWith('.json')).sort();
const SAMPLE_LOGS = path.join(EXAMPLES, 'cloudtrail');
/** The example the README shows synthesized and replayed. */
const README_EXAMPLE = 'two-accounts.json';

interface Said {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function synthesizeWithTheCommand(file: string, outdir: string): Said {
  const { INIT_CWD: _from, ...environ } = process.env;
  return spawnSync('bash', [path.join(ROOT, 'scripts', 'synth.sh')], {
    cwd: ROOT,
    env: { ...environ, S3_AUDIT_TRAIL_ENVIRONMENTS: `examples/${file}`, INIT_CWD: ROOT, S3_AUDIT_TRAIL_OUTDIR: outdir },
    encoding: 'utf8',
    timeout: 90_000,
  });
}

/** main.ts's steps: load and validate, print the warnings, build every stack, synthesize if all pass. */
async function synthesizeInProcess(definition: string, outdir: string): Promise<Said> {
  const printed: string[] = [];
  const print = (...args: unknown[]) => printed.push(args.join(' '));
  const spies = [jest.spyOn(console, 'warn').mockImplementation(print), jest.spyOn(console, 'error').mockImplementation(print)];
  try {
    const loaded = loadEnvironments([], { S3_AUDIT_TRAIL_ENVIRONMENTS: definition });
    for (const warning of loaded.warnings) console.error(`Warning: ${warning}`);
    const app = new App({ outdir });
    const status = synthesizeApp(app, loaded.environments.flatMap((env) => environmentStacks(app, env)));
    return { status, stdout: '', stderr: printed.join('\n') };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

test('GIVEN examples/ THEN it holds the starting definitions the README names', () => {
  expect(DEFINITIONS).toEqual(['alongside-control-tower.json', 'central-log-archive.json', 'one-account.json', 'organization-trail.json', 'two-accounts.json']);
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  for (const file of DEFINITIONS) expect({ file, named: readme.includes(`(examples/${file})`) }).toEqual({ file, named: true });
});

describe.each(DEFINITIONS)('examples/%s', (file) => {
  const definition = path.join(EXAMPLES, file);
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'example-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('THEN it validates with no warning', () => {
    const loaded = loadEnvironments([], { S3_AUDIT_TRAIL_ENVIRONMENTS: definition });
    expect(loaded.file).toBe(definition);
    expect(loaded.warnings).toEqual([]);
  });

  // One example goes through the command a user runs (scripts/synth.sh, a process of its own); the
  // others through the same app code in this process (main.ts's steps), which is what the command
  // runs after the shell's setup, and costs no process start and build check.
  const throughTheCommand = file === README_EXAMPLE;
  test(`WHEN synthesized ${throughTheCommand ? 'with npm run synth, as a user would' : 'by the app'} THEN every environment is written, passes the compliance pack, and synth warns of nothing`, async () => {
    const outdir = path.join(work, 'cdktf.out');
    const said = throughTheCommand ? synthesizeWithTheCommand(file, outdir) : await synthesizeInProcess(definition, outdir);
    expect(said.stderr).not.toMatch(/Warning|Invalid|refused/);
    expect(said.status).toBe(0);
    if (throughTheCommand) expect(said.stdout).toContain(`Definition: ${definition}`);
    const environments = loadEnvironments([], { S3_AUDIT_TRAIL_ENVIRONMENTS: definition }).environments;
    const trailStacks = environments.map((env) => env.name);
    const archiveStacks = environments.filter((env) => env.logArchive).map((env) => logArchiveStackName(env.name));
    expect(readdirSync(path.join(outdir, 'stacks')).sort()).toEqual([...trailStacks, ...archiveStacks].sort());
    for (const name of [...trailStacks, ...archiveStacks]) {
      const report = JSON.parse(readFileSync(path.join(outdir, 'stacks', name, 'compliance.json'), 'utf8'));
      expect({ name, findings: report.findings }).toEqual({ name, findings: [] });
    }
    for (const name of trailStacks) {
      const stack = JSON.parse(readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
      expect(Object.keys(stack.resource.aws_cloudtrail)).toHaveLength(1);
    }
  }, 120_000);
});

describe('the sample CloudTrail log files, replayed for prod of examples/two-accounts.json', () => {
  let report: ReplayReport;
  beforeAll(async () => {
    const out: string[] = [];
    const code = await main(['--json', '--env', 'prod', SAMPLE_LOGS], {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { isTTY: false, write: () => true },
      environ: { S3_AUDIT_TRAIL_ENVIRONMENTS: path.join(EXAMPLES, 'two-accounts.json') },
      workingDirectory: ROOT,
    });
    expect(code).toBe(EXIT_ALL_READ);
    report = JSON.parse(out.join(''));
  }, 60_000);

  test('THEN every file is read and exactly the alarms the sample README lists would have fired', () => {
    expect(report.files).toEqual({ read: 3, skipped: [], digestFilesLeftOut: 0 });
    const fired = report.detections.filter((d) => (d.alarmPeriods ?? []).length > 0).map((d) => d.id).sort();
    expect(fired).toEqual([
      'cis-cloudtrail-config-changes',
      's3-immutable-prefix-changed.northwind-invoices',
      's3-object-deletions',
      's3-unexpected-writer.northwind-orders',
      'trail-tampering',
    ]);
    const unexpected = report.detections.find((d) => d.id === 's3-unexpected-writer.northwind-orders');
    expect(unexpected?.topPrincipals).toEqual([{ principal: 'arn:aws:iam::444455556666:role/reports-exporter', count: 8 }]);
  });

  test('THEN the volume rows carry their bucket, as the per-bucket rows and the alarms do', () => {
    const volumeRows = report.detections.filter((d) => d.id.startsWith('s3-unusual-')).map((d) => [d.id, d.matches]);
    // A row per watched bucket, matches or none, as there is an alarm per watched bucket.
    expect(volumeRows).toEqual([
      ['s3-unusual-delete-volume.northwind-invoices', 1],
      ['s3-unusual-delete-volume.northwind-orders', 5],
      ['s3-unusual-delete-volume.northwind-public-assets', 0],
      ['s3-unusual-write-volume.northwind-invoices', 1],
      ['s3-unusual-write-volume.northwind-orders', 8],
      ['s3-unusual-write-volume.northwind-public-assets', 0],
    ]);
  });
});
