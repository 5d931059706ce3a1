import { documentPathOf, policyDocumentIdsOf } from '../../../modules/synthesized-policies';
import { Instance, KnownIds, ProviderLocation, StackJson, StackScope } from './stack-scope';
import { ExpressionError } from './terraform-expression';

/** A policy in the JSON IAM reads. */
export interface PolicyJson {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatementJson[];
}

export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: '*' | Readonly<Record<string, readonly string[]>>;
  readonly NotPrincipal?: Readonly<Record<string, readonly string[]>>;
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource?: readonly string[];
  readonly NotResource?: readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** Where a policy takes effect, as AWS evaluates it. */
export type PolicyKind = 'key policy' | 'bucket policy' | 'topic policy' | 'trust policy' | 'role policy' | 'managed policy';

export interface PolicyAttachment {
  readonly kind: PolicyKind;
  /** ARN of the key, bucket, topic, role or managed policy it belongs to. */
  readonly arn: string;
  /** Terraform address of the resource that attaches it. */
  readonly address: string;
}

/** A policy document of the stack, rendered with every reference resolved. */
export interface RenderedPolicy {
  /** Construct path of the document, e.g. `AuditTrail/Key/Policy`: how tests and docs name it. */
  readonly name: string;
  readonly address: string;
  readonly document: PolicyJson;
  readonly attachedTo: readonly PolicyAttachment[];
}

interface StatementArguments {
  sid?: string;
  effect?: 'Allow' | 'Deny';
  actions?: string[];
  not_actions?: string[];
  resources?: string[];
  not_resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  not_principals?: { type: string; identifiers: string[] }[];
  condition?: { test: string; variable: string; values: string[] }[];
}

/** The arguments of aws_iam_policy_document the renderer understands; any other is refused. */
const DOCUMENT_ARGUMENTS = new Set(['statement', 'version', '//', 'depends_on']);

/**
 * The JSON the AWS provider's aws_iam_policy_document writes for its arguments (already
 * evaluated): the same elements, with `principals` of type `*` as `"Principal": "*"`, and
 * conditions grouped by operator.
 */
export function renderPolicyDocument(arguments_: Record<string, unknown>, address: string): PolicyJson {
  for (const name of Object.keys(arguments_)) {
    if (!DOCUMENT_ARGUMENTS.has(name)) throw new ExpressionError(`${address}: the access proof does not render the argument ${name}`);
  }
  const version = arguments_.version ?? '2012-10-17';
  if (version !== '2012-10-17') throw new ExpressionError(`${address}: policy version ${String(version)}; the stacks write 2012-10-17`);
  const statements = (arguments_.statement ?? []) as StatementArguments[];
  return { Version: '2012-10-17', Statement: statements.map((statement, index) => renderStatement(statement, `${address} statement ${statement.sid ?? index + 1}`)) };
}

function renderStatement(statement: StatementArguments, where: string): PolicyStatementJson {
  const list = (value: unknown, name: string): string[] | undefined => {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw new ExpressionError(`${where}: ${name} is not a list of strings: ${JSON.stringify(value)}`);
    // The provider's schema makes each of these a set of strings: a value given twice is there once.
    return [...new Set(value as string[])];
  };
  const principals = (blocks: StatementArguments['principals']) => {
    if (!blocks) return undefined;
    if (blocks.length === 1 && blocks[0].type === '*') {
      if (blocks[0].identifiers.length !== 1 || blocks[0].identifiers[0] !== '*') throw new ExpressionError(`${where}: principal type * takes the identifier * only`);
      return '*' as const;
    }
    const grouped: Record<string, string[]> = {};
    for (const block of blocks) grouped[block.type] = [...(grouped[block.type] ?? []), ...(list(block.identifiers, 'principal identifiers') ?? [])];
    return grouped;
  };
  const condition: Record<string, Record<string, string[]>> = {};
  for (const { test, variable, values } of statement.condition ?? []) {
    condition[test] ??= {};
    if (variable in condition[test]) throw new ExpressionError(`${where}: two ${test} conditions on ${variable}`);
    condition[test][variable] = list(values, `condition ${variable}`) ?? [];
  }
  const notPrincipal = principals(statement.not_principals);
  return {
    ...(statement.sid !== undefined && { Sid: statement.sid }),
    Effect: statement.effect ?? 'Allow',
    ...(statement.principals && { Principal: principals(statement.principals) }),
    ...(notPrincipal && { NotPrincipal: notPrincipal === '*' ? { AWS: ['*'] } : notPrincipal }),
    ...(statement.actions && { Action: list(statement.actions, 'actions') }),
    ...(statement.not_actions && { NotAction: list(statement.not_actions, 'not_actions') }),
    ...(statement.resources && { Resource: list(statement.resources, 'resources') }),
    ...(statement.not_resources && { NotResource: list(statement.not_resources, 'not_resources') }),
    ...(Object.keys(condition).length > 0 && { Condition: condition }),
  };
}

/** The data sources the access proof computes beyond the location: a policy document's JSON. */
export function policyDocumentAttributes(): ConstructorParameters<typeof StackScope>[3] {
  return {
    aws_iam_policy_document: ({ logicalId, arguments: arguments_ }) => ({
      json: () => JSON.stringify(renderPolicyDocument(arguments_, `data.aws_iam_policy_document.${logicalId}`)),
    }),
  };
}

/** A scope over a synthesized stack whose policy documents render to IAM JSON. */
export function stackScope(stack: StackJson, location: ProviderLocation, variables: Record<string, unknown> = {}, known: KnownIds = {}): StackScope {
  return new StackScope(stack, location, variables, policyDocumentAttributes(), known);
}

/**
 * How each resource type applies a policy document, and which resource the policy belongs to. A
 * document used anywhere else, or a policy attribute not built from a document, fails the proof:
 * a policy the proof cannot place is a policy nobody judged.
 */
const ATTACHMENTS: Record<string, Record<string, { kind: PolicyKind; owner: (instance: Instance, scope: StackScope) => string }>> = {
  aws_kms_key: { policy: { kind: 'key policy', owner: (key) => key.attributes.arn as string } },
  aws_s3_bucket_policy: { policy: { kind: 'bucket policy', owner: (policy, scope) => bucketArnOf(policy.attributes.bucket as string, scope) } },
  aws_sns_topic_policy: { policy: { kind: 'topic policy', owner: (policy) => policy.attributes.arn as string } },
  aws_iam_role: { assume_role_policy: { kind: 'trust policy', owner: (role) => role.attributes.arn as string } },
  aws_iam_role_policy: { policy: { kind: 'role policy', owner: (policy, scope) => roleArnOf(policy.attributes.role as string, scope) } },
  aws_iam_policy: { policy: { kind: 'managed policy', owner: (policy) => policy.attributes.arn as string } },
};

/** Attributes that hold a policy, whatever the resource: each must come from a policy document. */
const POLICY_ATTRIBUTE = /(^|_)policy$/;
/** Ways to give a role policies that do not go through an attachment the proof reads. */
const UNJUDGED_ROLE_POLICIES = ['inline_policy', 'managed_policy_arns', 'permissions_boundary'];

export function bucketArnOf(bucketName: string, scope: StackScope): string {
  return `arn:${scope.location.partition}:s3:::${bucketName}`;
}

export function roleArnOf(roleNameOrId: string, scope: StackScope): string {
  const role = scope.instances('aws_iam_role').find((candidate) => candidate.attributes.name === roleNameOrId);
  if (!role) throw new ExpressionError(`no role of the stack is named ${roleNameOrId}`);
  return role.attributes.arn as string;
}

/** A synthesized document by its construct path; one written by hand (the log-archive recipe) by its address. */
function nameOf(logicalId: string, document: { '//'?: { metadata?: { path?: string } } }): string {
  const synthesized = document['//'] !== undefined || /_[0-9A-F]{8}$/.test(logicalId);
  return synthesized ? documentPathOf(logicalId, document) : `data.aws_iam_policy_document.${logicalId}`;
}

const DOCUMENT_REFERENCE = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)(\[0\])?\.json\}$/;

/** The documents a policy attribute names: one reference, or the two a plan-time switch picks from (modules/policy.ts). */
function documentsNamedBy(value: string): string[] | undefined {
  const single = DOCUMENT_REFERENCE.exec(value);
  return single ? [single[1]] : policyDocumentIdsOf(value);
}

/** Of the documents an attribute names, the one its value is, as evaluated for this instance. */
function documentOf(instance: Instance, attribute: string, candidates: readonly string[], scope: StackScope): string {
  if (candidates.length === 1) return candidates[0];
  const value = instance.attributes[attribute];
  const chosen = scope.instances('aws_iam_policy_document', { data: true }).filter((document) => candidates.includes(document.logicalId) && document.attributes.json === value);
  if (chosen.length !== 1) throw new ExpressionError(`${instance.address}.${attribute} is none of ${candidates.join(', ')} as rendered, or more than one`);
  return chosen[0].logicalId;
}

/** Every policy document of the stack that takes effect somewhere, rendered, with where it applies. */
export function renderedPolicies(scope: StackScope): RenderedPolicy[] {
  const documents = scope.stack.data?.aws_iam_policy_document ?? {};
  const attachments = new Map<string, PolicyAttachment[]>();
  for (const [type, blocks] of Object.entries(scope.stack.resource ?? {})) {
    for (const [logicalId, block] of Object.entries(blocks)) {
      for (const [attribute, value] of Object.entries(block)) {
        if (type === 'aws_iam_role' && UNJUDGED_ROLE_POLICIES.includes(attribute)) {
          throw new ExpressionError(`${type}.${logicalId} sets ${attribute}; the access proof judges role policies only through aws_iam_role_policy and aws_iam_role_policy_attachment`);
        }
        if (!POLICY_ATTRIBUTE.test(attribute) || typeof value !== 'string') continue;
        const documents = documentsNamedBy(value);
        const rule = ATTACHMENTS[type]?.[attribute];
        if (!documents || !rule) {
          throw new ExpressionError(`${type}.${logicalId}.${attribute} holds a policy the access proof cannot place: ${documents ? 'this resource type is not one it judges' : 'it is not built from an aws_iam_policy_document'}`);
        }
        for (const instance of scope.instances(type).filter((candidate) => candidate.logicalId === logicalId)) {
          const documentId = documentOf(instance, attribute, documents, scope);
          const list = attachments.get(documentId) ?? [];
          list.push({ kind: rule.kind, arn: rule.owner(instance, scope), address: instance.address });
          attachments.set(documentId, list);
        }
      }
    }
  }
  return scope.instances('aws_iam_policy_document', { data: true }).flatMap((instance) => {
    const attachedTo = attachments.get(instance.logicalId) ?? [];
    if (attachedTo.length === 0) return [];
    return [{
      name: nameOf(instance.logicalId, documents[instance.logicalId] as { '//'?: { metadata?: { path?: string } } }),
      address: instance.address,
      document: JSON.parse(instance.attributes.json as string) as PolicyJson,
      attachedTo,
    }];
  });
}
