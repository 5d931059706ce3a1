import { z } from 'zod';
import { COMPLIANCE_RULE_IDS, RETIRED_RULES } from '../modules/compliance/pack';
import { CIS_TEXTS, CisText, DETECTION_CATALOG, DETECTION_IDS } from '../modules/detections';
import { environmentDetections } from '../modules/detections/environment-detections';
import { CONFIGURATION_CHANGE_DETECTIONS, unknownPrincipalId, variantOf } from '../modules/detections/change-agents';
import { bucketDetectionId, BucketIntent, bucketIntentDetections, detectionTemplateOf, UNEXPECTED_WRITER } from '../modules/detections/bucket-intent';
import { BUCKET_VOLUMES, bucketVolumePattern } from '../modules/detections/bucket-volume';
import { MAX_FILTER_PATTERN_LENGTH, MAX_METRIC_FILTERS_PER_LOG_GROUP } from '../modules/detections/limits';
import { AWS_REGIONS, partitionOf } from './aws-regions';
import { alarmRoutingProblems, chatChannelSchema, pagingSchema } from './alarm-routing-schema';
import { backendSchema } from './backend-schema';
import { emailListSchema, repeatedAddressIndexes } from './email-addresses';
import { expectedWriterProblem, immutablePrefixProblem } from './bucket-intent-rules';
import { changeAgentProblem } from './change-agent-rules';
import { cloudTrailNameProblem, s3BucketNameProblem } from './aws-naming-rules';
import { MAX_TAGS_PER_RESOURCE, tagKeyProblem, tagValueProblem } from './aws-tag-rules';
import { evaluationWindowProblem, filterAlarmPeriodProblem } from './alarm-window-rules';
import { crossEnvironmentProblems } from './cross-environment-checks';
import { LIFECYCLE_DAYS_EXPECTED, MAX_LIFECYCLE_DAYS } from './lifecycle-rules';
import { CLOUDWATCH_LOGS_RETENTION_DAYS } from './log-retention';
import { resourceNames, STACK_TAG_KEYS } from './resource-names';
import { RUNBOOK_EXAMPLE_ADVICE, runbookBaseUrlSchema } from './runbook-url-schema';
import { PROJECT_RUNBOOK_BASE_URL } from '../modules/alarm-description';
import { brief, show } from './show-value';
import { existingTrailSchema, logArchiveSchema, organizationSchema, trailShapeProblems } from './trail-shape-schema';
import { didYouMean, strictObjectError } from './unknown-fields';

/**
 * The schema every environment is validated against at start-up, before anything is synthesized.
 * Every message says what was given and what is accepted; the loader adds the environment and field.
 * The AWS rules a name or number must meet live in the `aws-*-rules` files beside this one.
 */

const ACCOUNT_ID = /^\d{12}$/;
const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,15}$/;
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,20}$/;

const wholeDays = (what: string) =>
  z
    .number({ error: (iss) => `${show(iss.input)} is not a number; expected ${what}` })
    .refine((days) => Number.isInteger(days) && days >= 1 && days <= MAX_LIFECYCLE_DAYS, {
      error: (iss) => `${show(iss.input)} is not accepted; expected ${what}`,
    });

const evaluationPeriodsSchema = z
  .number({ error: (iss) => `${show(iss.input)} is not a number; expected a whole number of evaluation periods, at least 1` })
  .refine((periods) => Number.isInteger(periods) && periods >= 1, {
    error: (iss) => `${show(iss.input)} is not accepted; expected a whole number of evaluation periods, at least 1`,
  });
const enabledSchema = z.boolean({ error: (iss) => `${show(iss.input)} is not accepted; expected true or false` });

const detectionOverrideSchema = z.strictObject(
  {
    enabled: enabledSchema.optional(),
    threshold: z
      .number({ error: (iss) => `${show(iss.input)} is not a number; expected a threshold greater than 0` })
      .positive({ error: (iss) => `${show(iss.input)} is not positive; expected a threshold greater than 0` })
      .optional(),
    evaluationPeriods: evaluationPeriodsSchema.optional(),
    periodSeconds: z
      .number({ error: (iss) => `${show(iss.input)} is not a number; expected a multiple of 60 seconds` })
      .refine((seconds) => filterAlarmPeriodProblem(seconds) === undefined, {
        error: (iss) => `${show(iss.input)} ${filterAlarmPeriodProblem(iss.input as number)}`,
      })
      .optional(),
  },
  { error: strictObjectError((iss) => `${show(iss.input)} is not accepted; expected an object such as { "threshold": 5 }`) },
);

const bucketName = z
  .string({ error: (iss) => `${show(iss.input)} is not a bucket name; expected a string` })
  .superRefine((name, ctx) => {
    const problem = s3BucketNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: `${show(name)} is not a bucket name S3 accepts: it ${problem}` });
  });

const bucketIntentSchema = z.strictObject(
  {
    name: bucketName,
    /**
     * The account that holds the bucket: required in an organization (the management account or
     * one of organization.memberAccountIds), else this environment's account.
     */
    accountId: z
      .string({ error: (iss) => `${show(iss.input)} is not a string; expected the 12-digit account id of the bucket's account, in quotes` })
      .regex(ACCOUNT_ID, { error: (iss) => `${show(iss.input)} is not a 12-digit AWS account id` })
      .optional(),
    expectedWriters: z
      .array(z.string({ error: (iss) => `${show(iss.input)} is not a string; expected a principal ARN such as "arn:aws:iam::111111111111:role/exporter"` }), {
        error: (iss) => `${show(iss.input)} is not accepted; expected a list of principal ARN patterns`,
      })
      .min(1, { error: 'is empty; list at least one principal ARN pattern, or leave the field out' })
      .optional(),
    immutablePrefixes: z
      .array(z.string({ error: (iss) => `${show(iss.input)} is not a string; expected a key prefix such as "ledger/"` }), {
        error: (iss) => `${show(iss.input)} is not accepted; expected a list of key prefixes`,
      })
      .min(1, { error: 'is empty; list at least one key prefix, or leave the field out' })
      .optional(),
  },
  { error: strictObjectError((iss) => `${show(iss.input)} is not accepted; expected a bucket name or { "name": ..., "accountId"?: ..., "expectedWriters"?: [...], "immutablePrefixes"?: [...] }`) },
);

/** A watched bucket as given: its intent, and the account it is in when the definition says so. */
type WatchedBucketEntry = BucketIntent & { readonly accountId?: string };

/**
 * Parses `input` with `schema`, forwarding its issues to `ctx` where they arose. The routing
 * schemas below pick a schema by the input's shape rather than with z.union, which reports any
 * fault inside a branch as one generic "no branch matched" and hides the field at fault.
 */
function parseInto<T>(schema: z.ZodType<T>, input: unknown, ctx: z.core.$RefinementCtx): T {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue(issue as z.core.$ZodRawIssue);
  return z.NEVER;
}

/** A bucket name, or an object declaring what may change its objects. */
const watchedBucketEntry = z
  .unknown()
  .transform((input, ctx): WatchedBucketEntry => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return { name: parseInto(bucketName, input, ctx), expectedWriters: [], immutablePrefixes: [] };
    }
    const entry = parseInto(bucketIntentSchema, input, ctx);
    return { name: entry.name, accountId: entry.accountId, expectedWriters: entry.expectedWriters ?? [], immutablePrefixes: entry.immutablePrefixes ?? [] };
  }) as unknown as z.ZodType<WatchedBucketEntry, string | z.input<typeof bucketIntentSchema>>;

const watchedBucketList = z.array(watchedBucketEntry).min(1, { error: 'is empty; expected at least one bucket name, or "all"' });

/** `"all"`, or a list of bucket entries. */
const watchedBucketsSchema = z
  .unknown()
  .transform((input, ctx): 'all' | WatchedBucketEntry[] => {
    if (input === 'all') return 'all';
    if (!Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', input, message: `${show(input)} is neither "all" nor a list of buckets` });
      return z.NEVER;
    }
    return parseInto(watchedBucketList, input, ctx);
  }) as unknown as z.ZodType<'all' | WatchedBucketEntry[], 'all' | z.input<typeof watchedBucketList>>;

// Anomaly-detection alarms read standard-resolution metrics: whole minutes only.
const unusualVolumeSchema = z.strictObject(
  {
    bandWidth: z
      .number({ error: (iss) => `${show(iss.input)} is not a number; expected the band width in standard deviations, e.g. 3` })
      .positive({ error: (iss) => `${show(iss.input)} is not positive; expected the band width in standard deviations, e.g. 3` })
      .optional(),
    periodSeconds: z
      .number({ error: (iss) => `${show(iss.input)} is not a number; expected a multiple of 60 seconds` })
      .refine((seconds) => Number.isInteger(seconds) && seconds >= 60 && seconds % 60 === 0, {
        error: (iss) => `${show(iss.input)} is not accepted; expected a multiple of 60 seconds`,
      })
      .optional(),
    evaluationPeriods: evaluationPeriodsSchema.optional(),
    enabled: enabledSchema.optional(),
  },
  { error: strictObjectError((iss) => `${show(iss.input)} is not accepted; expected { "bandWidth": 3, "periodSeconds": 300, "evaluationPeriods": 2 }`) },
);

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

// S3 Object Lock retention is given in days; a century is beyond any records schedule.
const MAX_OBJECT_LOCK_DAYS = 36_500;
const REPLICA_STORAGE_CLASSES = ['STANDARD', 'STANDARD_IA', 'INTELLIGENT_TIERING', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;
const S3_BUCKET_ARN = /^arn:(aws|aws-cn|aws-us-gov):s3:::([^/]+)$/;
// A full key ARN, not an alias: replication across accounts needs the key itself.
const KMS_KEY_ARN = /^arn:(aws|aws-cn|aws-us-gov):kms:([a-z0-9-]+):(\d{12}):key\/[A-Za-z0-9-]+$/;

const objectLockSchema = z.strictObject(
  {
    mode: z.enum(['GOVERNANCE', 'COMPLIANCE'], {
      error: (iss) => `${show(iss.input)} is not accepted; expected "GOVERNANCE" (removable with s3:BypassGovernanceRetention) or "COMPLIANCE" (removable by nobody)`,
    }),
    retentionDays: z
      .number({ error: (iss) => `${show(iss.input)} is not a number; expected whole days from 1 to ${MAX_OBJECT_LOCK_DAYS}` })
      .refine((days) => Number.isInteger(days) && days >= 1 && days <= MAX_OBJECT_LOCK_DAYS, {
        error: (iss) => `${show(iss.input)} is not accepted; expected whole days from 1 to ${MAX_OBJECT_LOCK_DAYS}`,
      }),
  },
  { error: strictObjectError((iss) => `${show(iss.input)} is not accepted; expected { "mode": "COMPLIANCE", "retentionDays": 365 }`) },
);

const replicationSchema = z.strictObject(
  {
    destinationBucketArn: z
      .string({ error: (iss) => `${show(iss.input)} is not a string; expected a bucket ARN such as "arn:aws:s3:::acme-log-archive"` })
      .superRefine((arn, ctx) => {
        const match = S3_BUCKET_ARN.exec(arn);
        const problem = match ? s3BucketNameProblem(match[2]) : 'is not of the form arn:<partition>:s3:::<bucket>';
        if (problem) ctx.addIssue({ code: 'custom', message: `${show(arn)} is not a bucket ARN S3 accepts: it ${problem}` });
      }),
    destinationAccountId: z
      .string({ error: (iss) => `${show(iss.input)} is not a string; expected a 12-digit AWS account id in quotes` })
      .regex(ACCOUNT_ID, { error: (iss) => `${show(iss.input)} is not a 12-digit AWS account id` }),
    destinationKmsKeyArn: z
      .string({ error: (iss) => `${show(iss.input)} is not a string; expected a KMS key ARN` })
      .regex(KMS_KEY_ARN, {
        error: (iss) => `${show(iss.input)} is not a KMS key ARN; expected arn:<partition>:kms:<region>:<account>:key/<key id> (an alias will not do for replication)`,
      }),
    storageClass: z
      .enum(REPLICA_STORAGE_CLASSES, { error: (iss) => `${show(iss.input)} is not accepted; expected one of ${REPLICA_STORAGE_CLASSES.join(', ')}` })
      .optional(),
  },
  { error: strictObjectError((iss) => `${show(iss.input)} is not accepted; expected { "destinationBucketArn", "destinationAccountId", "destinationKmsKeyArn" }`) },
);

/** A reason is at least one sentence: several words ending in a full stop. */
function isSentence(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.split(/\s+/).length >= 4 && /[.!?]$/.test(trimmed);
}

const suppressionSchema = z.strictObject(
  {
    rule: z
      .string({ error: (iss) => `${show(iss.input)} is not a string; expected a compliance rule id` })
      .refine((id) => COMPLIANCE_RULE_IDS.includes(id) || id in RETIRED_RULES, {
        error: (iss) => `${show(iss.input)} is not a compliance rule id${didYouMean(String(iss.input), COMPLIANCE_RULE_IDS)}; accepted: ${COMPLIANCE_RULE_IDS.join(', ')}`,
      }),
    resource: z.string({ error: (iss) => `${show(iss.input)} is not a string; expected a Terraform address as findings print it` }).min(1).optional(),
    reason: z
      .string({ error: (iss) => `${show(iss.input)} is not accepted; a suppression needs a reason of at least one sentence` })
      .refine(isSentence, {
        error: (iss) => `${show(iss.input)} is not a reason; write at least one sentence saying why the finding is accepted (e.g. "Dev logs are disposable and 30 days covers every investigation.")`,
      }),
  },
  { error: strictObjectError((iss) => `${show(iss.input)} is not accepted; expected { "rule": ..., "reason": "..." }`) },
);

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
          // brief: the name also labels the message, and a 200-character one need not be read twice.
          error: (iss) => `${brief(String(iss.input))} is not a valid environment name; expected lowercase letters, digits and hyphens, starting with a letter, at most 16 characters`,
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
          transitionAfterDays: wholeDays(LIFECYCLE_DAYS_EXPECTED),
          expireAfterDays: wholeDays(LIFECYCLE_DAYS_EXPECTED),
        },
        { error: strictObjectError((iss) => `${show(iss.input)} is not accepted; expected { "transitionAfterDays": ..., "expireAfterDays": ... }`) },
      ),
      watchedBuckets: watchedBucketsSchema,
      /**
       * Anomaly-detection alarms on each named watched bucket's delete and write volume.
       * @default band 3 standard deviations wide, 300-second periods, 2 evaluation periods
       */
      unusualVolume: unusualVolumeSchema.default({}),
      dataEventReadWriteType: readWriteType,
      /**
       * Management events the trail records; not with existingTrail, whose trail records them.
       * @default 'All'
       */
      managementEventReadWriteType: readWriteType.optional(),
      alarmEmails: emailListSchema,
      /**
       * A second, paging topic for the severities that wake someone up (stacks/alarm-routing-schema.ts).
       * @default none: every alarm notifies the main topic only
       */
      paging: pagingSchema.optional(),
      /**
       * An AWS Chatbot channel in Slack or Microsoft Teams for the alarms (stacks/alarm-routing-schema.ts).
       * @default none
       */
      chatChannel: chatChannelSchema.optional(),
      /**
       * Where each alarm's runbook link points: `<runbookBaseUrl>#<detection id>` (stacks/runbook-url-schema.ts).
       * @default the project's docs/detections.md
       */
      runbookBaseUrl: runbookBaseUrlSchema.optional(),
      /**
       * Principal ARN patterns that deploy this environment's infrastructure: their configuration
       * changes are recorded, not paged (modules/detections/change-agents.ts).
       * @default none
       */
      expectedChangeAgents: z
        .array(z.string({ error: (iss) => `${show(iss.input)} is not a string; expected a principal ARN such as "arn:aws:iam::111111111111:role/terraform-deploy"` }), {
          error: (iss) => `${show(iss.input)} is not accepted; expected a list of principal ARN patterns`,
        })
        .min(1, { error: 'is empty; list the roles or users that deploy this environment, or leave the field out' })
        .optional(),
      /**
       * The fast path: an EventBridge rule per critical detection, notifying the alarm topics within
       * seconds of the event reaching EventBridge (modules/fast-path.ts).
       * @default false
       */
      fastPath: z.boolean({ error: (iss) => `${show(iss.input)} is not accepted; expected true or false` }).default(false),
      /**
       * The text of the CIS detections (modules/detections/cis-foundations.ts).
       * @default 'security-hub'
       */
      cisText: z
        .enum(CIS_TEXTS as [CisText, ...CisText[]], {
          error: (iss) => `${show(iss.input)} is not accepted; expected "security-hub" (the text Security Hub's CloudWatch.1-14 controls check) or "cis-v6.0.0"`,
        })
        .default('security-hub'),
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
      /**
       * Make the trail an organization trail, created in the management account (`accountId`) or
       * by a CloudTrail delegated administrator (stacks/trail-shape-schema.ts).
       * @default none: a trail of this account alone
       */
      organization: organizationSchema.optional(),
      /**
       * Keep the log bucket, its access-log bucket and its key in a log-archive account, in a stack
       * of their own (`<name>-log-archive`).
       * @default none: the log bucket is in the trail's account
       */
      logArchive: logArchiveSchema.optional(),
      /**
       * Side by side with a trail that records management events already (AWS Control Tower's):
       * the management-event detections read its log group, and this environment's trail records
       * S3 data events only.
       * @default none: this environment's trail records management events too
       */
      existingTrail: existingTrailSchema.optional(),
      /** S3 Object Lock default retention on the log bucket. */
      objectLock: objectLockSchema.optional(),
      /** A copy of every log file in another region or account. */
      replication: replicationSchema.optional(),
      /** Compliance findings this environment accepts, each with its reason. */
      suppressions: z
        .array(suppressionSchema, { error: (iss) => `${show(iss.input)} is not accepted; expected a list of suppressions` })
        .default([]),
      backend: backendSchema.default({ type: 'local' }),
      /**
       * Send every AWS API call to this endpoint instead of AWS: for a local emulator only.
       * Real environments leave it out.
       */
      endpoint: z.url({ protocol: /^https?$/, hostname: /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/,
        error: (iss) => `${show(iss.input)} is not accepted; expected an http URL on this machine (127.0.0.1, localhost or [::1])` }).optional(),
    },
    { error: strictObjectError((iss) => `${show(iss.input)} is not an environment; expected an object with name, accountId, region, ...`) },
  )
  .superRefine((env, ctx) => {
    const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const names = resourceNames(env);

    // Physical names come from prefix and environment name, so a fault in either shows only here;
    // a name or prefix already refused by its own pattern is reported once, there, not per name it makes.
    if (ENVIRONMENT_NAME.test(env.name) && NAME_PREFIX.test(env.namePrefix)) {
      const blame = (problemOf: (names: ReturnType<typeof resourceNames>) => string | undefined): 'name' | 'namePrefix' =>
        problemOf(resourceNames({ ...env, name: 'x' })) !== undefined ? 'namePrefix' : 'name';
      const trailProblem = cloudTrailNameProblem(names.trailName);
      if (trailProblem) {
        const field = blame((short) => cloudTrailNameProblem(short.trailName));
        problem([field], `${show(env[field])} gives the trail name ${show(names.trailName)}, which CloudTrail refuses: it ${trailProblem}`);
      }
      for (const [what, bucket] of [['log bucket', 'logBucketName'], ['access-log bucket', 'accessLogBucketName']] as const) {
        const bucketProblem = s3BucketNameProblem(names[bucket]);
        if (!bucketProblem) continue;
        const field = blame((short) => s3BucketNameProblem(short[bucket]));
        problem([field], `${show(env[field])} gives the ${what} name ${show(names[bucket])}, which S3 refuses: it ${bucketProblem}`);
      }
    }

    // Not a list when an entry had only unknown keys: zod lets those through to the checks.
    const intents = Array.isArray(env.watchedBuckets) ? env.watchedBuckets : [];
    const seen = new Set<string>();
    // A bucket with a refused writer or prefix is not also reported for the pattern they make.
    const refusedEntries = new Set<number>();
    intents.forEach(({ name: bucket, expectedWriters, immutablePrefixes }, index) => {
      if (bucket === names.logBucketName || bucket === names.accessLogBucketName) {
        problem(['watchedBuckets', index], `${show(bucket)} is the trail's own log bucket; watching it would log every log delivery. Remove it`);
      } else if (seen.has(bucket)) {
        problem(['watchedBuckets', index], `${show(bucket)} is listed more than once; list each bucket once`);
      }
      seen.add(bucket);
      const listProblems = (field: string, values: readonly string[], valueProblem: (value: string) => string | undefined) => {
        values.forEach((value, position) => {
          const fault = valueProblem(value);
          if (fault) refusedEntries.add(index);
          if (fault) problem(['watchedBuckets', index, field, position], `${show(value)} ${fault}`);
          else if (values.indexOf(value) !== position) problem(['watchedBuckets', index, field, position], `${show(value)} is listed more than once; list each once`);
        });
      };
      listProblems('expectedWriters', expectedWriters, (writer) => expectedWriterProblem(writer, partitionOf(env.region)));
      listProblems('immutablePrefixes', immutablePrefixes, immutablePrefixProblem);
    });
    for (const { path, message } of trailShapeProblems(env)) problem(path, message);
    const bucketDetections = bucketIntentDetections(intents);
    const agents = env.expectedChangeAgents ?? [];
    agents.forEach((agent, index) => {
      const fault = changeAgentProblem(agent, partitionOf(env.region));
      if (fault) problem(['expectedChangeAgents', index], `${show(agent)} ${fault}`);
      else if (agents.indexOf(agent) !== index) problem(['expectedChangeAgents', index], `${show(agent)} is listed more than once; list each once`);
    });
    const variantIds = agents.length > 0 ? CONFIGURATION_CHANGE_DETECTIONS.map(unknownPrincipalId) : [];
    const detectionIds = [...DETECTION_IDS, ...bucketDetections.map((detection) => detection.id), ...variantIds];
    for (const { path, message } of alarmRoutingProblems(env)) problem(path, message);
    // An emulator environment gets a warning instead (definition-warnings.ts): its alarms email nobody real.
    if (env.runbookBaseUrl === PROJECT_RUNBOOK_BASE_URL && env.endpoint === undefined) {
      problem(['runbookBaseUrl'], `${show(env.runbookBaseUrl)} is the example company's URL, which does not exist; ${RUNBOOK_EXAMPLE_ADVICE}`);
    }
    for (const index of repeatedAddressIndexes(env.alarmEmails)) {
      problem(['alarmEmails', index], `${show(env.alarmEmails[index])} is listed more than once; each address gets every alarm once already`);
    }

    for (const id of Object.keys(env.detections)) {
      if (!detectionIds.includes(id)) problem(['detections', id], `${show(id)} is not a detection id${didYouMean(id, detectionIds)}; accepted: ${detectionIds.join(', ')}`);
    }
    const { transitionAfterDays, expireAfterDays } = env.logBucketLifecycle;
    if (expireAfterDays <= transitionAfterDays) {
      problem(
        ['logBucketLifecycle', 'expireAfterDays'],
        `${expireAfterDays} is not after the transition (${transitionAfterDays} days); expected more than ${transitionAfterDays}`,
      );
    }

    if (env.objectLock && env.objectLock.retentionDays > expireAfterDays) {
      problem(
        ['objectLock', 'retentionDays'],
        `${env.objectLock.retentionDays} is longer than the log files are kept (logBucketLifecycle.expireAfterDays ${expireAfterDays}); locked versions would outlive their expiry and be billed until the lock ends. Expected at most ${expireAfterDays}`,
      );
    }
    if (env.replication) {
      const destinationBucket = S3_BUCKET_ARN.exec(env.replication.destinationBucketArn);
      const key = KMS_KEY_ARN.exec(env.replication.destinationKmsKeyArn);
      if (destinationBucket && destinationBucket[2] === names.logBucketName) {
        problem(['replication', 'destinationBucketArn'], `${show(env.replication.destinationBucketArn)} is the log bucket itself; expected a bucket in another region or account`);
      }
      if (destinationBucket && destinationBucket[1] !== partitionOf(env.region)) {
        problem(['replication', 'destinationBucketArn'], `${show(env.replication.destinationBucketArn)} is in partition ${destinationBucket[1]}; S3 replicates only within ${partitionOf(env.region)}`);
      }
      if (key && env.replication.destinationAccountId === env.accountId && key[2] === env.region) {
        problem(
          ['replication', 'destinationKmsKeyArn'],
          `${show(env.replication.destinationKmsKeyArn)} is in ${env.region} and the destination in this account: a copy in the same account and region survives the loss of neither. Expected another region or another account`,
        );
      }
    }

    const watchedBuckets = env.watchedBuckets === 'all' ? 'all' : intents.map((intent) => intent.name);
    const refusedAgents = agents.some((agent) => changeAgentProblem(agent, partitionOf(env.region)) !== undefined);
    const resolved = environmentDetections({
      catalog: DETECTION_CATALOG,
      bucketIntents: intents,
      overrides: env.detections,
      scope: { watchedBuckets, logGroupName: names.logGroupName, kmsKeyArn: '', logBucketNames: [names.logBucketName, names.accessLogBucketName], cisText: env.cisText },
      changeAgents: { agents: refusedAgents ? [] : agents },
    });
    // A period refused on its own is reported once, by its field, not again as a window.
    for (const detection of resolved.filter((d) => filterAlarmPeriodProblem(d.alarm.periodSeconds) === undefined)) {
      const windowProblem = evaluationWindowProblem(detection.alarm.periodSeconds, detection.alarm.evaluationPeriods);
      if (windowProblem) problem(['detections', detection.id], windowProblem);
    }
    const tooLongVariants = resolved.filter((d) => d.filterPattern.length > MAX_FILTER_PATTERN_LENGTH && variantOf(d.id) !== undefined);
    if (tooLongVariants.length > 0) {
      const longest = Math.max(...tooLongVariants.map((d) => d.filterPattern.length));
      problem(
        ['expectedChangeAgents'],
        `${agents.length} change agents make the filter patterns of ${tooLongVariants.map((d) => d.id).join(', ')} up to ${longest} characters long; CloudWatch Logs accepts at most ${MAX_FILTER_PATTERN_LENGTH}. List fewer patterns: one ending in * covers every role whose name starts with it`,
      );
    }
    for (const detection of resolved.filter((d) => d.filterPattern.length > MAX_FILTER_PATTERN_LENGTH && d.id !== detectionTemplateOf(d.id) && variantOf(d.id) === undefined)) {
      // By the id the builder gave it: a suffix match would take bucket `c` for `logs.c`'s detection.
      const template = detectionTemplateOf(detection.id);
      const index = intents.findIndex((intent) => bucketDetectionId(template, intent.name) === detection.id);
      if (refusedEntries.has(index)) continue;
      const writers = template === UNEXPECTED_WRITER;
      problem(
        ['watchedBuckets', index, writers ? 'expectedWriters' : 'immutablePrefixes'],
        writers
          ? `${intents[index].expectedWriters.length} expected writers make the filter pattern of ${detection.id} ${detection.filterPattern.length} characters long; CloudWatch Logs accepts at most ${MAX_FILTER_PATTERN_LENGTH}. List fewer patterns: one ending in * covers every role or user whose name starts with it`
          : `${intents[index].immutablePrefixes.length} immutable prefixes make the filter pattern of ${detection.id} ${detection.filterPattern.length} characters long; CloudWatch Logs accepts at most ${MAX_FILTER_PATTERN_LENGTH}. List fewer, shorter prefixes`,
      );
    }
    const volumeFilters = watchedBuckets === 'all' || env.unusualVolume.enabled === false
      ? []
      : BUCKET_VOLUMES.map((volume) => ({ id: volume.templateId, filterPattern: bucketVolumePattern(volume, watchedBuckets) }));
    const filterCount = resolved.length + volumeFilters.length;
    if (filterCount > MAX_METRIC_FILTERS_PER_LOG_GROUP) {
      problem(
        ['watchedBuckets'],
        `${resolved.length} detections (${bucketDetections.length} of them per bucket${variantIds.length > 0 ? `, ${resolved.filter((d) => variantOf(d.id) !== undefined).length} for unknown principals` : ''}) and ${volumeFilters.length} volume filters make ${filterCount} metric filters on the trail log group; CloudWatch Logs allows at most ${MAX_METRIC_FILTERS_PER_LOG_GROUP} per log group. Declare fewer buckets' expected writers or immutable prefixes, or disable detections you do not need`,
      );
    }
    // A pattern that names the log buckets is as long as their names: names refused above (or by the
    // name's own pattern) are reported there, not again as the patterns they make.
    const namesRefused =
      !ENVIRONMENT_NAME.test(env.name) || !NAME_PREFIX.test(env.namePrefix) || [names.logBucketName, names.accessLogBucketName].some((bucket) => s3BucketNameProblem(bucket) !== undefined);
    const tooLong = [...resolved, ...volumeFilters].filter(
      (detection) =>
        detection.filterPattern.length > MAX_FILTER_PATTERN_LENGTH &&
        detection.id === detectionTemplateOf(detection.id) &&
        !(namesRefused && detection.filterPattern.includes(names.logBucketName)),
    );
    if (tooLong.length > 0) {
      const longest = Math.max(...tooLong.map((detection) => detection.filterPattern.length));
      problem(
        ['watchedBuckets'],
        `${env.watchedBuckets.length} buckets make the filter patterns of ${tooLong.map((d) => d.id).join(', ')} up to ${longest} characters long; CloudWatch Logs accepts at most ${MAX_FILTER_PATTERN_LENGTH}. Watch fewer buckets, or "all"`,
      );
    }
  })
  // Code downstream reads the watched buckets as names, and what each bucket declares apart.
  .transform(({ watchedBuckets, managementEventReadWriteType, ...env }) => ({
    ...env,
    managementEventReadWriteType: managementEventReadWriteType ?? ('All' as const),
    /** False when the existing trail records management events and this one only data events. */
    recordsManagementEvents: env.existingTrail === undefined,
    watchedBuckets: !Array.isArray(watchedBuckets) ? ('all' as const) : watchedBuckets.map((intent) => intent.name),
    bucketIntents: !Array.isArray(watchedBuckets)
      ? []
      : watchedBuckets
          .filter((intent) => intent.expectedWriters.length > 0 || intent.immutablePrefixes.length > 0)
          .map(({ name, expectedWriters, immutablePrefixes }) => ({ name, expectedWriters, immutablePrefixes })),
    /** The account each watched bucket is in, where the definition says. */
    watchedBucketAccounts: !Array.isArray(watchedBuckets) ? {} : Object.fromEntries(watchedBuckets.flatMap((entry) => (entry.accountId ? [[entry.name, entry.accountId]] : []))),
  }));

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
