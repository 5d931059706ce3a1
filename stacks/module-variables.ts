import { Construct } from 'constructs';
import { TerraformVariable } from 'cdktf';
import { MAX_RUNBOOK_BASE_URL_LENGTH, PROJECT_RUNBOOK_BASE_URL } from '../modules/alarm-description';
import { UNUSUAL_VOLUME_DEFAULTS } from '../modules/bucket-volume-alarms';
import { DETECTION_IDS } from '../modules/detections';
import { IMMUTABLE_PREFIX_CHANGED, UNEXPECTED_WRITER } from '../modules/detections/bucket-intent';
import { MAX_TAGS_PER_RESOURCE, MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH } from './aws-tag-rules';
import { MAX_EVALUATION_WINDOW_SECONDS, MAX_SHORT_PERIOD_WINDOW_SECONDS, SHORT_PERIOD_BELOW_SECONDS } from './alarm-window-rules';
import { LIFECYCLE_DAYS_EXPECTED, MAX_LIFECYCLE_DAYS } from './lifecycle-rules';
import { CLOUDWATCH_LOGS_RETENTION_DAYS } from './log-retention';
import { bucketIntentValidations } from './module-bucket-intent-rules';
import { RUNBOOK_BASE_URL_EXPECTED, RUNBOOK_EXAMPLE_ADVICE } from './runbook-url-schema';
import { LOG_GROUP_NAME_EXPECTED, LOG_GROUP_NAME_PATTERN, ORGANIZATION_ID_EXPECTED, ORGANIZATION_ID_PATTERN } from './trail-shape-schema';

/**
 * The exported module's inputs. Each check the environment schema makes on a concrete value is a
 * `validation` here with the same wording (the value itself is shown by Terraform beside it);
 * checks across inputs are preconditions on the resources they concern (see module-stack.ts).
 */

const hcl = (value: unknown) => JSON.stringify(value);
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** The per-bucket detection templates, whose ids are `<template>.<bucket>`. */
const PER_BUCKET_TEMPLATES = [UNEXPECTED_WRITER, IMMUTABLE_PREFIX_CHANGED];
const LIFECYCLE_DAYS_VALIDATION = {
  condition: `\${var.VAR >= 1 && var.VAR <= ${MAX_LIFECYCLE_DAYS} && floor(var.VAR) == var.VAR}`,
  errorMessage: `is not accepted; expected ${LIFECYCLE_DAYS_EXPECTED}.`,
};
const unknownDetectionIds = `[for id in keys(var.detections) : id if !contains(${hcl(DETECTION_IDS)}, id) && !can(regex("^(${PER_BUCKET_TEMPLATES.join('|')})\\\\.", id))]`;

/** S3's general purpose bucket naming rules (aws-naming-rules.ts), as HCL over `name`. */
function s3BucketNameRules(name: string): { condition: string; clause: string }[] {
  return [
    { condition: `length(${name}) >= 3 && length(${name}) <= 63`, clause: 'is not 3 to 63 characters long' },
    { condition: `can(regex("^[a-z0-9.-]+$", ${name}))`, clause: 'has characters other than lowercase letters, digits, periods and hyphens' },
    { condition: `can(regex("^[a-z0-9].*[a-z0-9]$", ${name}))`, clause: 'does not start and end with a lowercase letter or digit' },
    { condition: `!strcontains(${name}, "..")`, clause: 'has two adjacent periods' },
    { condition: `!can(regex("^\\\\d{1,3}(\\\\.\\\\d{1,3}){3}$", ${name}))`, clause: 'is formatted as an IP address' },
    { condition: `!anytrue([for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] : startswith(${name}, prefix)])`, clause: 'starts with a prefix S3 reserves (xn--, sthree-, amzn-s3-demo-)' },
    { condition: `!anytrue([for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] : endswith(${name}, suffix)])`, clause: 'ends with a suffix S3 reserves (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)' },
  ];
}

export interface ModuleVariables {
  readonly name: TerraformVariable;
  readonly watchedBuckets: TerraformVariable;
  readonly dataEventReadWriteType: TerraformVariable;
  readonly managementEventReadWriteType: TerraformVariable;
  readonly logRetentionDays: TerraformVariable;
  readonly logTransitionAfterDays: TerraformVariable;
  readonly logExpireAfterDays: TerraformVariable;
  readonly alarmEmails: TerraformVariable;
  readonly tags: TerraformVariable;
  readonly detections: TerraformVariable;
  readonly silenceAlarmAfterMinutes: TerraformVariable;
  readonly runbookBaseUrl: TerraformVariable;
  readonly objectLock: TerraformVariable;
  readonly replication: TerraformVariable;
  readonly bucketIntents: TerraformVariable;
  readonly unusualVolume: TerraformVariable;
  readonly organization: TerraformVariable;
  readonly existingTrail: TerraformVariable;
  readonly fastPath: TerraformVariable;
}

export function defineModuleVariables(scope: Construct): ModuleVariables {
  const variable = (id: string, config: ConstructorParameters<typeof TerraformVariable>[2]) => {
    const { default: fallback, ...rest } = config ?? {};
    const created = new TerraformVariable(scope, id, fallback === null ? rest : config);
    created.overrideLogicalId(id);
    // cdktf cannot synthesize `default = null`, which is what makes an object input optional.
    if (fallback === null) created.addOverride('default', null);
    return created;
  };
  const readWriteType = (what: string, fallback: string) => ({
    type: 'string',
    default: fallback,
    nullable: false,
    description: `${what}. "WriteOnly" records changes only, "All" reads too.`,
    validation: [{ condition: '${contains(["WriteOnly", "All"], var.VAR)}', errorMessage: 'is not accepted; expected "WriteOnly" or "All".' }],
  });
  const named = <T extends { validation?: { condition: string; errorMessage: string }[] }>(id: string, config: T): T => ({
    ...config,
    validation: config.validation?.map((v) => ({ condition: v.condition.replace(/var\.VAR/g, `var.${id}`), errorMessage: `${id} ${v.errorMessage}` })),
  });

  return {
    organization: variable('organization', named('organization', {
      type: 'object({ id = string, management_account_id = optional(string) })',
      default: null,
      description:
        'Make the trail an organization trail, recording every account of the organization: { id = "o-...", management_account_id }. Apply the module in the management account ' +
        '(management_account_id null), or in a CloudTrail delegated administrator account with management_account_id set: the management account owns the trail either way, and the policies name its ARN. null for a trail of this account alone.',
      validation: [
        { condition: `\${var.VAR == null || try(can(regex("${ORGANIZATION_ID_PATTERN}", var.VAR.id)), false)}`, errorMessage: `id is not an organization id; ${ORGANIZATION_ID_EXPECTED}.` },
        {
          condition: '${var.VAR == null || try(var.VAR.management_account_id == null || can(regex("^\\\\d{12}$", var.VAR.management_account_id)), false)}',
          errorMessage: 'management_account_id is not a 12-digit AWS account id.',
        },
      ],
    })),
    existingTrail: variable('existing_trail', named('existing_trail', {
      type: 'object({ log_group_name = string })',
      default: null,
      description:
        'A trail that already records management events in this account (AWS Control Tower\'s: { log_group_name = "aws-controltower/CloudTrailLogs" }): the management-event detections read its log group, ' +
        'and this module\'s trail records S3 data events only. null for a trail that records both.',
      validation: [{ condition: `\${var.VAR == null || try(can(regex("${LOG_GROUP_NAME_PATTERN}", var.VAR.log_group_name)), false)}`, errorMessage: `log_group_name is not a log group name CloudWatch Logs accepts; ${LOG_GROUP_NAME_EXPECTED}.` }],
    })),
    name: variable('name', named('name', {
      type: 'string',
      description: 'Base of every resource name, usually "<prefix>-<environment>" (e.g. "acme-prod"): the trail is "<name>-s3-audit", the log bucket "<name>-audit-logs-<account id>", alarms "<name>-<detection id>".',
      validation: [
        {
          condition: '${can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.VAR)) && length(var.VAR) <= 38}',
          errorMessage: 'is not a valid name; expected lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit, at most 38 characters (so that every derived name is one CloudTrail and S3 accept).',
        },
      ],
    })),
    watchedBuckets: variable('watched_buckets', named('watched_buckets', {
      type: 'list(string)',
      default: [],
      nullable: false,
      description: 'Buckets whose object-level events are recorded; empty for every bucket but the log bucket.',
      validation: [
        ...s3BucketNameRules('bucket').map(({ condition, clause }) => ({
          condition: `\${alltrue([for bucket in var.VAR : ${condition}])}`,
          errorMessage: `has a name that is not a bucket name S3 accepts: it ${clause}.`,
        })),
        { condition: '${length(distinct(var.VAR)) == length(var.VAR)}', errorMessage: 'lists a bucket more than once; list each bucket once.' },
      ],
    })),
    dataEventReadWriteType: variable('data_event_read_write_type', named('data_event_read_write_type', readWriteType('Object-level (data) events to record', 'WriteOnly'))),
    managementEventReadWriteType: variable('management_event_read_write_type', named('management_event_read_write_type', {
      type: 'string',
      // null rather than "All", so that a caller who sets it beside existing_trail is told it is not recorded here.
      default: null,
      description: 'Management events to record: "All" (null means "All"; the CIS detections need it) or "WriteOnly". Leave null with existing_trail, whose trail records them.',
      validation: [{ condition: '${var.VAR == null || contains(["WriteOnly", "All"], coalesce(var.VAR, "All"))}', errorMessage: 'is not accepted; expected "WriteOnly" or "All".' }],
    })),
    logRetentionDays: variable('log_retention_days', named('log_retention_days', {
      type: 'number',
      default: 365,
      nullable: false,
      description: 'Days the CloudWatch Logs group keeps events.',
      validation: [
        {
          condition: `\${contains(${hcl(CLOUDWATCH_LOGS_RETENTION_DAYS)}, var.VAR)}`,
          errorMessage: `is not a retention CloudWatch Logs accepts; accepted: ${CLOUDWATCH_LOGS_RETENTION_DAYS.join(', ')}.`,
        },
      ],
    })),
    logTransitionAfterDays: variable('log_transition_after_days', named('log_transition_after_days', {
      type: 'number',
      default: 90,
      nullable: false,
      description: 'Days after which log files move to Glacier Instant Retrieval.',
      validation: [LIFECYCLE_DAYS_VALIDATION],
    })),
    logExpireAfterDays: variable('log_expire_after_days', named('log_expire_after_days', {
      type: 'number',
      default: 2557,
      nullable: false,
      description: 'Days after which log files and their old versions are deleted; more than log_transition_after_days.',
      validation: [LIFECYCLE_DAYS_VALIDATION],
    })),
    alarmEmails: variable('alarm_emails', named('alarm_emails', {
      type: 'list(string)',
      default: [],
      nullable: false,
      description: 'Addresses the alarm topic emails (each confirms its subscription).',
      validation: [
        { condition: '${alltrue([for address in var.VAR : can(regex("^[^@\\\\s]+@[^@\\\\s]+\\\\.[^@\\\\s]+$", address))])}', errorMessage: 'has an entry that is not a valid email address.' },
        { condition: '${length(distinct([for address in var.VAR : lower(address)])) == length(var.VAR)}', errorMessage: 'lists an address more than once; each address gets every alarm once already.' },
      ],
    })),
    tags: variable('tags', named('tags', {
      type: 'map(string)',
      default: {},
      nullable: false,
      description: 'Tags for every taggable resource of the module (merge your provider default_tags with them).',
      validation: [
        { condition: '${alltrue([for key in keys(var.VAR) : !startswith(lower(key), "aws:")])}', errorMessage: 'has a key starting with "aws:", a prefix AWS reserves for its own tags.' },
        { condition: `\${alltrue([for key, value in var.VAR : length(key) >= 1 && length(key) <= ${MAX_TAG_KEY_LENGTH} && length(value) <= ${MAX_TAG_VALUE_LENGTH}])}`, errorMessage: `has a key outside 1 to ${MAX_TAG_KEY_LENGTH} characters or a value over ${MAX_TAG_VALUE_LENGTH}.` },
        { condition: '${alltrue([for key, value in var.VAR : can(regex("^[\\\\p{L}\\\\p{Z}\\\\p{N}_.:/=+\\\\-@]*$", key)) && can(regex("^[\\\\p{L}\\\\p{Z}\\\\p{N}_.:/=+\\\\-@]*$", value))])}', errorMessage: 'has characters AWS refuses in a tag; accepted: letters, digits, spaces and _ . : / = + - @.' },
        { condition: `\${length(var.VAR) <= ${MAX_TAGS_PER_RESOURCE}}`, errorMessage: `has more than the ${MAX_TAGS_PER_RESOURCE} tags AWS accepts per resource.` },
        { condition: '${length(distinct([for key in keys(var.VAR) : lower(key)])) == length(var.VAR)}', errorMessage: 'has keys that differ only in case; IAM refuses such pairs. Use one spelling.' },
      ],
    })),
    detections: variable('detections', named('detections', {
      type: 'map(object({ enabled = optional(bool), threshold = optional(number), evaluation_periods = optional(number), period_seconds = optional(number) }))',
      default: {},
      nullable: false,
      description: 'Per detection id (see docs/detections.md): { enabled, threshold, evaluation_periods, period_seconds }, each optional.',
      validation: [
        {
          // Per-bucket ids are checked against bucket_intents in a precondition (module-stack.ts).
          condition: `\${length(${unknownDetectionIds}) == 0}`,
          errorMessage:
            `has a key that is not a detection id: \${join(", ", [for id in ${unknownDetectionIds} : jsonencode(id)])}; accepted: ${DETECTION_IDS.join(', ')}, ` +
            `and ${PER_BUCKET_TEMPLATES.map((t) => `${t}.<bucket>`).join(' or ')} for a bucket of bucket_intents.`,
        },
        { condition: '${alltrue([for d in values(var.VAR) : d.threshold == null || try(d.threshold > 0, false)])}', errorMessage: 'has a threshold that is not positive; expected a threshold greater than 0.' },
        { condition: '${alltrue([for d in values(var.VAR) : d.evaluation_periods == null || try(d.evaluation_periods >= 1 && floor(d.evaluation_periods) == d.evaluation_periods, false)])}', errorMessage: 'has evaluation_periods that is not accepted; expected a whole number of evaluation periods, at least 1.' },
        {
          condition: `\${alltrue([for d in values(var.VAR) : d.period_seconds == null || try(d.period_seconds > 0 && d.period_seconds % 60 == 0 && d.period_seconds <= ${MAX_EVALUATION_WINDOW_SECONDS}, false)])}`,
          errorMessage: `has a period_seconds a metric-filter alarm cannot use; expected a multiple of 60 seconds up to ${MAX_EVALUATION_WINDOW_SECONDS} (metric filters publish one-minute data, so 10, 20 or 30 s never receive a datapoint).`,
        },
      ],
    })),
    silenceAlarmAfterMinutes: variable('silence_alarm_after_minutes', named('silence_alarm_after_minutes', {
      type: 'number',
      default: 60,
      nullable: false,
      description: 'Alarm when the trail delivers no events for this many minutes.',
      validation: [{ condition: '${var.VAR >= 5 && var.VAR <= 1440 && floor(var.VAR) == var.VAR}', errorMessage: 'is not accepted; expected whole minutes from 5 to 1440.' }],
    })),
    runbookBaseUrl: variable('runbook_base_url', named('runbook_base_url', {
      type: 'string',
      default: '',
      nullable: false,
      description: "Where each alarm's runbook link points: <runbook_base_url>#<detection id>; \"\" for the runbooks the module ships into the account (a CloudWatch dashboard <name>-runbooks).",
      validation: [
        {
          condition: `\${var.VAR == "" || (can(regex("^https://[A-Za-z0-9-]+(\\\\.[A-Za-z0-9-]+)+(/[A-Za-z0-9._~:/?&=%+!$'()*,;@-]*)?$", var.VAR)) && length(var.VAR) <= ${MAX_RUNBOOK_BASE_URL_LENGTH})}`,
          errorMessage: `is not accepted; ${RUNBOOK_BASE_URL_EXPECTED}, or "" for the runbooks shipped into the account.`,
        },
        {
          condition: `\${var.VAR != ${hcl(PROJECT_RUNBOOK_BASE_URL)}}`,
          errorMessage: `is the example company's URL, which does not exist; ${RUNBOOK_EXAMPLE_ADVICE}.`,
        },
      ],
    })),
    objectLock: variable('object_lock', named('object_lock', {
      type: 'object({ mode = string, retention_days = number })',
      default: null,
      description: 'S3 Object Lock default retention on every log file: { mode = "GOVERNANCE" | "COMPLIANCE", retention_days }. null for none.',
      validation: [
        { condition: '${var.VAR == null || try(contains(["GOVERNANCE", "COMPLIANCE"], var.VAR.mode), false)}', errorMessage: 'mode is not accepted; expected "GOVERNANCE" (removable with s3:BypassGovernanceRetention) or "COMPLIANCE" (removable by nobody).' },
        { condition: '${var.VAR == null || try(var.VAR.retention_days >= 1 && var.VAR.retention_days <= 36500 && floor(var.VAR.retention_days) == var.VAR.retention_days, false)}', errorMessage: 'retention_days is not accepted; expected whole days from 1 to 36500.' },
      ],
    })),
    replication: variable('replication', named('replication', {
      type: 'object({ bucket_arn = string, account_id = string, kms_key_arn = string, storage_class = optional(string) })',
      default: null,
      description: 'Copy every log file (not deletions) to a bucket in another account: { bucket_arn, account_id, kms_key_arn, storage_class }. null for none.',
      validation: [
        { condition: '${var.VAR == null || try(can(regex("^arn:(aws|aws-cn|aws-us-gov):s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.VAR.bucket_arn)), false)}', errorMessage: 'bucket_arn is not a bucket ARN S3 accepts; expected arn:<partition>:s3:::<bucket>.' },
        { condition: '${var.VAR == null || try(can(regex("^\\\\d{12}$", var.VAR.account_id)), false)}', errorMessage: 'account_id is not a 12-digit AWS account id.' },
        { condition: '${var.VAR == null || try(can(regex("^arn:(aws|aws-cn|aws-us-gov):kms:[a-z0-9-]+:\\\\d{12}:key/[A-Za-z0-9-]+$", var.VAR.kms_key_arn)), false)}', errorMessage: 'kms_key_arn is not a KMS key ARN; expected arn:<partition>:kms:<region>:<account>:key/<key id> (an alias will not do for replication).' },
      ],
    })),
    bucketIntents: variable('bucket_intents', {
      type: 'map(object({ expected_writers = optional(list(string), []), immutable_prefixes = optional(list(string), []) }))',
      default: {},
      nullable: false,
      description:
        'Per watched bucket (each key also in watched_buckets): expected_writers, principal ARN patterns (a role ARN expects every session of the role; a * at the end matches any suffix) ' +
        'outside which any object write, copy, delete or ACL change alarms; immutable_prefixes, key prefixes under which any write or delete alarms.',
      validation: bucketIntentValidations('var.bucket_intents', s3BucketNameRules),
    }),
    unusualVolume: variable('unusual_volume', {
      type: `object({ ${(['bandWidth', 'periodSeconds', 'evaluationPeriods'] as const).map((key) => `${snake(key)} = optional(number, ${UNUSUAL_VOLUME_DEFAULTS[key]})`).join(', ')}, enabled = optional(bool, true) })`,
      default: {},
      nullable: false,
      description: "Anomaly-detection alarms on each watched bucket's delete and write volume (none with watched_buckets empty): band width in standard deviations, period, evaluation periods; enabled = false for none.",
      // The same words as the environment schema's unusualVolume, with the value refused.
      validation: [
        { condition: '${var.unusual_volume.band_width > 0}', errorMessage: 'unusual_volume.band_width: ${var.unusual_volume.band_width} is not positive; expected the band width in standard deviations, e.g. 3.' },
        {
          condition: '${var.unusual_volume.period_seconds >= 60 && var.unusual_volume.period_seconds % 60 == 0}',
          errorMessage: 'unusual_volume.period_seconds: ${var.unusual_volume.period_seconds} is not accepted; expected a multiple of 60 seconds.',
        },
        {
          condition: '${var.unusual_volume.evaluation_periods >= 1 && floor(var.unusual_volume.evaluation_periods) == var.unusual_volume.evaluation_periods}',
          errorMessage: 'unusual_volume.evaluation_periods: ${var.unusual_volume.evaluation_periods} is not accepted; expected a whole number of evaluation periods, at least 1.',
        },
        {
          condition: `\${var.unusual_volume.period_seconds * var.unusual_volume.evaluation_periods <= (var.unusual_volume.period_seconds < ${SHORT_PERIOD_BELOW_SECONDS} ? ${MAX_SHORT_PERIOD_WINDOW_SECONDS} : ${MAX_EVALUATION_WINDOW_SECONDS})}`,
          errorMessage:
            'unusual_volume: ${var.unusual_volume.evaluation_periods} periods of ${var.unusual_volume.period_seconds} s span ${var.unusual_volume.period_seconds * var.unusual_volume.evaluation_periods} s; ' +
            `CloudWatch evaluates at most ${MAX_SHORT_PERIOD_WINDOW_SECONDS} s (one day) with a period under an hour, ${MAX_EVALUATION_WINDOW_SECONDS} s (seven days) otherwise.`,
        },
      ],
    }),
    fastPath: variable('fast_path', {
      type: 'bool',
      default: false,
      nullable: false,
      description:
        'An EventBridge rule per critical detection of the catalog that sends who, what, where and when to the alarm topic within seconds of the event ' +
        'reaching EventBridge (best effort; the alarms stay the path that sees every event). Detections switched off in detections have none.',
    }),
  };
}
