import { ComplianceRule } from '../rule';
import { isViolation, theLogBucket } from '../rule-helpers';

export const destructiveChangesAllowed: ComplianceRule = {
  id: 'destructive-changes-allowed',
  level: 'warning',
  description: 'The environment blocks destructive changes, so no plan can destroy or replace the audit record.',
  scannerIds: [],
  fix: 'set blockDestructiveChanges: true, or suppress with the reason',
  check(stack, context) {
    if (context.blockDestructiveChanges) return [];
    const bucket = theLogBucket(stack, context);
    if (isViolation(bucket)) return [bucket];
    return [{ resource: bucket.address, message: 'a plan may destroy or replace the log bucket, key and log group' }];
  },
};
