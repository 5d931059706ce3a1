import { parseFilterPattern } from '../../modules/detections/filter-pattern';
import { CONFIGURATION_CHANGE_DETECTIONS, unknownPrincipalId } from '../../modules/detections/change-agents';
import { synthesizedPatterns } from '../../scripts/lib/synthesized-patterns';
import { resourceNames } from '../../stacks/resource-names';
import { ACCOUNT_ID, DETECTION_FIXTURES, FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES } from '../fixtures/cloudtrail';
import { identities, s3BucketEvent } from '../fixtures/cloudtrail/records';
import { roleSession } from '../../scripts/lib/replay/sample-traffic';

/**
 * The unknown-principal variants, as synthesized: each matches what its configuration-change
 * detection matches when anyone but an expected change agent does it, and nothing an agent does,
 * except a change to the trail's own log buckets, which is tampering whoever makes it.
 */
const DEPLOY_ROLE = `arn:aws:iam::${ACCOUNT_ID}:role/terraform-deploy`;
const CI_USERS = `arn:aws:iam::${ACCOUNT_ID}:user/ci-*`;
const environment = { ...FIXTURE_ENVIRONMENT, expectedChangeAgents: [DEPLOY_ROLE, CI_USERS] };
const patterns = synthesizedPatterns(environment, FIXTURE_REFERENCES);
const names = resourceNames(FIXTURE_ENVIRONMENT);

const asPrincipal = (record: Record<string, unknown>, userIdentity: object) => ({ ...record, userIdentity });
const deploySession = roleSession('terraform-deploy', 'apply-1234');
const ciUser = { type: 'IAMUser', principalId: 'AIDACIUSEREXAMPLE', arn: `arn:aws:iam::${ACCOUNT_ID}:user/ci-github`, accountId: ACCOUNT_ID, userName: 'ci-github' };
const ciLookalike = { ...ciUser, arn: `arn:aws:iam::${ACCOUNT_ID}:user/cicd-old`, userName: 'cicd-old' };

test('GIVEN expected change agents WHEN synthesized THEN each configuration-change detection keeps its pattern and gains one variant', () => {
  const plain = synthesizedPatterns(FIXTURE_ENVIRONMENT, FIXTURE_REFERENCES);
  for (const id of CONFIGURATION_CHANGE_DETECTIONS) {
    expect(patterns.get(id)).toBe(plain.get(id));
    expect(patterns.has(unknownPrincipalId(id))).toBe(true);
  }
  expect([...patterns.keys()].filter((id) => id.endsWith('.unknown-principal')).sort()).toEqual(CONFIGURATION_CHANGE_DETECTIONS.map(unknownPrincipalId).sort());
});

describe.each(CONFIGURATION_CHANGE_DETECTIONS)('GIVEN %s.unknown-principal', (id) => {
  const variant = () => parseFilterPattern(patterns.get(unknownPrincipalId(id))!);
  const { positives, negatives } = DETECTION_FIXTURES[id];

  test.each(positives.map((f) => [f.why, f.record] as const))('THEN it matches, by an unknown principal: %s', (_why, record) => {
    expect(variant().matches(JSON.stringify(asPrincipal(record, identities.assumedRole)))).toBe(true);
    expect(variant().matches(JSON.stringify(asPrincipal(record, ciLookalike)))).toBe(true);
  });

  test.each(positives.map((f) => [f.why, f.record] as const))('THEN it does not match, by the deploy role or a CI user: %s', (_why, record) => {
    expect(variant().matches(JSON.stringify(asPrincipal(record, deploySession)))).toBe(false);
    expect(variant().matches(JSON.stringify(asPrincipal(record, ciUser)))).toBe(false);
  });

  test.each(negatives.map((f) => [f.why, f.record] as const))('THEN it matches none of the detection\'s near misses: %s', (_why, record) => {
    expect(variant().matches(JSON.stringify(record))).toBe(false);
  });
});

test.each([names.logBucketName, names.accessLogBucketName])(
  'GIVEN the deploy role changing the policy of the trail\'s own bucket %s THEN log-bucket-tampering still matches: that is tampering, whoever does it',
  (bucket) => {
    const change = JSON.stringify(asPrincipal(s3BucketEvent('PutBucketPolicy', bucket, { policy: '{}' }), deploySession));
    expect(parseFilterPattern(patterns.get('log-bucket-tampering')!).matches(change)).toBe(true);
    expect(parseFilterPattern(patterns.get(unknownPrincipalId('cis-s3-bucket-policy-changes'))!).matches(change)).toBe(false);
  },
);
