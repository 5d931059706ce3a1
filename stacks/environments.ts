import type { EnvironmentInput } from './environment-schema';

/**
 * The environments this project deploys, and only what differs between them.
 * Replace the account ids, emails and buckets with your own; `npm run synth` validates them.
 */
export const ENVIRONMENTS: EnvironmentInput[] = [
  {
    name: 'dev',
    accountId: '111111111111',
    region: 'us-east-1',
    namePrefix: 'acme',
    tags: { Environment: 'dev', Owner: 'platform-security' },
    logRetentionDays: 30,
    logBucketLifecycle: { transitionAfterDays: 30, expireAfterDays: 90 },
    // Dev buckets churn; watch them all (the log bucket is always left out).
    watchedBuckets: 'all',
    dataEventReadWriteType: 'WriteOnly',
    alarmEmails: ['dev-alerts@example.com'],
    detections: {
      // Developers probe permissions all day; only a burst is worth an email.
      'cis-unauthorized-api-calls': { threshold: 20 },
    },
    blockDestructiveChanges: false,
  },
  {
    name: 'staging',
    accountId: '222222222222',
    region: 'us-east-1',
    namePrefix: 'acme',
    tags: { Environment: 'staging', Owner: 'platform-security' },
    logRetentionDays: 90,
    logBucketLifecycle: { transitionAfterDays: 30, expireAfterDays: 365 },
    watchedBuckets: ['acme-staging-customer-data', 'acme-staging-exports'],
    dataEventReadWriteType: 'WriteOnly',
    alarmEmails: ['staging-alerts@example.com'],
    blockDestructiveChanges: false,
  },
  {
    name: 'prod',
    accountId: '333333333333',
    region: 'us-east-1',
    namePrefix: 'acme',
    tags: { Environment: 'prod', Owner: 'platform-security', DataClassification: 'confidential' },
    logRetentionDays: 365,
    logBucketLifecycle: { transitionAfterDays: 90, expireAfterDays: 2557 },
    watchedBuckets: ['acme-prod-customer-data', 'acme-prod-exports', 'acme-prod-backups'],
    // In prod, reads of customer data are evidence too.
    dataEventReadWriteType: 'All',
    alarmEmails: ['security-oncall@example.com', 'platform-oncall@example.com'],
    blockDestructiveChanges: true,
  },
];
