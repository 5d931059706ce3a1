import { ComplianceRule } from '../rule';
import { isViolation, theTrail } from '../rule-helpers';

const ALLOWED = new Set(['logs:CreateLogStream', 'logs:PutLogEvents']);

export const deliveryRolePermissions: ComplianceRule = {
  id: 'delivery-role-permissions',
  level: 'error',
  description: "The delivery role may only create streams and put events in the trail's own CloudTrail streams.",
  scannerIds: ['CKV_AWS_355', 'CKV_AWS_290'],
  fix: 'allow only logs:CreateLogStream and logs:PutLogEvents on <log group arn>:log-stream:<account>_CloudTrail_* (and <organization id>_* for an organization trail); attach nothing else',
  needs: ['trail'],
  check(stack, context) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    const role = stack.resources('aws_iam_role').find((r) => stack.refersTo(trail.config.cloud_watch_logs_role_arn, r));
    if (!role) return [{ resource: trail.address, message: 'the trail delivers through no role of this stack' }];
    const violations = [];
    for (const attachment of stack.resources('aws_iam_role_policy_attachment').filter((a) => stack.refersTo(a.config.role, role))) {
      violations.push({ resource: attachment.address, message: 'a managed policy is attached to the delivery role' });
    }
    const groups = stack.resources('aws_cloudwatch_log_group');
    for (const policy of stack.resources('aws_iam_role_policy').filter((p) => stack.refersTo(p.config.role, role))) {
      for (const s of stack.statementsOf(policy.config.policy) ?? []) {
        if (s.effect !== 'Allow') continue;
        const extra = s.actions.filter((action) => !ALLOWED.has(action));
        if (extra.length > 0) violations.push({ resource: policy.address, message: `statement ${s.sid ?? '(no Sid)'} also allows ${extra.join(', ')}` });
        // An organization trail's streams are <organization id>_... as well (CloudTrail User Guide,
        // "Role policy document for CloudTrail to use CloudWatch Logs for monitoring").
        const streams = [`:log-stream:${context.accountId}_CloudTrail_*`, ...(context.organizationId ? [`:log-stream:${context.organizationId}_*`] : [])];
        const wide = s.resources.filter((resource) => !groups.some((group) => stack.refersTo(resource, group) && streams.some((stream) => resource.endsWith(stream))));
        if (wide.length > 0) violations.push({ resource: policy.address, message: `statement ${s.sid ?? '(no Sid)'} reaches ${wide.join(', ')}, beyond the trail's streams` });
      }
    }
    return violations;
  },
};
