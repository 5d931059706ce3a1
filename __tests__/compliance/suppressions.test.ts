import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../scripts/lib/project-root';
import { reportOf, shippedStack, synthError } from '../support/compliance';
import { definitionProblems, validEnvironment } from '../support/environments';

describe('suppressions', () => {
  test('GIVEN a suppression without a reason THEN the definition is refused', () => {
    expect(definitionProblems([validEnvironment({ suppressions: [{ rule: 'log-group-retention' } as never] })])).toEqual([
      'environment "test", field suppressions[0].reason: is missing (string required)',
    ]);
  });

  test('GIVEN a reason that is not a sentence THEN it is refused, saying what a reason is', () => {
    expect(definitionProblems([validEnvironment({ suppressions: [{ rule: 'log-group-retention', reason: 'dev' }] })])).toEqual([
      'environment "test", field suppressions[0].reason: "dev" is not a reason; write at least one sentence saying why the finding is accepted (e.g. "Dev logs are disposable and 30 days covers every investigation.")',
    ]);
  });

  test('GIVEN an unknown rule id THEN it is refused, listing the ids', () => {
    expect(definitionProblems([validEnvironment({ suppressions: [{ rule: 'no-such-rule', reason: 'We do not need this check at all.' }] })])[0]).toMatch(
      /^environment "test", field suppressions\[0\]\.rule: "no-such-rule" is not a compliance rule id; accepted: trail-multi-region, /,
    );
  });

  test('GIVEN a suppression for one resource THEN exactly that finding is silenced, and reported with its reason', () => {
    const retention = (suppressions: { rule: string; resource?: string; reason: string }[]) =>
      shippedStack('dev', (env) => ({ ...env, suppressions: [...(env.suppressions ?? []).filter((s) => s.rule !== 'log-group-retention'), ...suppressions] }));
    const unsuppressed = reportOf(retention([])).findings.find((f) => f.rule === 'log-group-retention');
    expect(unsuppressed).toBeDefined();

    const reason = 'The dev log group is for debugging only, and a month is plenty.';
    const narrowed = retention([{ rule: 'log-group-retention', resource: unsuppressed!.resource, reason }]);
    expect(reportOf(narrowed).findings.filter((f) => f.rule === 'log-group-retention')).toEqual([]);
    expect(reportOf(narrowed).suppressions).toContainEqual({ rule: 'log-group-retention', scannerIds: ['CKV_AWS_338', 'CKV_AWS_66'], resource: unsuppressed!.resource, reason });
    expect(synthError(narrowed)).toBeUndefined();

    const elsewhere = retention([{ rule: 'log-group-retention', resource: 'aws_cloudwatch_log_group.SomethingElse', reason }]);
    expect(synthError(elsewhere)).toContain('[log-group-retention]');
  });
});

describe('npm run synth and compliance.json', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'compliance-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const synth = (environments: unknown) => {
    const definition = path.join(work, 'environments.json');
    writeFileSync(definition, JSON.stringify(environments));
    return spawnSync('bash', [path.join(PROJECT_ROOT, 'scripts', 'synth.sh')], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, S3_AUDIT_TRAIL_ENVIRONMENTS: definition, S3_AUDIT_TRAIL_OUTDIR: path.join(work, 'cdktf.out') },
      timeout: 60_000,
    });
  };

  test('GIVEN a compliant environment THEN each stack gets compliance.json with exactly the documented fields, and synth prints its suppressions', () => {
    const reason = 'Test data is thrown away after every run of this suite.';
    const result = synth([validEnvironment({ suppressions: [{ rule: 'destructive-changes-allowed', reason }] })]);
    expect(result.status).toBe(0);
    const report = JSON.parse(readFileSync(path.join(work, 'cdktf.out', 'stacks', 'test', 'compliance.json'), 'utf8'));
    expect(Object.keys(report)).toEqual(['stack', 'findings', 'suppressions', 'notApplicable']);
    // One account holding trail, bucket and detections: every rule applies.
    expect(report.notApplicable).toEqual([]);
    expect(report.stack).toBe('test');
    for (const finding of report.findings) expect(Object.keys(finding)).toEqual(['rule', 'level', 'scannerIds', 'resource', 'message']);
    expect(report.findings.map((f: { rule: string; level: string }) => `${f.level} ${f.rule}`)).toEqual(
      expect.arrayContaining(['warning trail-s3-read-data-events', 'warning log-bucket-replication']),
    );
    expect(report.suppressions).toEqual([
      { rule: 'destructive-changes-allowed', scannerIds: [], resource: expect.stringMatching(/^aws_s3_bucket\.AuditTrail_LogBucket_/), reason },
    ]);
    expect(result.stderr).toContain(`Suppressed: test: [destructive-changes-allowed] `);
    expect(result.stderr).toMatch(/Warning: test: \[log-bucket-replication\] aws_s3_bucket\.AuditTrail_LogBucket_[0-9A-F]+: /);
  });

  test('GIVEN a definition that suppresses nothing THEN synth raises no finding that no field of the definition can fix (no trail SNS topic)', () => {
    const result = synth([validEnvironment()]);
    expect(result.status).toBe(0);
    const report = JSON.parse(readFileSync(path.join(work, 'cdktf.out', 'stacks', 'test', 'compliance.json'), 'utf8'));
    expect(report.findings.map((f: { rule: string }) => f.rule)).not.toContain('trail-sns-topic');
    expect(result.stderr).not.toContain('sns_topic_name');
  });

  test('GIVEN a suppression of the retired rule trail-sns-topic THEN synth still succeeds and warns to remove it', () => {
    const reason = 'Alarms come from the metric filters; a notification per delivered log file would only add noise.';
    const result = synth([validEnvironment({ suppressions: [{ rule: 'trail-sns-topic', reason }] })]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('Warning: environment "test", field suppressions[0]: "trail-sns-topic" is no longer a rule: ');
    expect(result.stderr).toContain('Remove this suppression');
  });

  test('GIVEN two environments, one breaking an error rule THEN synth exits 1, names every failing stack, and writes nothing', () => {
    const result = synth([validEnvironment({ name: 'one', logRetentionDays: 30 }), validEnvironment({ name: 'two', logRetentionDays: 90 })]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Synth refused: 2 of 2 stacks fail the compliance pack');
    expect(result.stderr).toMatch(/\[one\/Compliance\] \[log-group-retention\] aws_cloudwatch_log_group\.AuditTrail_LogGroup_[0-9A-F]+: retention is 30 days/);
    expect(result.stderr).toMatch(/\[two\/Compliance\] \[log-group-retention\] .*retention is 90 days/);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(() => readFileSync(path.join(work, 'cdktf.out', 'stacks', 'one', 'cdk.tf.json'))).toThrow();
  });
});
