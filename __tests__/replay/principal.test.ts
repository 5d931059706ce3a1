/** Who a record is about in "top principals": roles by the role, not the session (CloudTrail userIdentity element). */
import { principalOf } from '../../scripts/lib/replay/principal';
import { identities } from '../fixtures/cloudtrail/records';

describe('principalOf', () => {
  test.each([
    ['an assumed role, by its session issuer', identities.assumedRole, 'arn:aws:iam::123456789012:role/data-pipeline'],
    ['an IAM user, by its ARN', identities.iamUser, 'arn:aws:iam::123456789012:user/alice'],
    ['root, by its ARN', identities.root, 'arn:aws:iam::123456789012:root'],
    ['a federated user, by its own ARN', identities.federatedUser, 'arn:aws:sts::123456789012:federated-user/console-helper'],
    ['an AWS service, by the service', identities.awsService, 'cloudtrail.amazonaws.com'],
    ['another account, by type and principal id', { type: 'AWSAccount', principalId: 'AIDAEXAMPLE', accountId: '999999999999' }, 'AWSAccount AIDAEXAMPLE'],
  ])('GIVEN %s WHEN named THEN it is %s', (_what, userIdentity, expected) => {
    expect(principalOf({ userIdentity })).toBe(expected);
  });

  test('GIVEN a record without userIdentity WHEN named THEN it says so', () => {
    expect(principalOf({ eventName: 'X' })).toBe('(no identity)');
  });
});
