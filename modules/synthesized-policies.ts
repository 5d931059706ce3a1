/**
 * The policy statements of a synthesized stack (its `cdk.tf.json`, parsed), in the shape IAM reads
 * them, with the document they belong to and the resources that attach it. Read by the policy
 * reference (docs/policies.md), its tests and the compliance rules: all judge what was synthesized,
 * not what the constructs meant to write.
 */

export interface StatementCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

export interface SynthesizedStatement {
  /** Logical id of the `aws_iam_policy_document` data source. */
  readonly documentId: string;
  /** Construct path of the document below the stack, e.g. `AuditTrail/Key/Policy`. */
  readonly documentPath: string;
  /** `aws_kms_key.<id>.policy`, `aws_iam_role.<id>.assume_role_policy`, ...: where the document is used. */
  readonly attachedTo: readonly { readonly type: string; readonly id: string; readonly attribute: string }[];
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  /** By principal type (`Service`, `AWS`, `*`). */
  readonly principals: Readonly<Record<string, readonly string[]>>;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions: readonly StatementCondition[];
}

interface SynthesizedDocument {
  readonly '//'?: { metadata?: { path?: string } };
  readonly statement?: readonly {
    sid?: string;
    effect?: 'Allow' | 'Deny';
    principals?: { type: string; identifiers: string[] }[];
    actions?: string[];
    resources?: string[];
    condition?: { test: string; variable: string; values: string[] }[];
  }[];
}

type StackJson = {
  data?: Record<string, Record<string, unknown>>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
};

export function synthesizedStatements(stack: StackJson): SynthesizedStatement[] {
  const documents = (stack.data?.aws_iam_policy_document ?? {}) as Record<string, SynthesizedDocument>;
  return Object.entries(documents).flatMap(([documentId, document]) => {
    const documentPath = documentPathOf(documentId, document);
    const attachedTo = attachmentsOf(stack, documentId);
    return (document.statement ?? []).map((statement) => ({
      documentId,
      documentPath,
      attachedTo,
      sid: statement.sid,
      effect: statement.effect ?? 'Allow',
      principals: Object.fromEntries((statement.principals ?? []).map((p) => [p.type, p.identifiers])),
      actions: statement.actions ?? [],
      resources: statement.resources ?? [],
      conditions: statement.condition ?? [],
    }));
  });
}

/** Construct path of a policy document below its stack, e.g. `AuditTrail/Key/Policy`. */
export function documentPathOf(documentId: string, document: { readonly '//'?: { metadata?: { path?: string } } }): string {
  // Real synths record the construct path; Testing.synth drops metadata, so fall back on the
  // logical id, which is that path joined by `_` plus a hash suffix.
  const recorded = document['//']?.metadata?.path;
  return recorded ? recorded.split('/').slice(1).join('/') : documentId.replace(/_[0-9A-F]{8}$/, '').replace(/_/g, '/');
}

function attachmentsOf(stack: StackJson, documentId: string) {
  const found: { type: string; id: string; attribute: string }[] = [];
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    for (const [id, resource] of Object.entries(resources)) {
      for (const [attribute, value] of Object.entries(resource)) {
        if (policyDocumentIdsOf(value)?.includes(documentId)) found.push({ type, id, attribute });
      }
    }
  }
  return found;
}

/**
 * The documents a policy attribute of a synthesized stack points to: one for `${data.aws_iam_policy_document.<id>.json}`,
 * two for the switched form modules/policy.ts `policyWithSwitchedStatements` writes, undefined for anything else.
 */
export function policyDocumentIdsOf(policyAttribute: unknown): string[] | undefined {
  if (typeof policyAttribute !== 'string') return undefined;
  const single = /^\$\{data\.aws_iam_policy_document\.([^.}]+)\.json\}$/.exec(policyAttribute);
  if (single) return [single[1]];
  const switched = /^\$\{[^?]+ \? data\.aws_iam_policy_document\.([^.}\s[]+)\[0\]\.json : data\.aws_iam_policy_document\.([^.}\s[]+)\[0\]\.json\}$/.exec(policyAttribute);
  return switched ? [switched[1], switched[2]] : undefined;
}

/** Condition keys that tie a service principal to one resource or account of ours. */
const CONFUSED_DEPUTY_KEYS = [/^aws:SourceArn$/i, /^aws:SourceAccount$/i, /^kms:EncryptionContext:/i];

/** Whether a statement for a service principal carries a confused-deputy guard. */
export function hasConfusedDeputyGuard(statement: SynthesizedStatement): boolean {
  return statement.conditions.some((condition) => CONFUSED_DEPUTY_KEYS.some((key) => key.test(condition.variable)));
}
