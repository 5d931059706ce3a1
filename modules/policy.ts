import { Construct } from 'constructs';
import { Token } from 'cdktf';
import {
  DataAwsIamPolicyDocument,
  DataAwsIamPolicyDocumentStatement,
  DataAwsIamPolicyDocumentStatementCondition,
  DataAwsIamPolicyDocumentStatementPrincipals,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { isPlanTime, PlanTime } from './plan-time';

/** Shapes several constructs' policy documents share. */

export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';

export function servicePrincipal(service: string): DataAwsIamPolicyDocumentStatementPrincipals[] {
  return [{ type: 'Service', identifiers: [service] }];
}

export function awsPrincipal(arn: string): DataAwsIamPolicyDocumentStatementPrincipals[] {
  return [{ type: 'AWS', identifiers: [arn] }];
}

export function condition(
  test: string,
  variable: string,
  ...values: string[]
): DataAwsIamPolicyDocumentStatementCondition {
  return { test, variable, values };
}

/** Confused-deputy guard: the service may act only on behalf of this trail. */
export function fromTrail(trailArn: string): DataAwsIamPolicyDocumentStatementCondition {
  return condition('StringEquals', 'aws:SourceArn', trailArn);
}

/** Statements a policy has only when a switch is on: a boolean, or a plan-time one for the exported module. */
export interface SwitchedStatements {
  readonly on: boolean | PlanTime | undefined;
  /** Construct id of the second document, which a plan-time switch needs. */
  readonly id: string;
  /** Added after the others, so the statements every policy has keep their places. */
  readonly statements: readonly DataAwsIamPolicyDocumentStatement[];
}

/**
 * The policy attribute (`policy = ...`) of a document of `statements`, plus the switched ones when
 * the switch is on. A plan-time switch gives two documents, without and with them, each read only
 * when it applies (`count`), and the expression `${<switch> ? <with>[0].json : <without>[0].json}`:
 * the statements stay data the policy tooling reads (docs, compliance rules, the access proof),
 * where a `dynamic` block would not, and Terraform reads one document, as the stacks do.
 */
export function policyWithSwitchedStatements(
  scope: Construct,
  id: string,
  statements: readonly DataAwsIamPolicyDocumentStatement[],
  switched: SwitchedStatements,
): string {
  const document = (documentId: string, on: boolean, count?: number) =>
    new DataAwsIamPolicyDocument(scope, documentId, { count, statement: [...statements, ...(on ? switched.statements : [])] });
  if (!isPlanTime(switched.on)) return document(id, switched.on ?? false).json;
  const when = switched.on.planTimeExpression;
  const without = document(id, false, Token.asNumber(`\${${when} ? 0 : 1}`));
  const withThem = document(switched.id, true, Token.asNumber(`\${${when} ? 1 : 0}`));
  return `\${${when} ? ${withThem.fqn}[0].json : ${without.fqn}[0].json}`;
}
