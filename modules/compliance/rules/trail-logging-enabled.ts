import { ComplianceRule } from '../rule';
import { isViolation, theTrail } from '../rule-helpers';

export const trailLoggingEnabled: ComplianceRule = {
  id: 'trail-logging-enabled',
  level: 'error',
  description: 'The trail is logging: a created but stopped trail records nothing.',
  scannerIds: ['CKV_AWS_251'],
  fix: 'set enable_logging = true on the trail',
  needs: ['trail'],
  check(stack) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    // The provider's default is true; only an explicit false stops it.
    return trail.config.enable_logging === false ? [{ resource: trail.address, message: 'enable_logging is false' }] : [];
  },
};
