import { ComplianceRule } from '../rule';
import { isViolation, s3DataSelectors, theTrail } from '../rule-helpers';

export const trailS3DataEvents: ComplianceRule = {
  id: 'trail-s3-data-events',
  level: 'error',
  description: 'S3 object-level writes are recorded, and reads too where the environment asks for them.',
  scannerIds: ['AVD-AWS-0171'],
  controls: ['CIS 3.10', 'Security Hub S3.22'],
  fix: 'add an advanced event selector for eventCategory Data on AWS::S3::Object (readOnly false, or no readOnly filter for reads too)',
  needs: ['trail'],
  check(stack, context) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    const selectors = s3DataSelectors(trail);
    const writes = selectors.some((fields) => fields.readOnly === undefined || fields.readOnly.equals?.includes('false'));
    const reads = selectors.some((fields) => fields.readOnly === undefined || fields.readOnly.equals?.includes('true'));
    const violations = [];
    if (!writes) violations.push({ resource: trail.address, message: 'no selector records S3 object writes' });
    if (context.recordsDataEventReads && !reads) {
      violations.push({ resource: trail.address, message: 'the environment asks for S3 object reads (dataEventReadWriteType "All"), and no selector records them' });
    }
    return violations;
  },
};
