import { ComplianceRule } from '../rule';
import { isViolation, theTrail } from '../rule-helpers';

export const trailGlobalServiceEvents: ComplianceRule = {
  id: 'trail-global-service-events',
  level: 'error',
  description: 'The trail records global service events (IAM, STS, CloudFront), where most privilege changes happen.',
  scannerIds: [],
  controls: ['CIS 3.1'],
  fix: 'set include_global_service_events = true on the trail',
  needs: ['trail'],
  check(stack) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    return trail.config.include_global_service_events === false
      ? [{ resource: trail.address, message: 'include_global_service_events is false' }]
      : [];
  },
};
