import { LogDeliveryRole } from '../../modules/log-delivery-role';
import { LOCATION, Plan } from '../support/synth';

describe('LogDeliveryRole', () => {
  // GIVEN a stack WHEN the delivery role is added
  const plan = Plan.ofScope((scope) => {
    new LogDeliveryRole(scope, 'Role', {
      location: LOCATION,
      roleName: 'acme-test-s3-audit-to-logs',
      trailName: 'acme-test-s3-audit',
      logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/cloudtrail/acme-test-s3-audit',
    });
  });
  const role = plan.only('aws_iam_role');

  test('THEN only this trail, in this account, may assume the role', () => {
    expect(role.name).toBe('acme-test-s3-audit-to-logs');
    expect(plan.statements(role.assume_role_policy)).toEqual({
      AllowTheTrailToAssume: {
        effect: 'Allow',
        principals: { Service: ['cloudtrail.amazonaws.com'] },
        actions: ['sts:AssumeRole'],
        resources: [],
        conditions: {
          'StringEquals aws:SourceArn': ['arn:aws:cloudtrail:eu-west-1:123456789012:trail/acme-test-s3-audit'],
          'StringEquals aws:SourceAccount': ['123456789012'],
        },
      },
    });
  });

  test('THEN its one inline policy allows creating streams and putting events in the log group, nothing else', () => {
    const policy = plan.only('aws_iam_role_policy');
    expect(policy.role).toBe(plan.ref('aws_iam_role', 'id'));
    expect(plan.statements(policy.policy)).toEqual({
      WriteTrailEventsToTheLogGroup: {
        effect: 'Allow',
        principals: {},
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: ['arn:aws:logs:eu-west-1:123456789012:log-group:/aws/cloudtrail/acme-test-s3-audit:log-stream:*'],
        conditions: {},
      },
    });
  });

  test('THEN no managed policy is attached', () => {
    expect(plan.resources('aws_iam_role_policy_attachment')).toEqual({});
    expect(role.managed_policy_arns).toBeUndefined();
  });
});
