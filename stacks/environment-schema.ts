import { z } from 'zod';
import { DETECTION_CATALOG, DETECTION_IDS, resolveDetections } from '../modules/detections';
import { AWS_REGIONS } from './aws-regions';
import { CLOUDWATCH_LOGS_RETENTION_DAYS } from './log-retention';
import { resourceNames } from './resource-names';

/**
 * The schema every environment is validated against at start-up, before anything is synthesized.
 * Messages say what was given and what is accepted; the loader adds the environment and field.
 */

const quote = (value: unknown) => JSON.stringify(value);

const ACCOUNT_ID = /^\d{12}$/;
const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,15}$/;
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,20}$/;
// S3 bucket naming rules for general purpose buckets (no dots-only, no `xn--`, 3-63 chars).
const BUCKET_NAME = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
// CloudWatch Logs refuses a metric filter pattern longer than this.
const MAX_FILTER_PATTERN_LENGTH = 1024;

const positiveInteger = (what: string) =>
  z.number({ error: (iss) => `${quote(iss.input)} is not a number; expected ${what}` })
    .int({ error: (iss) => `${quote(iss.input)} is not a whole number; expected ${what}` })
    .positive({ error: (iss) => `${quote(iss.input)} is not positive; expected ${what}` });

const detectionOverrideSchema = z.strictObject({
  enabled: z.boolean().optional(),
  threshold: z
    .number({ error: (iss) => `${quote(iss.input)} is not a number; expected a threshold greater than 0` })
    .positive({ error: (iss) => `${quote(iss.input)} is not positive; expected a threshold greater than 0` })
    .optional(),
  evaluationPeriods: positiveInteger('a whole number of evaluation periods, at least 1').optional(),
  periodSeconds: z
    .number()
    .refine((seconds) => seconds === 10 || seconds === 30 || (seconds > 0 && seconds % 60 === 0), {
      error: (iss) => `${quote(iss.input)} is not an alarm period CloudWatch accepts; expected 10, 30 or a multiple of 60`,
    })
    .optional(),
});

const backendSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('local'),
    /** State file path, relative to the stack's synthesized directory. */
    path: z.string().min(1).optional(),
  }),
  z.strictObject({
    type: z.literal('cloud'),
    organization: z.string().min(1),
    workspace: z.string().min(1),
    hostname: z.string().min(1).optional(),
  }),
]);

export const environmentSchema = z
  .strictObject({
    name: z.string().regex(ENVIRONMENT_NAME, {
      error: (iss) => `${quote(iss.input)} is not a valid environment name; expected lowercase letters, digits and hyphens, starting with a letter, at most 16 characters`,
    }),
    accountId: z.string({ error: (iss) => `${quote(iss.input)} is not a string; expected a 12-digit AWS account id in quotes` }).regex(ACCOUNT_ID, {
      error: (iss) => `${quote(iss.input)} is not a 12-digit AWS account id`,
    }),
    region: z.string().refine((region) => AWS_REGIONS.includes(region), {
      error: (iss) => `${quote(iss.input)} is not a known AWS region; accepted: ${AWS_REGIONS.join(', ')}`,
    }),
    namePrefix: z.string().regex(NAME_PREFIX, {
      error: (iss) => `${quote(iss.input)} is not a valid name prefix; expected lowercase letters, digits and hyphens, starting with a letter, at most 21 characters`,
    }),
    tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
    logRetentionDays: z.number().refine((days) => (CLOUDWATCH_LOGS_RETENTION_DAYS as readonly number[]).includes(days), {
      error: (iss) => `${quote(iss.input)} is not a retention CloudWatch Logs accepts; accepted: ${CLOUDWATCH_LOGS_RETENTION_DAYS.join(', ')}`,
    }),
    logBucketLifecycle: z.strictObject({
      transitionAfterDays: positiveInteger('a whole number of days, at least 1'),
      expireAfterDays: positiveInteger('a whole number of days, at least 1'),
    }),
    watchedBuckets: z.union(
      [
        z.literal('all'),
        z.array(
          z.string().regex(BUCKET_NAME, {
            error: (iss) => `${quote(iss.input)} is not a valid S3 bucket name; expected 3-63 lowercase letters, digits, dots and hyphens`,
          }),
        ).min(1, { error: 'is empty; expected at least one bucket name, or "all"' }),
      ],
      { error: (iss) => `${quote(iss.input)} is neither "all" nor a list of bucket names` },
    ),
    dataEventReadWriteType: z.enum(['WriteOnly', 'All'], {
      error: (iss) => `${quote(iss.input)} is not accepted; expected "WriteOnly" or "All"`,
    }),
    managementEventReadWriteType: z.enum(['WriteOnly', 'All'], {
      error: (iss) => `${quote(iss.input)} is not accepted; expected "WriteOnly" or "All"`,
    }).default('All'),
    alarmEmails: z.array(z.email({ error: (iss) => `${quote(iss.input)} is not a valid email address` })).default([]),
    /** Per-detection overrides, by detection id. */
    detections: z.record(z.string(), detectionOverrideSchema).default({}),
    /** Minutes without any event before the "trail delivery stopped" alarm fires; 0 turns it off. */
    silenceAlarmAfterMinutes: z
      .number()
      .refine((minutes) => minutes === 0 || (Number.isInteger(minutes) && minutes >= 5 && minutes <= 1440), {
        error: (iss) => `${quote(iss.input)} is not accepted; expected whole minutes from 5 to 1440, or 0 for no alarm`,
      })
      .optional(),
    blockDestructiveChanges: z.boolean({ error: (iss) => `${quote(iss.input)} is not accepted; expected true or false` }),
    backend: backendSchema.default({ type: 'local' }),
    /**
     * Send every AWS API call to this endpoint instead of AWS: for a local emulator only.
     * Real environments leave it out.
     */
    endpoint: z.url({ protocol: /^https?$/, hostname: /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/,
      error: (iss) => `${quote(iss.input)} is not accepted; expected an http URL on this machine (127.0.0.1, localhost or [::1])` }).optional(),
  })
  .superRefine((env, ctx) => {
    const { logBucketName, logGroupName } = resourceNames(env);
    if (Array.isArray(env.watchedBuckets)) {
      env.watchedBuckets.forEach((bucket, index) => {
        if (bucket === logBucketName) {
          ctx.addIssue({
            code: 'custom',
            path: ['watchedBuckets', index],
            message: `${quote(bucket)} is the trail's own log bucket; watching it would log every log delivery. Remove it`,
          });
        }
      });
    }
    for (const id of Object.keys(env.detections)) {
      if (!DETECTION_IDS.includes(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['detections', id],
          message: `${quote(id)} is not a detection id; accepted: ${DETECTION_IDS.join(', ')}`,
        });
      }
    }
    const { transitionAfterDays, expireAfterDays } = env.logBucketLifecycle;
    if (expireAfterDays <= transitionAfterDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['logBucketLifecycle', 'expireAfterDays'],
        message: `${expireAfterDays} is not after the transition (${transitionAfterDays} days); expected more than ${transitionAfterDays}`,
      });
    }
    const scope = { watchedBuckets: env.watchedBuckets, logGroupName, kmsKeyArn: '' };
    const tooLong = resolveDetections(DETECTION_CATALOG, env.detections, scope).filter(
      (detection) => detection.filterPattern.length > MAX_FILTER_PATTERN_LENGTH,
    );
    if (tooLong.length > 0) {
      const longest = Math.max(...tooLong.map((detection) => detection.filterPattern.length));
      ctx.addIssue({
        code: 'custom',
        path: ['watchedBuckets'],
        message: `${env.watchedBuckets.length} buckets make the filter patterns of ${tooLong.map((d) => d.id).join(', ')} up to ${longest} characters long; CloudWatch Logs accepts at most ${MAX_FILTER_PATTERN_LENGTH}. Watch fewer buckets, or "all"`,
      });
    }
  });

export const environmentsSchema = z
  .array(environmentSchema)
  .min(1, { error: 'no environments are defined; expected at least one' })
  .superRefine((environments, ctx) => {
    const seen = new Set<string>();
    environments.forEach((env, index) => {
      if (seen.has(env.name)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `${quote(env.name)} is defined more than once; expected unique environment names`,
        });
      }
      seen.add(env.name);
    });
  });

/** What an environments definition holds, before defaults. */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment, with defaults applied. */
export type EnvironmentSettings = z.output<typeof environmentSchema>;
