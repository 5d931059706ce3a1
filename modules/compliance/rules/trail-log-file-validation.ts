import { ComplianceRule } from '../rule';
import { isViolation, theTrail } from '../rule-helpers';

export const trailLogFileValidation: ComplianceRule = {
  id: 'trail-log-file-validation',
  level: 'error',
  description: 'Log file integrity validation is on, so a modified or deleted log file can be proven.',
  scannerIds: ['CKV_AWS_36', 'AVD-AWS-0016'],
  controls: ['CIS 3.2', 'Security Hub CloudTrail.4'],
  fix: 'set enable_log_file_validation = true on the trail',
  needs: ['trail'],
  check(stack) {
    const trail = theTrail(stack);
    if (isViolation(trail)) return [trail];
    return trail.config.enable_log_file_validation === true ? [] : [{ resource: trail.address, message: 'log file validation is off' }];
  },
};
