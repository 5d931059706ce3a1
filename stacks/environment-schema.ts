import { z } from 'zod';
import { DETECTION_CATALOG, DETECTION_IDS, resolveDetections } from '../modules/detections';
import { AWS_REGIONS } from './aws-regions';
import { cloudTrailNameProblem, s3BucketNameProblem } from './aws-naming-rules';
import { MAX_TAGS_PER_RESOURCE, tagKeyProblem, tagValueProblem } from './aws-tag-rules';
import { evaluationWindowProblem, filterAlarmPeriodProblem } from './alarm-window-rules';
import { crossEnvironmentProblems } from './cross-environment-checks';
import { CLOUDWATCH_LOGS_RETENTION_DAYS } from './log-retention';
import { resourceNames, STACK_TAG_KEYS } from './resource-names';
import { show } from './show-value';

/**
 * The schema every environment is validated against at start-up, before anything is synthesized.
 * Every message says what was given and what is accepted; the loader adds the environment and field.
 * The AWS rules a name or number must meet live in the `aws-*-rules` files beside this one.
 */

const ACCOUNT_ID = /^\d{12}$/;
const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,15}$/;
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,20}$/;
// CloudWatch Logs refuses a metric filter pattern longer than this.
const MAX_FILTER_PATTERN_LENGTH = 1024;
// S3's lifecycle `Days` is a 32-bit integer in the S3 API model (and in the provider's schema).
const MAX_LIFECYCLE_DAYS = 2_147_483_647;

const wholeDays = (what: string) =>
  z
    .number({ error: (iss) => `${show(iss.input)} is not a number; expected ${what}` })
    .refine((days) => Number.isInteger(days) && days >= 1 && days <= MAX_LIFECYCLE_DAYS, {
      error: (iss) => `${show(iss.input)} is not accepted; expected ${what}`,
    });

const detectionOverrideSchema = z.strictObject(
  {
    enabled: z.boolean({ error: (iss) => `${show(iss.input)} is not accepted; expected true or false` }).optional(),
    threshold: z
      .number({ error: (iss) => `${show(iss.input)} is not a number; expected a threshold greater than 0` })
      .positive({ error: (iss) => `${show(iss.input)} is not positive; expected a threshold greater than 0` })
      .optional(),
    evaluationPeriods: z
      .number({ error: (iss) => `${show(iss.input)} is not a number; expected a whole number of evaluation periods, at least 1` })
      .refine((periods) => Number.isInteger(periods) && periods >= 1, {
        error: (iss) => `${show(iss.input)} is not accepted; expected a whole number of evaluation periods, at least 1`,
      })
      .optional(),
    periodSeconds: z
      .number({ error: (iss) => `${show(iss.input)} is not a number; expected a multiple of 60 seconds` })
      .refine((seconds) => filterAlarmPeriodProblem(seconds) === undefined, {
        error: (iss) => `${show(iss.input)} ${filterAlarmPeriodProblem(iss.input as number)}`,
      })
      .optional(),
  },
  { error: (iss) => `${show(iss.input)} is not accepted; expected an object such as { "threshold": 5 }` },
);

const backendSchema = z.discriminatedUnion(
  'type',
  [
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
  ],
  { error: (iss) => `${show(iss.input)} is not a backend; expected { "type": "local" } or { "type": "cloud", ... }` },
);

const bucketName = z
  .string({ error: (iss) => `${show(iss.input)} is not a bucket name; expected a string` })
  .superRefine((name, ctx) => {
    const problem = s3BucketNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: `${show(name)} is not a bucket name S3 accepts: it ${problem}` });
  });

const tagsSchema = z
  .record(
    z.string().superRefine((key, ctx) => {
      const problem = tagKeyProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', message: `${show(key)} ${problem}` });
    }),
    z.string({ error: (iss) => `${show(iss.input)} is not a tag value; expected a string` }).superRefine((value, ctx) => {
      const problem = tagValueProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: `${show(value)} ${problem}` });
    }),
    { error: (iss) => `${show(iss.input)} is not accepted; expected an object of tag keys to string values` },
  )
  .superRefine((tags, ctx) => {
    // IAM compares tag keys without regard to case (IAM User Guide, "Tags for IAM resources", Case
    // sensitivity: "Duplicate tag keys found"), and the stack adds its own to every resource.
    const seen = new Map<string, string>(STACK_TAG_KEYS.map((key) => [key.toLowerCase(), key]));
    for (const key of Object.keys(tags)) {
      const clash = seen.get(key.toLowerCase());
      if (clash !== undefined && clash !== key) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${show(key)} differs from the tag key ${show(clash)} only in case; IAM refuses such pairs. Use one spelling`,
        });
      }
      seen.set(key.toLowerCase(), key);
    }
    if (seen.size > MAX_TAGS_PER_RESOURCE) {
      ctx.addIssue({
        code: 'custom',
        message: `${Object.keys(tags).length} tags plus the stack's own (${STACK_TAG_KEYS.join(', ')}) make ${seen.size}; AWS accepts at most ${MAX_TAGS_PER_RESOURCE} per resource`,
      });
    }
  });

const retentionDays = z
  .number({
    error: (iss) => `${show(iss.input)} is not a number; expected a retention CloudWatch Logs accepts: ${CLOUDWATCH_LOGS_RETENTION_DAYS.join(', ')}`,
  })
  .refine((days) => (CLOUDWATCH_LOGS_RETENTION_DAYS as readonly number[]).includes(days), {
    error: (iss) => `${show(iss.input)} is not a retention CloudWatch Logs accepts; accepted: ${CLOUDWATCH_LOGS_RETENTION_DAYS.join(', ')}`,
  });

const readWriteType = z.enum(['WriteOnly', 'All'], {
  error: (iss) => `${show(iss.input)} is not accepted; expected "WriteOnly" or "All"`,
});

export const environmentSchema = z
  .strictObject(
    {
      name: z
        .string({ error: (iss) => `${show(iss.input)} is not a string; expected an environment name such as "dev"` })
        .regex(ENVIRONMENT_NAME, {
          error: (iss) => `${show(iss.input)} is not a valid environment name; expected lowercase letters, digits and hyphens, starting with a letter, at most 16 characters`,
        }),
      accountId: z.string({ error: (iss) => `${show(iss.input)} is not a string; expected a 12-digit AWS account id in quotes` }).regex(ACCOUNT_ID, {
        error: (iss) => `${show(iss.input)} is not a 12-digit AWS account id`,
      }),
      region: z
        .string({ error: (iss) => `${show(iss.input)} is not a string; expected an AWS region such as "us-east-1"` })
        .refine((region) => AWS_REGIONS.includes(region), {
          error: (iss) => `${show(iss.input)} is not a known AWS region; accepted: ${AWS_REGIONS.join(', ')}`,
        }),
      namePrefix: z
        .string({ error: (iss) => `${show(iss.input)} is not a string; expected a name prefix such as "acme"` })
        .regex(NAME_PREFIX, {
          error: (iss) => `${show(iss.input)} is not a valid name prefix; expected lowercase letters, digits and hyphens, starting with a letter, at most 21 characters`,
        }),
      tags: tagsSchema.default({}),
      logRetentionDays: retentionDays,
      logBucketLifecycle: z.strictObject(
        {
          transitionAfterDays: wholeDays(`a whole number of days from 1 to ${MAX_LIFECYCLE_DAYS}`),
          expireAfterDays: wholeDays(`a whole number of days from 1 to ${MAX_LIFECYCLE_DAYS}`),
        },
        { error: (iss) => `${show(iss.input)} is not accepted; expected { "transitionAfterDays": ..., "expireAfterDays": ... }` },
      ),
      watchedBuckets: z.union(
        [
          z.literal('all'),
          z.array(bucketName).min(1, { error: 'is empty; expected at least one bucket name, or "all"' }),
        ],
        { error: (iss) => `${show(iss.input)} is neither "all" nor a list of bucket names` },
      ),
      dataEventReadWriteType: readWriteType,
      managementEventReadWriteType: readWriteType.default('All'),
      alarmEmails: z
        .array(z.email({ error: (iss) => `${show(iss.input)} is not a valid email address` }), {
          error: (iss) => `${show(iss.input)} is not accepted; expected a list of email addresses`,
        })
        .default([]),
      /** Per-detection overrides, by detection id. */
      detections: z
        .record(z.string(), detectionOverrideSchema, {
          error: (iss) => `${show(iss.input)} is not accepted; expected an object of detection ids to overrides`,
        })
        .default({}),
      /** Minutes without any event before the "trail delivery stopped" alarm fires; 0 turns it off. */
      silenceAlarmAfterMinutes: z
        .number({ error: (iss) => `${show(iss.input)} is not a number; expected whole minutes from 5 to 1440, or 0 for no alarm` })
        .refine((minutes) => minutes === 0 || (Number.isInteger(minutes) && minutes >= 5 && minutes <= 1440), {
          error: (iss) => `${show(iss.input)} is not accepted; expected whole minutes from 5 to 1440, or 0 for no alarm`,
        })
        .optional(),
      blockDestructiveChanges: z.boolean({ error: (iss) => `${show(iss.input)} is not accepted; expected true or false` }),
      backend: backendSchema.default({ type: 'local' }),
      /**
       * Send every AWS API call to this endpoint instead of AWS: for a local emulator only.
       * Real environments leave it out.
       */
      endpoint: z.url({ protocol: /^https?$/, hostname: /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/,
        error: (iss) => `${show(iss.input)} is not accepted; expected an http URL on this machine (127.0.0.1, localhost or [::1])` }).optional(),
    },
    { error: (iss) => `${show(iss.input)} is not an environment; expected an object with name, accountId, region, ...` },
  )
  .superRefine((env, ctx) => {
    const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const names = resourceNames(env);

    // Physical names come from prefix and environment name, so a fault in either shows only here.
    const trailProblem = cloudTrailNameProblem(names.trailName);
    if (trailProblem) {
      const prefixAlone = cloudTrailNameProblem(resourceNames({ ...env, name: 'x' }).trailName) !== undefined;
      const field = prefixAlone ? 'namePrefix' : 'name';
      problem([field], `${show(env[field])} gives the trail name ${show(names.trailName)}, which CloudTrail refuses: it ${trailProblem}`);
    }
    const logBucketProblem = s3BucketNameProblem(names.logBucketName);
    if (logBucketProblem) {
      problem(['namePrefix'], `${show(env.namePrefix)} gives the log bucket name ${show(names.logBucketName)}, which S3 refuses: it ${logBucketProblem}`);
    }

    if (Array.isArray(env.watchedBuckets)) {
      const seen = new Set<string>();
      env.watchedBuckets.forEach((bucket, index) => {
        if (bucket === names.logBucketName) {
          problem(['watchedBuckets', index], `${show(bucket)} is the trail's own log bucket; watching it would log every log delivery. Remove it`);
        } else if (seen.has(bucket)) {
          problem(['watchedBuckets', index], `${show(bucket)} is listed more than once; list each bucket once`);
        }
        seen.add(bucket);
      });
    }
    const emails = new Set<string>();
    env.alarmEmails.forEach((address, index) => {
      if (emails.has(address.toLowerCase())) {
        problem(['alarmEmails', index], `${show(address)} is listed more than once; each address gets every alarm once already`);
      }
      emails.add(address.toLowerCase());
    });

    for (const id of Object.keys(env.detections)) {
      if (!DETECTION_IDS.includes(id)) problem(['detections', id], `${show(id)} is not a detection id; accepted: ${DETECTION_IDS.join(', ')}`);
    }
    const { transitionAfterDays, expireAfterDays } = env.logBucketLifecycle;
    if (expireAfterDays <= transitionAfterDays) {
      problem(
        ['logBucketLifecycle', 'expireAfterDays'],
        `${expireAfterDays} is not after the transition (${transitionAfterDays} days); expected more than ${transitionAfterDays}`,
      );
    }

    const resolved = resolveDetections(DETECTION_CATALOG, env.detections, { watchedBuckets: env.watchedBuckets, logGroupName: names.logGroupName, kmsKeyArn: '' });
    // A period refused on its own is reported once, by its field, not again as a window.
    for (const detection of resolved.filter((d) => filterAlarmPeriodProblem(d.alarm.periodSeconds) === undefined)) {
      const windowProblem = evaluationWindowProblem(detection.alarm.periodSeconds, detection.alarm.evaluationPeriods);
      if (windowProblem) problem(['detections', detection.id], windowProblem);
    }
    const tooLong = resolved.filter((detection) => detection.filterPattern.length > MAX_FILTER_PATTERN_LENGTH);
    if (tooLong.length > 0) {
      const longest = Math.max(...tooLong.map((detection) => detection.filterPattern.length));
      problem(
        ['watchedBuckets'],
        `${env.watchedBuckets.length} buckets make the filter patterns of ${tooLong.map((d) => d.id).join(', ')} up to ${longest} characters long; CloudWatch Logs accepts at most ${MAX_FILTER_PATTERN_LENGTH}. Watch fewer buckets, or "all"`,
      );
    }
  });

export const environmentsSchema = z
  .array(environmentSchema)
  .min(1, { error: 'no environments are defined; expected at least one' })
  .superRefine((environments, ctx) => {
    for (const { index, field, message } of crossEnvironmentProblems(environments)) {
      ctx.addIssue({ code: 'custom', path: [index, field], message });
    }
  });

/** What an environments definition holds, before defaults. */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment, with defaults applied. */
export type EnvironmentSettings = z.output<typeof environmentSchema>;
