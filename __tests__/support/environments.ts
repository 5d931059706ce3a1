import type { EnvironmentInput } from '../../stacks/environment-schema';

/** A valid environment to start each test from; tests change one thing at a time. */
export function validEnvironment(overrides: Partial<EnvironmentInput> = {}): EnvironmentInput {
  return {
    name: 'test',
    accountId: '123456789012',
    region: 'eu-west-1',
    namePrefix: 'acme',
    tags: { Team: 'security' },
    logRetentionDays: 365,
    logBucketLifecycle: { transitionAfterDays: 30, expireAfterDays: 365 },
    watchedBuckets: ['acme-data'],
    dataEventReadWriteType: 'WriteOnly',
    alarmEmails: ['alerts@example.com'],
    blockDestructiveChanges: false,
    ...overrides,
  };
}
