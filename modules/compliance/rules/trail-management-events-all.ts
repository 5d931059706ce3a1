import { ComplianceRule } from '../rule';
import { eventSelectors, isViolation, theTrail } from '../rule-helpers';

export const trailManagementEventsAll: ComplianceRule = {
  id: 'trail-management-events-all',
  level: 'error',
  description: 'Management events are recorded, reads and writes: the CIS detections see denied reads and console sign-ins.',
  scannerIds: [],
  controls: ['CIS 3.1', 'Security Hub CloudTrail.1'],
  fix: 'record management events with no readOnly filter (managementEventReadWriteType: "All")',
  needs: ['trail', 'managementEvents'],
  check(stack) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    const management = eventSelectors(trail).filter((fields) => fields.eventCategory?.equals?.includes('Management'));
    if (management.length === 0) return [{ resource: trail.address, message: 'no selector records management events' }];
    return management.some((fields) => fields.readOnly === undefined)
      ? []
      : [{ resource: trail.address, message: 'management events are filtered by readOnly, so only reads or only writes are recorded' }];
  },
};
