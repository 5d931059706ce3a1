import { definitionWarnings } from '../../stacks/definition-warnings';
import { parseEnvironments } from '../../stacks/load-environments';
import { definitionProblems, validEnvironment } from '../support/environments';

const ORGANIZATION = { id: 'o-a1b2c3d4e5', memberAccountIds: ['777788889999'] };
/** An organization environment: its watched bucket says which account holds it. */
const inOrganization = (overrides: Parameters<typeof validEnvironment>[0] = {}) =>
  validEnvironment({ organization: ORGANIZATION, watchedBuckets: [{ name: 'acme-data', accountId: '777788889999' }], ...overrides });

describe('GIVEN an environment with an organization, a log archive or an existing trail', () => {
  describe('bad input is refused with one message naming the environment, the field, the value and what is accepted', () => {
    test.each([
      ['o-ABC', '"o-ABC" is not an organization id; expected "o-" followed by 10 to 32 lowercase letters or digits'],
      ['o-a1b2c3d4e', '"o-a1b2c3d4e" is not an organization id; expected "o-" followed by 10 to 32 lowercase letters or digits'],
      ['r-a1b2c3d4e5', '"r-a1b2c3d4e5" is not an organization id; expected "o-" followed by 10 to 32 lowercase letters or digits'],
    ])('WHEN the organization id is %s', (id, message) => {
      expect(definitionProblems([inOrganization({ organization: { ...ORGANIZATION, id } })])).toEqual([`environment "test", field organization.id: ${message}`]);
    });

    test('WHEN the delegated administrator is the management account', () => {
      expect(definitionProblems([inOrganization({ organization: { ...ORGANIZATION, delegatedAdministratorAccountId: '123456789012' } })])).toEqual([
        'environment "test", field organization.delegatedAdministratorAccountId: "123456789012" is the management account (the environment\'s accountId); a delegated administrator is another member account. Leave the field out to apply the stack in the management account',
      ]);
    });

    test('WHEN the log archive is the account the trail stack is applied in', () => {
      expect(definitionProblems([validEnvironment({ logArchive: { accountId: '123456789012' } })])).toEqual([
        'environment "test", field logArchive.accountId: "123456789012" is the account the trail stack is applied in; a log archive lives in another account. Leave logArchive out to keep the log bucket beside the trail',
      ]);
      // With a delegated administrator, the trail stack is the administrator's: the management account may hold the archive.
      expect(parseEnvironments([inOrganization({ organization: { ...ORGANIZATION, delegatedAdministratorAccountId: '222233334444' }, logArchive: { accountId: '123456789012' } })])).toHaveLength(1);
    });

    test("WHEN the log archive's key is not in the log-archive account and region", () => {
      expect(definitionProblems([validEnvironment({ logArchive: { accountId: '444455556666', kmsKeyArn: 'arn:aws:kms:us-east-1:444455556666:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d' } })])).toEqual([
        'environment "test", field logArchive.kmsKeyArn: "arn:aws:kms:us-east-1:444455556666:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d" is not a key of the log-archive account 444455556666 in eu-west-1; expected the log-archive stack\'s kms_key_arn output',
      ]);
    });

    test('WHEN an existing trail records management events and the definition asks for them too', () => {
      expect(definitionProblems([validEnvironment({ existingTrail: { logGroupName: 'aws-controltower/CloudTrailLogs' }, managementEventReadWriteType: 'All' })])).toEqual([
        'environment "test", field managementEventReadWriteType: "All" asks for management events, which the existing trail (existingTrail) records already; this environment\'s trail records S3 data events only. Remove managementEventReadWriteType',
      ]);
    });

    test("WHEN an existing trail's log group is named and a delegated administrator would hold the stack", () => {
      const env = validEnvironment({
        organization: { ...ORGANIZATION, delegatedAdministratorAccountId: '222233334444' },
        existingTrail: { logGroupName: 'aws-controltower/CloudTrailLogs' },
        watchedBuckets: [{ name: 'acme-data', accountId: '777788889999' }],
      });
      expect(definitionProblems([env])).toEqual([
        'environment "test", field organization.delegatedAdministratorAccountId: "222233334444" would apply the stack in that account, but existingTrail.logGroupName "aws-controltower/CloudTrailLogs" is in the management account ' +
          "(the environment's accountId), where its metric filters must go. Leave delegatedAdministratorAccountId out beside an existing trail",
      ]);
    });

    test('WHEN a watched bucket is in an account that is not a member of the definition', () => {
      expect(definitionProblems([validEnvironment({ organization: ORGANIZATION, watchedBuckets: [{ name: 'acme-data', accountId: '999988887777' }] })])).toEqual([
        'environment "test", field watchedBuckets[0].accountId: "999988887777" is neither the management account (123456789012) nor one of organization.memberAccountIds (777788889999); add it there, or fix the account',
      ]);
      expect(definitionProblems([validEnvironment({ watchedBuckets: [{ name: 'acme-data', accountId: '777788889999' }] })])).toEqual([
        'environment "test", field watchedBuckets[0].accountId: "777788889999" is not this environment\'s account (123456789012); a trail of one account records that account\'s buckets only. Use an organization trail (organization) to watch buckets of other accounts',
      ]);
    });

    test('WHEN an organization watches a bucket without saying which account holds it', () => {
      expect(definitionProblems([validEnvironment({ organization: ORGANIZATION, watchedBuckets: ['acme-data'] })])).toEqual([
        'environment "test", field watchedBuckets[0]: "acme-data" does not say which account of the organization holds the bucket; expected { "name": ..., "accountId": ... } with the management account or one of organization.memberAccountIds',
      ]);
    });

    test('WHEN the existing trail names a log group CloudWatch Logs would refuse', () => {
      expect(definitionProblems([validEnvironment({ existingTrail: { logGroupName: 'bad name!' } })])).toEqual([
        'environment "test", field existingTrail.logGroupName: "bad name!" is not a log group name CloudWatch Logs accepts; expected 1 to 512 letters, digits and . - _ / #',
      ]);
    });
  });

  describe('warnings', () => {
    test('WHEN the log archive has no key ARN yet THEN synth says it writes the log-archive stack only, and what to do next', () => {
      const [env] = parseEnvironments([validEnvironment({ logArchive: { accountId: '444455556666' } })]);
      expect(definitionWarnings([env])).toEqual([
        'environment "test", field logArchive.kmsKeyArn: is not set yet, so synth writes stack test-log-archive only. Apply it with the log-archive account\'s credentials (444455556666), then set logArchive.kmsKeyArn to its kms_key_arn output and synth again for the trail\'s stack test',
      ]);
    });

    test('WHEN an organization trail watches "all" buckets THEN synth warns that every account\'s buckets, log buckets included, are recorded', () => {
      const [all] = parseEnvironments([inOrganization({ watchedBuckets: 'all' })]);
      expect(definitionWarnings([all])).toEqual([
        'environment "test", field watchedBuckets: "all" with an organization trail records object-level events of every bucket in every account of the organization, ' +
          "other trails' log buckets included, where each log file delivered becomes a billed data event. List the buckets to watch instead",
      ]);
      const [listed] = parseEnvironments([inOrganization({ watchedBuckets: [{ name: 'acme-data', accountId: '777788889999' }] })]);
      expect(definitionWarnings([listed])).toEqual([]);
    });

    test('WHEN two environments record the management events of one account THEN synth warns, naming the account and both', () => {
      const environments = parseEnvironments([
        inOrganization({ name: 'org' }),
        validEnvironment({ name: 'member', accountId: '777788889999' }),
        validEnvironment({ name: 'member-data', accountId: '777788889999', namePrefix: 'other', existingTrail: { logGroupName: 'org-trail-logs' } }),
      ]);
      expect(definitionWarnings(environments)).toEqual([
        'account 777788889999: environments "org" and "member" each record its management events, and every copy after the first is billed. Record them once: beside an organization trail, give the account existingTrail (data events only), or leave it to the organization trail',
      ]);
    });
  });
});
