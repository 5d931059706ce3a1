import type { EnvironmentInput } from '../../stacks/environment-schema';
import { EnvironmentsDefinitionError, parseEnvironments } from '../../stacks/load-environments';

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

/** The problems the loader lists for a definition that must be refused; fails the test if it is accepted. */
export function definitionProblems(definition: unknown): string[] {
  try {
    parseEnvironments(definition);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentsDefinitionError);
    return [...(error as EnvironmentsDefinitionError).problems];
  }
  throw new Error('expected the definition to be rejected');
}
