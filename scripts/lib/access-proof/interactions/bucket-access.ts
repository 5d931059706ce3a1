import { IAM_ANONYMOUS_REQUESTS, S3_TLS_ONLY } from '../../../../modules/aws-pages';
import { administrator, ANOTHER_ACCOUNT, Interaction, OVER_PLAIN_HTTP, OVER_TLS } from '../interaction';
import type { ProofSubject } from '../proof-subject';

/**
 * Every bucket with a policy, in every account of the proof: its own account reads it over TLS
 * (the policy locks nobody of the account out), nobody reads it over plain HTTP, and anonymous
 * callers and other accounts neither read nor write it.
 */
export function bucketAccess(subject: ProofSubject): Interaction[] {
  return subject.allStacks().flatMap((owner) =>
    owner.policies.flatMap((policy) =>
      policy.attachedTo
        .filter((attachment) => attachment.kind === 'bucket policy')
        .flatMap((attachment): Interaction[] => {
          const bucketArn = attachment.arn;
          const object = `${bucketArn}/any-object`;
          const admin = administrator(owner.accountId, owner.partition);
          const outsider = administrator(ANOTHER_ACCOUNT, owner.partition);
          const resourcePolicy = { name: policy.name, document: policy.document };
          const request = (principal: string, action: string, context: Record<string, string>, identityPolicies = admin.policies) => ({
            principal, action, resource: object, resourceAccount: owner.accountId, context, resourcePolicy, identityPolicies: principal === 'anonymous' ? [] : identityPolicies,
          });
          return [
            {
              kind: 'administrator-reads-an-object',
              id: `administrator-reads-an-object:${bucketArn}`,
              says: `An administrator of account ${owner.accountId} reads an object of ${bucketArn} over TLS`,
              expect: 'allowed',
              request: request(admin.arn, 's3:GetObject', OVER_TLS),
              source: S3_TLS_ONLY,
            },
            {
              kind: 'administrator-reads-an-object-over-plain-http',
              id: `administrator-reads-an-object-over-plain-http:${bucketArn}`,
              says: `An administrator of account ${owner.accountId} reads an object of ${bucketArn} without TLS`,
              expect: 'refused by a deny',
              request: request(admin.arn, 's3:GetObject', OVER_PLAIN_HTTP),
              source: S3_TLS_ONLY,
            },
            ...(['s3:GetObject', 's3:PutObject'] as const).map((action): Interaction => ({
              kind: `anonymous-caller-calls-${action.slice(3)}`,
              id: `anonymous-caller-calls-${action.slice(3)}:${bucketArn}`,
              says: `An anonymous caller calls ${action} on ${bucketArn}`,
              expect: 'denied',
              request: request('anonymous', action, OVER_TLS),
              source: IAM_ANONYMOUS_REQUESTS,
            })),
            {
              kind: 'another-accounts-administrator-reads-an-object',
              id: `another-accounts-administrator-reads-an-object:${bucketArn}`,
              says: `An administrator of account ${ANOTHER_ACCOUNT} reads an object of ${bucketArn}`,
              expect: 'denied',
              request: request(outsider.arn, 's3:GetObject', OVER_TLS, outsider.policies),
              source: IAM_ANONYMOUS_REQUESTS,
            },
          ];
        }),
    ),
  );
}
