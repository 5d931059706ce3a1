import { LogDeliveryRole } from '../../modules/log-delivery-role';
import { follows } from '../support/policy-source';
import { LOCATION, Plan } from '../support/synth';

describe('LogDeliveryRole', () => {
  // GIVEN a stack WHEN the delivery role is added
  const logGroupArn = 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/cloudtrail/acme-test-s3-audit';
  const plan = Plan.ofScope((scope) => {
    new LogDeliveryRole(scope, 'Role', {
      location: LOCATION,
      roleName: 'acme-test-s3-audit-to-logs',
      trailName: 'acme-test-s3-audit',
      logGroupArn,
    });
  });
  const role = plan.only('aws_iam_role');

  test(`THEN CloudTrail may assume the role, with no aws:SourceArn / aws:SourceAccount condition ${follows('AllowCloudTrailToAssume')}`, () => {
    // CloudTrail documents those keys as unsupported for this role: with them CreateTrail fails.
    expect(role.name).toBe('acme-test-s3-audit-to-logs');
    expect(plan.statements(role.assume_role_policy)).toEqual({
      AllowCloudTrailToAssume: {
        effect: 'Allow',
        principals: { Service: ['cloudtrail.amazonaws.com'] },
        actions: ['sts:AssumeRole'],
        resources: [],
        conditions: {},
      },
    });
  });

  test(`THEN it may create and write only the streams CloudTrail names <account>_CloudTrail_<region>, in every region ${follows('AWSCloudTrailCreateLogStream')}`, () => {
    const policy = plan.only('aws_iam_role_policy');
    const streams = `${logGroupArn}:log-stream:123456789012_CloudTrail_*`;
    expect(policy.role).toBe(plan.ref('aws_iam_role', 'id'));
    expect(plan.statements(policy.policy)).toEqual({
      AWSCloudTrailCreateLogStream: { effect: 'Allow', principals: {}, actions: ['logs:CreateLogStream'], resources: [streams], conditions: {} },
      AWSCloudTrailPutLogEvents: { effect: 'Allow', principals: {}, actions: ['logs:PutLogEvents'], resources: [streams], conditions: {} },
    });
  });

  test('THEN no managed policy is attached', () => {
    expect(plan.resources('aws_iam_role_policy_attachment')).toEqual({});
    expect(role.managed_policy_arns).toBeUndefined();
  });
});
