import { ComplianceRule } from '../rule';

export const kmsDeletionWindow: ComplianceRule = {
  id: 'kms-deletion-window',
  level: 'error',
  description: 'Every key waits the longest window (30 days) before a scheduled deletion: log files are unreadable once it is gone.',
  scannerIds: [],
  fix: 'set deletion_window_in_days = 30 on the key',
  check(stack) {
    return stack
      .resources('aws_kms_key')
      .filter((key) => key.config.deletion_window_in_days !== 30)
      .map((key) => ({ resource: key.address, message: `deletion_window_in_days is ${key.config.deletion_window_in_days ?? 'unset'}, not 30` }));
  },
};
