import { ComplianceRule } from '../rule';
import { isViolation, s3DataSelectors, theTrail } from '../rule-helpers';

export const trailS3ReadDataEvents: ComplianceRule = {
  id: 'trail-s3-read-data-events',
  level: 'warning',
  description: 'S3 object-level reads are recorded, so who read the data can be answered.',
  scannerIds: ['AVD-AWS-0172'],
  controls: ['CIS 3.11', 'Security Hub S3.23'],
  fix: 'set dataEventReadWriteType: "All" (reads multiply the event volume and its cost), or suppress with the reason',
  needs: ['trail'],
  check(stack) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    const reads = s3DataSelectors(trail).some((fields) => fields.readOnly === undefined || fields.readOnly.equals?.includes('true'));
    return reads ? [] : [{ resource: trail.address, message: 'S3 object reads are not recorded' }];
  },
};
