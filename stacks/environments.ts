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
    suppressions: [
      { rule: 'log-group-retention', reason: 'Dev events are searchable for 30 days; the log files in S3 keep the full 90-day record.' },
      { rule: 'trail-s3-read-data-events', reason: 'Dev holds no customer data, so who read an object is not worth the cost of recording every read.' },
      { rule: 'log-bucket-replication', reason: 'Dev audit logs need not survive the loss of the dev account.' },
      { rule: 'destructive-changes-allowed', reason: 'Dev is torn down and rebuilt freely; nothing in it is evidence.' },
    ],
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
    suppressions: [
      { rule: 'log-group-retention', reason: 'Staging events are searchable for 90 days; the log files in S3 keep the full year.' },
      { rule: 'trail-s3-read-data-events', reason: 'Staging data is synthetic, so recording every read would cost more than it tells.' },
      { rule: 'log-bucket-replication', reason: 'Staging audit logs need not survive the loss of the staging account.' },
      {
        rule: 'destructive-changes-allowed',
        reason: 'Staging is rebuilt to rehearse prod changes, replacements included; prod alone blocks them.',
      },
    ],
  },
  {
    name: 'prod',
    accountId: '333333333333',
    region: 'us-east-1',
    namePrefix: 'acme',
    tags: { Environment: 'prod', Owner: 'platform-security', DataClassification: 'confidential' },
    logRetentionDays: 365,
    logBucketLifecycle: { transitionAfterDays: 90, expireAfterDays: 2557 },
    watchedBuckets: [
      // Only the customer API and the nightly pipeline write customer data; anyone else is news.
      {
        name: 'acme-prod-customer-data',
        expectedWriters: ['arn:aws:iam::333333333333:role/customer-api', 'arn:aws:iam::333333333333:role/data-pipeline'],
      },
      'acme-prod-exports',
      // Closed years of backups are never rewritten; the backup job is the only writer.
      { name: 'acme-prod-backups', expectedWriters: ['arn:aws:iam::333333333333:role/backup-writer'], immutablePrefixes: ['monthly/2025/'] },
    ],
    // In prod, reads of customer data are evidence too.
    dataEventReadWriteType: 'All',
    // The role the deploy pipeline runs Terraform as: its network, IAM, Config and bucket-policy
    // changes are recorded, not paged; anyone else's page. Tampering with the trail pages whoever does it.
    expectedChangeAgents: ['arn:aws:iam::333333333333:role/terraform-deploy'],
    // Trail, key, log bucket and immutable-backup tampering reach on-call within seconds, not minutes.
    fastPath: true,
    alarmEmails: ['security-oncall@example.com', 'platform-oncall@example.com'],
    // Critical and high alarms, the fast path's messages and configuration changes by anyone but the
    // deploy role also page; every alarm, records included, still reaches the addresses above.
    paging: { emailAddresses: ['security-pager@example.com'] },
    blockDestructiveChanges: true,
    // Nobody, root included, can delete a log file in its first year (see README, Object Lock).
    objectLock: { mode: 'COMPLIANCE', retentionDays: 365 },
    // The log-archive account keeps a copy that survives a compromise of this one.
    replication: {
      destinationBucketArn: 'arn:aws:s3:::acme-log-archive-444444444444',
      destinationAccountId: '444444444444',
      destinationKmsKeyArn: 'arn:aws:kms:us-west-2:444444444444:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
    },
  },
];
