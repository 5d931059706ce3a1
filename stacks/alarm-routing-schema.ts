import { z } from 'zod';
import { DEFAULT_PAGED_SEVERITIES } from '../modules/alarm-paging-defaults';
import type { Severity } from '../modules/detections/detection';
import { partitionOf } from './aws-regions';
import { emailListSchema, repeatedAddressIndexes } from './email-addresses';
import { show } from './show-value';
import { strictObjectError } from './unknown-fields';

/**
 * Where an environment's alarms go besides the main topic: a paging topic for the severities that
 * wake someone up, and an AWS Chatbot channel in Slack or Microsoft Teams. The id formats are the
 * Chatbot API's own (CreateSlackChannelConfiguration, CreateMicrosoftTeamsChannelConfiguration), so
 * a typo fails here rather than at the first apply.
 */

const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** The regions the Chatbot API is offered in (AWS General Reference, "AWS Chatbot endpoints and quotas"). */
export const CHATBOT_API_REGIONS = ['us-east-2', 'us-west-2', 'eu-west-1', 'ap-southeast-1'] as const;
export type ChatbotApiRegion = (typeof CHATBOT_API_REGIONS)[number];

/** Where the channel configuration is created: the stack's own region when Chatbot is offered there. */
export function chatbotApiRegion(region: string, chosen?: ChatbotApiRegion): ChatbotApiRegion {
  const offeredHere = CHATBOT_API_REGIONS.find((offered) => offered === region);
  return chosen ?? offeredHere ?? 'us-east-2';
}

export const pagingSchema = z.strictObject(
  {
    /**
     * Severities whose alarms also notify the paging topic (the delivery heartbeat is critical).
     * @default ['critical', 'high']
     */
    severities: z
      .array(z.enum(SEVERITIES as [Severity, ...Severity[]], { error: (iss) => `${show(iss.input)} is not a severity; accepted: ${SEVERITIES.join(', ')}` }), {
        error: (iss) => `${show(iss.input)} is not accepted; expected a list of severities such as ["critical", "high"]`,
      })
      .min(1, { error: 'is empty; list at least one severity, or leave the field out for critical and high' })
      .default([...DEFAULT_PAGED_SEVERITIES]),
    /**
     * Subscribed to the paging topic: a pager's email integration, for instance.
     * @default none
     */
    emailAddresses: emailListSchema,
  },
  { error: strictObjectError((iss) => `${show(iss.input)} is not accepted; expected { "severities"?: ["critical", "high"], "emailAddresses"?: [...] }`) },
);

const id = (what: string, pattern: RegExp, accepted: string) =>
  z
    .string({ error: (iss) => `${show(iss.input)} is not a string; expected ${what}` })
    .regex(pattern, { error: (iss) => `${show(iss.input)} is not ${what}; expected ${accepted}` });

const UUID = /^[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;

/** What a channel of either kind can set. */
const channelOptions = {
  /**
   * `all`: the main topic, every alarm. `paged`: the paging topic only (needs `paging`).
   * @default 'all'
   */
  alarms: z
    .enum(['all', 'paged'], { error: (iss) => `${show(iss.input)} is not accepted; expected "all" (every alarm) or "paged" (the paging topic only)` })
    .default('all'),
  /**
   * What Chatbot writes to its log group /aws/chatbot/<configuration name>.
   * @default 'ERROR'
   */
  loggingLevel: z
    .enum(['ERROR', 'INFO', 'NONE'], { error: (iss) => `${show(iss.input)} is not accepted; expected "ERROR", "INFO" or "NONE"` })
    .default('ERROR'),
  /**
   * Members run commands only with the IAM role each mapped to their chat identity.
   * @default false (the channel role, read-only, like the guardrail)
   */
  userRoleRequired: z.boolean({ error: (iss) => `${show(iss.input)} is not accepted; expected true or false` }).default(false),
  /**
   * Region the channel configuration is created in; the Chatbot API exists in a few only.
   * @default the environment's region where the API is offered, else us-east-2 (where the Chatbot console runs)
   */
  apiRegion: z
    .enum(CHATBOT_API_REGIONS, { error: (iss) => `${show(iss.input)} is not a region the Chatbot API is offered in; accepted: ${CHATBOT_API_REGIONS.join(', ')}` })
    .optional(),
};

const slackChannelSchema = z.strictObject({
  type: z.literal('slack'),
  // SlackTeamId: [0-9A-Z]{1,255}.
  workspaceId: id('a Slack workspace id', /^[0-9A-Z]{1,255}$/, 'capital letters and digits, as the Chatbot console shows it once the workspace is authorized, e.g. "T07EA123LEP"'),
  // SlackChannelId: [A-Za-z0-9]+, 1 to 255.
  channelId: id('a Slack channel id', /^[A-Za-z0-9]{1,255}$/, 'letters and digits, the end of the channel\'s "Copy link" URL, e.g. "C07EZ1ABC23"'),
  ...channelOptions,
}, { error: strictObjectError() });

const teamsChannelSchema = z.strictObject({
  type: z.literal('teams'),
  tenantId: id('a Microsoft Teams tenant id', UUID, 'a UUID such as "a1b2c3d4-0000-1111-2222-333344445555"'),
  teamId: id('a Microsoft Teams team id', UUID, 'a UUID such as "a1b2c3d4-0000-1111-2222-333344445555"'),
  // TeamsChannelId: ([a-zA-Z0-9-_=+/.,])*%3[aA]([a-zA-Z0-9-_=+/.,])*%40([a-zA-Z0-9-_=+/.,])*, 1 to 255.
  channelId: id(
    'a Microsoft Teams channel id as the Chatbot API takes it',
    /^(?=.{1,255}$)[a-zA-Z0-9\-_=+/.,]*%3[aA][a-zA-Z0-9\-_=+/.,]*%40[a-zA-Z0-9\-_=+/.,]*$/,
    'the URL-encoded id from the channel link, e.g. "19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2" (":" as %3a, "@" as %40)',
  ),
  ...channelOptions,
}, { error: strictObjectError() });

export const chatChannelSchema = z.discriminatedUnion('type', [slackChannelSchema, teamsChannelSchema], {
  error: (iss) =>
    iss.code === 'invalid_union' && iss.input && typeof iss.input === 'object'
      ? `${show((iss.input as { type?: unknown }).type)} is not a channel type; expected "slack" or "teams"`
      : `${show(iss.input)} is not accepted; expected { "type": "slack", "workspaceId": ..., "channelId": ... } or { "type": "teams", "tenantId": ..., "teamId": ..., "channelId": ... }`,
});

export type PagingSettings = z.output<typeof pagingSchema>;
export type ChatChannelSettings = z.output<typeof chatChannelSchema>;

/** Problems across fields: a channel for paged alarms with no paging topic, the emulator. */
export function alarmRoutingProblems(env: {
  readonly paging?: PagingSettings;
  readonly chatChannel?: ChatChannelSettings;
  readonly endpoint?: string;
  readonly region: string;
}): { path: PropertyKey[]; message: string }[] {
  const problems: { path: PropertyKey[]; message: string }[] = [];
  const channel = env.chatChannel;
  if (channel?.alarms === 'paged' && !env.paging) {
    problems.push({ path: ['chatChannel', 'alarms'], message: '"paged" is not accepted without a paging topic; set paging, or alarms: "all"' });
  }
  if (channel && env.endpoint) {
    problems.push({ path: ['chatChannel'], message: 'is not accepted with an emulator endpoint: the emulator does not implement AWS Chatbot. Leave chatChannel out of emulated environments' });
  }
  if (channel && partitionOf(env.region) !== 'aws') {
    problems.push({ path: ['chatChannel'], message: `is not accepted in ${env.region}: the Chatbot API is offered only in ${CHATBOT_API_REGIONS.join(', ')} (partition aws)` });
  }
  const pagedAddresses = env.paging?.emailAddresses ?? [];
  for (const index of repeatedAddressIndexes(pagedAddresses)) {
    problems.push({ path: ['paging', 'emailAddresses', index], message: `${show(pagedAddresses[index])} is listed more than once; each address gets every page once already` });
  }
  if (env.paging?.severities) {
    env.paging.severities.forEach((severity, index) => {
      if (env.paging?.severities.indexOf(severity) !== index) problems.push({ path: ['paging', 'severities', index], message: `${show(severity)} is listed more than once; list each severity once` });
    });
  }
  return problems;
}
