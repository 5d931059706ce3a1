import type { EnvironmentInput } from './environment-schema';

/**
 * Environments the documentation shows (docs/operations.md, once the README) but the project does not ship, because their ids (a Slack
 * workspace, a pager address) are someone's own. docs/policies.md and the terraform validate tier
 * synthesize them beside the shipped ones, so every statement they write is documented and valid.
 */
export const DOCUMENTED_EXAMPLES: EnvironmentInput[] = [
  {
    name: 'readme-example',
    accountId: '555555555555',
    region: 'us-east-1',
    namePrefix: 'acme',
    logRetentionDays: 365,
    logBucketLifecycle: { transitionAfterDays: 90, expireAfterDays: 2557 },
    watchedBuckets: ['acme-example-customer-data'],
    dataEventReadWriteType: 'WriteOnly',
    alarmEmails: ['security-alerts@example.com'],
    blockDestructiveChanges: true,
    // docs/operations.md, "Where alarms go": critical and high alarms page, every alarm reaches Slack.
    paging: { emailAddresses: ['oncall@example.pagerduty.com'] },
    chatChannel: { type: 'slack', workspaceId: 'T07EA123LEP', channelId: 'C07EZ1ABC23' },
  },
];
