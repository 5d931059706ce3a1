/**
 * `npm run docs:compliance`: renders docs/compliance.md from the rule pack and the shipped
 * environments' suppressions. With `--check` it writes nothing and exits 1 when the file is stale.
 */
import path from 'node:path';
import { COMPLIANCE_RULES } from '../modules/compliance/pack';
import { ComplianceRule } from '../modules/compliance/rule';
import { ENVIRONMENTS } from '../stacks/environments';
import { parseEnvironments } from '../stacks/load-environments';
import { writeOrCheckDoc } from './lib/generated-doc';
import { PROJECT_ROOT } from './lib/project-root';

export const COMPLIANCE_DOC_PATH = path.join(PROJECT_ROOT, 'docs', 'compliance.md');
const REGENERATE = 'npm run docs:compliance';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const list = (items: readonly string[] | undefined) => (items && items.length > 0 ? items.map((item) => `\`${item}\``).join(', ') : '—');

function ruleRow(rule: ComplianceRule): string {
  return `| \`${rule.id}\` | ${rule.level} | ${cell(rule.description)} | ${list(rule.scannerIds)} | ${cell((rule.controls ?? []).join(', ') || '—')} | ${cell(rule.fix)} |`;
}

/** The findings real scanners report on the shipped stacks, and why each is there. */
const EXPECTED_SCANNER_FINDINGS: readonly [check: string, where: string, why: string][] = [
  ['CKV_AWS_18 / AVD-AWS-0089', 'the access-log bucket', 'It receives the log bucket\'s access logs; logging its own access would need a third bucket, and so on without end.'],
  ['CKV_AWS_145 / AVD-AWS-0132', 'the access-log bucket', 'S3 server access log delivery does not support a destination encrypted with SSE-KMS by default; it uses SSE-S3.'],
  ['CKV_AWS_144', 'both buckets in dev and staging; the access-log bucket everywhere', 'Replication is on for prod\'s log bucket only (suppressed in dev and staging, with the reason below); access logs are not replicated.'],
  ['CKV_AWS_143', 'the access-log bucket; the log bucket in dev and staging', 'An Object Lock default retention blocks server access log delivery; dev and staging do not ask for Object Lock.'],
  ['CKV2_AWS_62', 'both buckets', 'Event notifications are not used: the trail and the alarms are the notification path.'],
  ['CKV_AWS_338', 'the log group in dev and staging', 'Shorter retention, suppressed with the reason below; the log files in S3 are the full record.'],
  ['CKV_AWS_252', 'the trail', 'No SNS notification per delivered log file: alarms come from the metric filters, and trail-delivery-stopped reports a trail gone silent, so a message per file would only add noise. The pack has no rule for it.'],
  ['AVD-AWS-0172', 'the trail in dev and staging', 'Read data events are recorded in prod only (suppressed with the reason below).'],
  ['CKV_AWS_111 / CKV_AWS_356 / CKV_AWS_109', 'the KMS key policy', 'A key policy\'s Resource is always "*" (the key itself), and the account root holds kms:* so the key stays manageable: the shape AWS documents as the default key policy.'],
];

export function renderComplianceDoc(): string {
  const environments = parseEnvironments(ENVIRONMENTS);
  const suppressionRows = environments.flatMap((env) =>
    env.suppressions.map((s) => `| ${env.name} | \`${s.rule}\` | ${s.resource ? `\`${s.resource}\`` : 'all findings of the rule'} | ${cell(s.reason)} |`),
  );
  return [
    `<!-- Generated from modules/compliance and stacks/environments.ts by scripts/generate-compliance-doc.ts. Do not edit; run \`${REGENERATE}\`. -->`,
    '',
    '# Compliance rule pack',
    '',
    'Every environment stack is checked against these rules when it is synthesized (`npm run synth`, `cdktf synth`), through ' +
      "cdktf's own validation. Each rule reads the synthesized Terraform JSON, not the constructs' intent, so an edit that " +
      'weakens the audit setup fails synth, naming the rule, the resource and the fix:',
    '',
    '```',
    '[dev/Compliance] [log-group-retention] aws_cloudwatch_log_group.AuditTrail_LogGroup_28BB9333: retention is 30 days, under a year — set logRetentionDays to 365 or more, or suppress with the reason',
    '```',
    '',
    '- **error** rules stop synth; nothing is written. **warning** rules print and are reported.',
    '- Each stack gets `cdktf.out/stacks/<env>/compliance.json`: `{ stack, findings: [{ rule, level, scannerIds, resource, message }], suppressions: [{ rule, scannerIds, resource, reason }], notApplicable: [{ rule, reason }], coveredAccounts? }`, ' +
      'where `resource` is the Terraform address (`type.logicalId`). A pipeline or an auditor reads that file.',
    '- A rule that judges what a stack does not hold is listed under `notApplicable` with where it is instead, never passed in silence: ' +
      "with a log archive, the bucket rules are judged in the `<env>-log-archive` stack and the trail's rules in the trail's; beside an existing trail " +
      "(AWS Control Tower's), `trail-management-events-all` names that trail. An organization trail's stack lists under `coveredAccounts` the accounts " +
      'its trail rules (multi-region, management events, log file validation) hold for besides its own: the management account and the members the definition names.',
    '- The scanner ids are the equivalent checks in Checkov and Trivy, and the controls those of the CIS AWS Foundations Benchmark and AWS Security Hub, where one exists.',
    '',
    `> Generated. Do not edit; run \`${REGENERATE}\`. A unit test fails while this file is stale.`,
    '',
    '## Suppressing a finding',
    '',
    'An environment accepts a finding only in writing, in [`stacks/environments.ts`](../stacks/environments.ts):',
    '',
    '```ts',
    'suppressions: [',
    "  { rule: 'log-group-retention', reason: 'Dev events are searchable for 30 days; the log files in S3 keep the full record.' },",
    "  { rule: 'bucket-lifecycle', resource: 'aws_s3_bucket.AuditTrail_AccessLogBucket_F2DA112A', reason: '...' },",
    '],',
    '```',
    '',
    '- `reason` must be at least one sentence (several words ending in a full stop); `rule` must be a rule id below. Anything else is refused when the environments are loaded.',
    '- `resource`, the address a finding prints, narrows the suppression to that resource; without it, every finding of the rule in that environment is accepted.',
    '- Synth prints the suppressions in force, and compliance.json lists each with its reason.',
    '',
    '## Rules',
    '',
    '| Rule | Level | Requires | Scanner ids | Controls | Fix |',
    '| --- | --- | --- | --- | --- | --- |',
    ...COMPLIANCE_RULES.map(ruleRow),
    '',
    '## Suppressions in the shipped environments',
    '',
    '| Environment | Rule | Resource | Reason |',
    '| --- | --- | --- | --- |',
    ...suppressionRows,
    '',
    '## Running the real scanners',
    '',
    'Checkov and Trivy are not installed by this project (their registries are out of reach of our build machines); run them where you can.',
    '',
    '**Checkov on a plan** (the most faithful: references are resolved):',
    '',
    '```sh',
    'npm run synth',
    'cd cdktf.out/stacks/prod',
    'terraform init && terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json',
    'checkov -f plan.json --framework terraform_plan',
    '```',
    '',
    '**Checkov on the synthesized JSON** (`--framework terraform_json`) crashes on `terraform.required_version`, which every stack sets ' +
      '([bridgecrewio/checkov#7454](https://github.com/bridgecrewio/checkov/issues/7454); the fix, #7467, is not merged). Scan a copy without it:',
    '',
    '```sh',
    "jq 'del(.terraform.required_version)' cdktf.out/stacks/prod/cdk.tf.json > /tmp/prod.tf.json",
    'checkov -f /tmp/prod.tf.json --framework terraform_json',
    '```',
    '',
    '**Trivy**: `trivy config cdktf.out/stacks/prod` (or on `plan.json`).',
    '',
    '### Findings to expect on the shipped environments',
    '',
    'Our own pack passes on every shipped environment. The scanners still report these, each a deliberate choice:',
    '',
    '| Check | Where | Why it is there |',
    '| --- | --- | --- |',
    ...EXPECTED_SCANNER_FINDINGS.map(([check, where, why]) => `| ${check} | ${cell(where)} | ${cell(why)} |`),
    '',
    'These expectations are written from the scanners\' published check catalogs; the scanners themselves could not be run here, so check a first run against this list.',
  ].join('\n') + '\n';
}

export function main(args: readonly string[], docPath = COMPLIANCE_DOC_PATH): number {
  return writeOrCheckDoc(docPath, renderComplianceDoc(), args, REGENERATE);
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
