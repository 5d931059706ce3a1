import { ComplianceRule } from '../rule';
import { isViolation, theTrail } from '../rule-helpers';

/**
 * CloudTrail User Guide, "Role policy document for CloudTrail to use CloudWatch Logs for
 * monitoring": confused deputy conditions are not supported on this role; with them CloudTrail
 * cannot assume it and CreateTrail fails.
 */
export const deliveryRoleTrust: ComplianceRule = {
  id: 'delivery-role-trust',
  level: 'error',
  description: 'The delivery role trusts cloudtrail.amazonaws.com alone, with no aws:SourceArn / aws:SourceAccount (CloudTrail does not support them there).',
  scannerIds: ['CKV_AWS_60'],
  fix: 'trust only the cloudtrail.amazonaws.com service principal with sts:AssumeRole, and no SourceArn / SourceAccount condition',
  needs: ['trail'],
  check(stack) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    const role = stack.resources('aws_iam_role').find((r) => stack.refersTo(trail.config.cloud_watch_logs_role_arn, r));
    if (!role) return [{ resource: trail.address, message: 'the trail delivers through no role of this stack' }];
    return (stack.statementsOf(role.config.assume_role_policy) ?? []).flatMap((s) => {
      if (s.effect !== 'Allow') return [];
      const principals = Object.entries(s.principals).flatMap(([type, ids]) => ids.map((id) => `${type}:${id}`));
      if (principals.length !== 1 || principals[0] !== 'Service:cloudtrail.amazonaws.com') {
        return [{ resource: role.address, message: `the trust admits ${principals.join(', ')}, not only cloudtrail.amazonaws.com` }];
      }
      const unsupported = s.conditions.filter((c) => /^aws:Source(Arn|Account)$/i.test(c.variable));
      return unsupported.length > 0
        ? [{ resource: role.address, message: `the trust carries ${unsupported.map((c) => c.variable).join(' and ')}, which CloudTrail does not send: it could not assume the role` }]
        : [];
    });
  },
};
