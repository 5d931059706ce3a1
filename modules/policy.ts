import type {
  DataAwsIamPolicyDocumentStatementCondition,
  DataAwsIamPolicyDocumentStatementPrincipals,
} from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';

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
