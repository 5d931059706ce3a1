import {
  DataAwsIamPolicyDocument,
  DataAwsIamPolicyDocumentStatement,
  DataAwsIamPolicyDocumentStatementCondition,
  DataAwsIamPolicyDocumentStatementPrincipals,
  dataAwsIamPolicyDocumentStatementToTerraform,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { PlanTime } from './plan-time';

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

/**
 * Adds `statements` to `document` only while the plan-time condition holds (an optional input of
 * the exported module is set): a Terraform `dynamic "statement"` block per statement, beside the
 * static ones, which is the one way a data source's block can depend on a variable.
 */
export function addStatementsWhile(document: DataAwsIamPolicyDocument, holds: PlanTime, statements: DataAwsIamPolicyDocumentStatement[]): void {
  const blocks = statements.map((statement) => ({
    for_each: `\${${holds.planTimeExpression} ? [1] : []}`,
    content: dataAwsIamPolicyDocumentStatementToTerraform(statement),
  }));
  document.addOverride('dynamic.statement', blocks.length === 1 ? blocks[0] : blocks);
}
