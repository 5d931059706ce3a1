import { ComplianceRule } from '../rule';
import { isViolation, theTrail } from '../rule-helpers';

export const trailMultiRegion: ComplianceRule = {
  id: 'trail-multi-region',
  level: 'error',
  description: 'The trail records every region, so activity in an unused region is not invisible.',
  scannerIds: ['CKV_AWS_67', 'AVD-AWS-0014'],
  controls: ['CIS 3.1', 'Security Hub CloudTrail.1'],
  fix: 'set is_multi_region_trail = true on the trail (AuditTrail isMultiRegionTrail)',
  needs: ['trail'],
  check(stack) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    return trail.config.is_multi_region_trail === true ? [] : [{ resource: trail.address, message: 'the trail records only its own region' }];
  },
};
