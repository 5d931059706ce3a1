/**
 * `npm run docs:policies`: renders docs/policies.md, every policy statement the stacks write, from
 * the shipped environments as synthesized, each with the AWS page it follows
 * (modules/policy-sources.ts). With `--check` it writes nothing and exits 1 when the file is stale.
 * A statement with no recorded AWS page makes rendering fail, so the reference cannot go stale
 * or be incomplete without a test failing. Each statement lists the interactions the access-proof
 * tier judged it to decide (scripts/lib/access-proof), with the page that says what the caller sends.
 */
import path from 'node:path';
import { POLICY_SOURCES } from '../modules/policy-sources';
import { SynthesizedStatement, synthesizedStatements } from '../modules/synthesized-policies';
import { judge } from './lib/access-proof/judge';
import type { RenderedPolicy } from './lib/access-proof/rendered-policies';
import type { StackJson } from './lib/access-proof/stack-scope';
import { otherAccountPolicies, proofsOf, StatementProofs, statementProofs } from './lib/access-proof/statement-proofs';
import { environmentStackJsons, subjectOfEnvironmentStacks } from './lib/access-proof/subjects';
import { exampleDefinitions } from './lib/example-definitions';
import { EnvironmentSettings } from '../stacks/environment-schema';
import { logArchiveStackName } from '../stacks/resource-names';
import { DOCUMENTED_EXAMPLES } from '../stacks/documented-examples';
import { ENVIRONMENTS } from '../stacks/environments';
import { parseEnvironments } from '../stacks/load-environments';
import { writeOrCheckDoc } from './lib/generated-doc';
import { PROJECT_ROOT } from './lib/project-root';

export const POLICIES_DOC_PATH = path.join(PROJECT_ROOT, 'docs', 'policies.md');
export const REGENERATE_POLICIES_COMMAND = 'npm run docs:policies';

/** What each policy document is called in the reference, by construct path. */
const DOCUMENT_TITLES: Record<string, string> = {
  'AuditTrail/Key/Policy': 'KMS key policy of the trail key',
  'LogArchive/Key/Policy': 'KMS key policy of the log-archive key (log-archive stack)',
  'LogArchive/LogBucket/PolicyDocument': 'Bucket policy of the log bucket in a log archive (log-archive stack)',
  'LogArchive/AccessLogBucket/PolicyDocument': 'Bucket policy of the access-log bucket in a log archive (log-archive stack)',
  'LogArchive/Replication/TrustPolicy': 'Trust policy of the replication role (log-archive stack)',
  'LogArchive/Replication/PermissionsPolicy': 'Permissions of the replication role (log-archive stack)',
  'AuditTrail/LogBucket/PolicyDocument': 'Bucket policy of the trail log bucket',
  'AuditTrail/AccessLogBucket/PolicyDocument': 'Bucket policy of the access-log bucket',
  'AuditTrail/DeliveryRole/TrustPolicy': 'Trust policy of the CloudTrail delivery role',
  'AuditTrail/DeliveryRole/PermissionsPolicy': 'Permissions of the CloudTrail delivery role',
  'AuditTrail/Replication/TrustPolicy': 'Trust policy of the replication role',
  'AuditTrail/Replication/PermissionsPolicy': 'Permissions of the replication role',
  'AuditTrail/Alarms/TopicPolicyDocument': 'Access policy of the alarm topic',
  'AuditTrail/Alarms/PagingTopic/TopicPolicyDocument': 'Access policy of the paging topic',
  'AuditTrail/ChatChannel/TrustPolicy': 'Trust policy of the Chatbot channel role',
  'AuditTrail/ChatChannel/GuardrailPolicyDocument': 'Guardrail and permissions of the Chatbot channel',
};

/**
 * Every statement of every documented stack, by stack label: the examples' and the README's first,
 * the shipped environments' last, so that a statement is rendered from the last stack that writes
 * it and the shipped values show wherever a shipped environment has it.
 */
export function shippedStatements(stacks: Map<string, StackJson> = shippedStacks()): Map<string, SynthesizedStatement[]> {
  return new Map([...stacks].map(([label, stack]) => [label, synthesizedStatements(stack)]));
}

/** An environment the reference documents, and the suffix that tells its stacks from another definition's of the same name. */
export interface DocumentedEnvironment {
  readonly env: EnvironmentSettings;
  /** '' for the shipped and README environments; ` (examples/<file>)` for a definition under examples/, which may reuse a shipped name. */
  readonly source: string;
}

/** The environments the reference documents: examples/*.json, the README's, the shipped ones. */
export function documentedEnvironments(): DocumentedEnvironment[] {
  return [
    ...[...exampleDefinitions()].flatMap(([file, envs]) => envs.map((env) => ({ env, source: ` (examples/${file})` }))),
    ...[...parseEnvironments(DOCUMENTED_EXAMPLES), ...parseEnvironments(ENVIRONMENTS)].map((env) => ({ env, source: '' })),
  ];
}

/** Their stacks, synthesized, by label: the stack name and, for an example, its file. */
export function shippedStacks(environments: readonly DocumentedEnvironment[] = documentedEnvironments()): Map<string, StackJson> {
  return new Map(environments.flatMap((documented) => stacksOf(documented)));
}

function stacksOf({ env, source }: DocumentedEnvironment): [string, StackJson][] {
  return [...environmentStackJsons(env)].map(([name, stack]) => [`${name}${source}`, stack]);
}

export interface ShippedProofs {
  readonly proofs: StatementProofs;
  /** The other account's side the stacks rely on (the log-archive recipe). */
  readonly otherAccounts: readonly RenderedPolicy[];
}

/** Every interaction of the access-proof tier over the same stacks, by the statement that decided it. */
export async function shippedProofs(environments: readonly DocumentedEnvironment[] = documentedEnvironments(), stacks: Map<string, StackJson> = shippedStacks(environments)): Promise<ShippedProofs> {
  const judgements = await Promise.all(
    environments.map(async ({ env, source }) => {
      const byStackName = new Map(
        [env.name, logArchiveStackName(env.name)].flatMap((name) => {
          const stack = stacks.get(`${name}${source}`);
          return stack ? [[name, stack] as const] : [];
        }),
      );
      return judge(await subjectOfEnvironmentStacks(env, byStackName));
    }),
  );
  return { proofs: statementProofs(judgements), otherAccounts: otherAccountPolicies(judgements) };
}

/** `${aws_s3_bucket.AuditTrail_LogBucket_1A2B.arn}` → `${aws_s3_bucket.arn}`: stable and still readable. */
function readable(value: string): string {
  return value.replace(/\$\{((?:data\.)?aws_[a-z0-9_]+)\.[A-Za-z0-9_]+\.([a-z_]+)\}/g, '${$1.$2}');
}

const code = (value: string) => `\`${readable(value)}\``;

function documentTitle(statement: SynthesizedStatement): string {
  const title = DOCUMENT_TITLES[statement.documentPath];
  if (!title) throw new Error(`docs/policies.md has no title for the policy document ${statement.documentPath}; add one to DOCUMENT_TITLES`);
  return title;
}

function renderProofs(proofs: StatementProofs, policy: string, sid: string): string[] {
  const found = proofsOf(proofs, policy, sid);
  if (found.length === 0) return ['- Proven by: nothing (the access-proof tier fails while a statement decides no interaction)'];
  return [
    '- Proven by (access-proof tier):',
    ...found.map((proof) => `  - \`${proof.kind}\` (${proof.expect}): ${proof.says}. What the caller sends: [${proof.source.title}](${proof.source.url})`),
  ];
}

function renderStatement(statement: SynthesizedStatement, environments: readonly string[], all: readonly string[], proofs: StatementProofs): string[] {
  const sid = statement.sid ?? '(no Sid)';
  const source = statement.sid ? POLICY_SOURCES[statement.sid] : undefined;
  if (!source) throw new Error(`statement ${sid} in ${statement.documentPath} has no AWS page in modules/policy-sources.ts`);
  const principals = Object.entries(statement.principals).flatMap(([type, ids]) => ids.map((id) => `${type} ${code(id)}`));
  const lines = [
    `### ${sid}`,
    '',
    `- Effect: ${statement.effect}`,
    `- Principal: ${principals.length > 0 ? principals.join(', ') : 'the role it is attached to'}`,
    `- Actions: ${statement.actions.map(code).join(', ')}`,
    `- Resources: ${statement.resources.length > 0 ? statement.resources.map(code).join(', ') : '—'}`,
    `- Conditions:${statement.conditions.length === 0 ? ' none' : ''}`,
    ...statement.conditions.map((c) => `  - ${c.test} ${code(c.variable)}: ${c.values.map(code).join(', ')}`),
    `- Follows: [${source.follows.title}](${source.follows.url})`,
    ...(source.seeAlso ?? []).map((page) => `- See also: [${page.title}](${page.url})`),
  ];
  if (statement.principals.Service) {
    lines.push(
      source.confusedDeputyException
        ? `- Confused-deputy guard: none, by design. ${source.confusedDeputyException.reason} ([${source.confusedDeputyException.page.title}](${source.confusedDeputyException.page.url}))`
        : `- Confused-deputy guard: ${statement.conditions.filter((c) => /^(aws:Source|kms:EncryptionContext)/.test(c.variable)).map((c) => code(c.variable)).join(', ')}`,
    );
  }
  if (environments.length < all.length) lines.push(`- Only in: ${environments.join(', ')}`);
  lines.push(...renderProofs(proofs, statement.documentPath, sid));
  return lines;
}

/** The other account's policies, statement by statement, with what proves each. */
function renderOtherAccounts(policies: readonly RenderedPolicy[], proofs: StatementProofs): string[] {
  if (policies.length === 0) return [];
  return [
    '## The log-archive account (examples/log-archive-account/main.tf)',
    '',
    "Applied in the log-archive account, not by the stacks; judged with each replicating stack's own policies, values shown for `prod`'s archive.",
    '',
    ...policies.flatMap((policy) => [
      `### ${policy.name}`,
      '',
      `Attached as ${policy.attachedTo.map((a) => a.kind).join(', ')}.`,
      '',
      ...policy.document.Statement.flatMap((statement, index) => {
        const sid = statement.Sid ?? `statement ${index + 1}`;
        return [
          `#### ${sid}`,
          '',
          `- Effect: ${statement.Effect}`,
          `- Principal: ${statement.Principal === '*' ? '`*`' : Object.entries(statement.Principal ?? {}).flatMap(([type, ids]) => ids.map((id) => `${type} \`${id}\``)).join(', ')}`,
          `- Actions: ${(statement.Action ?? []).map((action) => `\`${action}\``).join(', ')}`,
          ...renderProofs(proofs, policy.name, sid),
          '',
        ];
      }),
    ]),
  ];
}

export function renderPoliciesDoc(byEnvironment: Map<string, SynthesizedStatement[]>, proofs: ShippedProofs = { proofs: new Map(), otherAccounts: [] }): string {
  const environments = [...byEnvironment.keys()];
  const example = environments[environments.length - 1];
  // Each document once, each statement once: rendered from the last environment that has it.
  const documents = new Map<string, Map<string, { statement: SynthesizedStatement; in: string[] }>>();
  for (const [env, statements] of byEnvironment) {
    for (const statement of statements) {
      if (!hasSourceOrThrow(statement)) continue;
      const document = documents.get(statement.documentPath) ?? new Map();
      documents.set(statement.documentPath, document);
      const seen = document.get(statement.sid as string);
      document.set(statement.sid as string, { statement, in: [...(seen?.in ?? []), env] });
    }
  }
  const sections = [...documents.entries()].map(([documentPath, statements]) => {
    const first = [...statements.values()][0].statement;
    return [
      `## ${documentTitle(first)}`,
      '',
      `Document \`${documentPath}\`, attached as ${first.attachedTo.map((a) => `\`${a.type}.${a.attribute}\``).join(', ')}.`,
      '',
      ...[...statements.values()].flatMap((entry) => [...renderStatement(entry.statement, entry.in, environments, proofs.proofs), '']),
    ].join('\n').trimEnd();
  });
  const exceptions = Object.entries(POLICY_SOURCES).filter(([, source]) => source.confusedDeputyException);
  return [
    `<!-- Generated from the synthesized stacks by scripts/generate-policies-doc.ts. Do not edit; run \`${REGENERATE_POLICIES_COMMAND}\`. -->`,
    '',
    '# Policy reference',
    '',
    `Every IAM, KMS, S3 and SNS policy statement the stacks write, read from the synthesized Terraform JSON of the shipped ` +
      `environments, the README's examples (stacks/documented-examples.ts) and the definitions in examples/ (stacks ${environments.join(', ')}; values shown for \`${example}\` where it has the statement), with the AWS documentation page whose ` +
      'shape it follows. References to other resources appear as `${<type>.<attribute>}`; Terraform fills them in at apply.',
    '',
    'Under each statement, the interactions the access-proof tier (`__tests__/access`, in `npm run test:unit`) judged it to ' +
      'decide with an IAM policy simulator: each a request built from the AWS page that says what the caller sends. A statement ' +
      'that decides no interaction fails that tier, as does any interaction that is not decided as promised: a service doing ' +
      'its job allowed, anyone else denied.',
    '',
    `> Generated. Do not edit; change the constructs or modules/policy-sources.ts and run \`${REGENERATE_POLICIES_COMMAND}\`. ` +
      'A unit test fails while this file is stale, and when a statement has no AWS page recorded.',
    '',
    '## Confused-deputy guards',
    '',
    'Every statement for an AWS service principal carries `aws:SourceArn` / `aws:SourceAccount`, or a KMS encryption-context ' +
      'condition naming our own resource, except where AWS documents that the service does not send them or documents the ' +
      'statement without them. Those exceptions, and only those:',
    '',
    ...exceptions.map(([sid, source]) => `- \`${sid}\`: ${source.confusedDeputyException?.reason} ([${source.confusedDeputyException?.page.title}](${source.confusedDeputyException?.page.url}))`),
    '',
    ...sections.flatMap((section) => [section, '']),
    // The other accounts' stacks the project synthesizes (log archives) are rendered above; what is
    // left is written by hand: the log-archive account's side of replication.
    ...renderOtherAccounts(proofs.otherAccounts.filter((policy) => !documents.has(policy.name)), proofs.proofs),
  ].join('\n').trimEnd() + '\n';
}

function hasSourceOrThrow(statement: SynthesizedStatement): boolean {
  if (!statement.sid) throw new Error(`a statement in ${statement.documentPath} has no Sid; every statement needs one to be documented`);
  return true;
}

/**
 * Writes the reference, or with `--check` compares it. `stacks` are the documented environments'
 * stacks when the caller has synthesized them already (a test that also reads their statements).
 */
export async function main(args: readonly string[], docPath = POLICIES_DOC_PATH, stacks?: Map<string, StackJson>): Promise<number> {
  const environments = documentedEnvironments();
  const synthesized = stacks ?? shippedStacks(environments);
  return writeOrCheckDoc(docPath, renderPoliciesDoc(shippedStatements(synthesized), await shippedProofs(environments, synthesized)), args, REGENERATE_POLICIES_COMMAND);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
