import { IAM_ANONYMOUS_REQUESTS, KMS_DEFAULT_KEY_POLICY } from '../../../../modules/aws-pages';
import { administrator, ANOTHER_ACCOUNT, Interaction, OVER_TLS } from '../interaction';
import type { ProofSubject } from '../proof-subject';

/**
 * The account, through its own IAM policies, administers each key of the proof's stacks (without that, the
 * key becomes unmanageable); another account's administrators and anonymous callers cannot use it.
 */
export function keyAdministration(subject: ProofSubject): Interaction[] {
  return subject.allStacks().flatMap((owner) => owner.instances('aws_kms_key')).flatMap((key): Interaction[] => {
    const keyArn = key.attributes.arn as string;
    const [, partition, , , account] = keyArn.split(':');
    const keyPolicy = subject.policyOf('key policy', keyArn);
    const admin = administrator(account, partition);
    const outsider = administrator(ANOTHER_ACCOUNT, partition);
    const request = (principal: string, action: string, identityPolicies = admin.policies) => ({
      principal, action, resource: keyArn, resourceAccount: account, context: OVER_TLS, identityPolicies, resourcePolicy: keyPolicy,
    });
    return [
      {
        kind: 'administrator-manages-the-key',
        id: `administrator-manages-the-key:${keyArn}`,
        says: 'An administrator of the account changes the key policy, through an IAM policy of the account',
        expect: 'allowed',
        request: request(admin.arn, 'kms:PutKeyPolicy'),
        source: KMS_DEFAULT_KEY_POLICY,
      },
      {
        kind: 'another-accounts-administrator-uses-the-key',
        id: `another-accounts-administrator-uses-the-key:${keyArn}`,
        says: `An administrator of account ${ANOTHER_ACCOUNT} decrypts with the key`,
        expect: 'denied',
        request: request(outsider.arn, 'kms:Decrypt', outsider.policies),
        source: KMS_DEFAULT_KEY_POLICY,
      },
      {
        kind: 'anonymous-caller-uses-the-key',
        id: `anonymous-caller-uses-the-key:${keyArn}`,
        says: 'An anonymous caller decrypts with the key',
        expect: 'denied',
        request: { ...request('anonymous', 'kms:Decrypt'), identityPolicies: [] },
        source: IAM_ANONYMOUS_REQUESTS,
      },
    ];
  });
}
