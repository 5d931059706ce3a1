import { LogBucketLifecycle } from './audit-log-bucket';
import { ReadWriteType, WatchedBuckets } from './audit-trail';

/** Every default of `S3AuditTrail`, in one place; user props are merged over these. */
export const S3_AUDIT_TRAIL_DEFAULTS = {
  logRetentionDays: 365,
  logBucketLifecycle: { transitionAfterDays: 90, expireAfterDays: 2557 } as LogBucketLifecycle,
  watchedBuckets: 'all' as WatchedBuckets,
  dataEventReadWriteType: 'WriteOnly' as ReadWriteType,
  managementEventReadWriteType: 'All' as ReadWriteType,
  alarmEmails: [] as readonly string[],
  silenceAlarmAfterMinutes: 60,
  useS3BucketKey: true,
  preventDestroy: false,
} as const;
