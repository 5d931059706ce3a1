import { Construct, IConstruct } from 'constructs';
import { Aspects, IAspect, TerraformOutput, TerraformResource, TerraformStack, Token } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { BUCKET_VOLUMES } from '../modules/detections/bucket-volume';
import { ComplianceCheck } from '../modules/compliance/compliance-check';
import { IMMUTABLE_PREFIX_CHANGED, UNEXPECTED_WRITER } from '../modules/detections/bucket-intent';
import { MAX_METRIC_FILTERS_PER_LOG_GROUP } from '../modules/detections/limits';
import { inExpressionString, planTime } from '../modules/plan-time';
import { organizationStreamPrefixOrOwn } from '../modules/log-delivery-role';
import { planTimeOrganizationId, S3AuditTrail } from '../modules/s3-audit-trail';
import { BASE_TERRAFORM_VERSION } from './environment-backend';
import { defineModuleVariables } from './module-variables';
import { resourceNamesOf } from './resource-names';

/** `var.organization`, null or `{ id, management_account_id }`. */
const ORGANIZATION = planTime('var.organization');

/** The provider versions the module accepts: the one it is tested with, up to the next major. */
export const MODULE_AWS_PROVIDER_VERSION = '>= 5.100, < 6.0';

/**
 * The exported plain-Terraform module: the same S3AuditTrail the environment stacks build, fed
 * by input variables instead of an environment definition. No provider configuration and no
 * backend: the caller's root module brings both.
 */
export class ModuleStack extends TerraformStack {
  public readonly auditTrail: S3AuditTrail;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.addOverride('terraform.required_version', `>= ${BASE_TERRAFORM_VERSION}`);
    this.addOverride('terraform.required_providers', { aws: { source: 'hashicorp/aws', version: MODULE_AWS_PROVIDER_VERSION } });

    const vars = defineModuleVariables(this);
    const partition = new DataAwsPartition(this, 'partition');
    partition.overrideLogicalId('current');
    const region = new DataAwsRegion(this, 'region');
    region.overrideLogicalId('current');
    const caller = new DataAwsCallerIdentity(this, 'caller');
    caller.overrideLogicalId('current');

    const location = { partition: partition.partition, region: region.name, accountId: caller.accountId, dnsSuffix: partition.dnsSuffix };
    const names = resourceNamesOf(vars.name.stringValue, caller.accountId);
    this.auditTrail = new S3AuditTrail(this, 'AuditTrail', {
      location,
      trailName: names.trailName,
      logBucketName: names.logBucketName,
      alarmNamePrefix: names.alarmNamePrefix,
      accessLogBucketName: names.accessLogBucketName,
      logRetentionDays: vars.logRetentionDays.numberValue,
      logBucketLifecycle: { transitionAfterDays: vars.logTransitionAfterDays.numberValue, expireAfterDays: vars.logExpireAfterDays.numberValue },
      watchedBuckets: planTime('var.watched_buckets'),
      dataEventReadWriteType: planTime('var.data_event_read_write_type'),
      managementEventReadWriteType: planTime('coalesce(var.management_event_read_write_type, "All")'),
      alarmEmails: planTime('var.alarm_emails'),
      detectionOverrides: planTime('var.detections'),
      silenceAlarmAfterMinutes: planTime('var.silence_alarm_after_minutes'),
      runbookBaseUrl: planTime('var.runbook_base_url'),
      objectLock: planTime('var.object_lock'),
      replication: planTime('var.replication'),
      bucketIntents: planTime('var.bucket_intents'),
      unusualVolume: planTime('var.unusual_volume'),
      organization: ORGANIZATION,
      existingTrailLogGroupName: planTime('try(var.existing_trail.log_group_name, null)'),
      fastPath: planTime('var.fast_path'),
      // A module cannot take prevent_destroy from a variable (Terraform evaluates lifecycle
      // before variables), so the audit record is always protected; see the module README.
      preventDestroy: true,
    });
    this.addCrossInputPreconditions(names.logBucketName, location.partition, caller.accountId);
    Aspects.of(this).add(new TagEveryResource('${var.tags}'));

    const outputs: Record<string, [string, string]> = {
      trail_arn: [this.auditTrail.trailArn, 'ARN of the CloudTrail trail.'],
      log_bucket_name: [this.auditTrail.logBucketName, 'Bucket the trail delivers log files to.'],
      access_log_bucket_name: [this.auditTrail.accessLogBucketName as string, "Bucket receiving the log bucket's server access logs."],
      log_group_name: [this.auditTrail.logGroupName, 'CloudWatch Logs group the trail streams to and the detections read.'],
      alarm_topic_arn: [this.auditTrail.alarmTopicArn, 'SNS topic every alarm notifies; subscribe more endpoints to it.'],
      kms_key_arn: [this.auditTrail.kmsKeyArn, 'KMS key encrypting log files, log group and topic; grant decrypt to readers of the logs.'],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new TerraformOutput(this, name, { value, description }).overrideLogicalId(name);
    }

    new ComplianceCheck(this, 'Compliance', {
      context: {
        recordsDataEventReads: false,
        objectLock: false,
        blockDestructiveChanges: true,
        logBucketName: names.logBucketName,
        accessLogBucketName: names.accessLogBucketName,
        accountId: caller.accountId,
        // The delivery role's second stream entry (LogDeliveryRole), whatever var.organization is.
        organizationId: organizationStreamPrefixOrOwn(planTimeOrganizationId(ORGANIZATION), caller.accountId),
      },
      suppressions: MODULE_SUPPRESSIONS,
    });
  }

  /** Checks that span two inputs, which a variable's own validation cannot see before Terraform 1.9. */
  private addCrossInputPreconditions(logBucketName: string, partition: string, accountId: string): void {
    // The same refusals as the environment schema's for the organization shapes (trail-shape-schema.ts).
    this.addPrecondition('AuditTrail/Trail/Resource', {
      condition: '${var.existing_trail == null || var.management_event_read_write_type == null}',
      errorMessage:
        'management_event_read_write_type is set beside existing_trail, whose trail records management events already; a second copy is billed. ' +
        'Leave management_event_read_write_type null, or existing_trail null for a trail that records both.',
    });
    this.addPrecondition('AuditTrail/Trail/Resource', {
      condition: `\${try(var.organization.management_account_id, null) != "${inExpressionString(accountId)}"}`,
      errorMessage:
        'organization.management_account_id is the account this module is applied in; leave it null when the management account creates the trail, ' +
        'and set it only when a CloudTrail delegated administrator account applies the module.',
    });
    this.addPrecondition('AuditTrail/LogBucket/Lifecycle', {
      condition: '${var.log_expire_after_days > var.log_transition_after_days}',
      errorMessage: 'log_expire_after_days is not after the transition (log_transition_after_days); expected more days than log_transition_after_days.',
    });
    this.addPrecondition('AuditTrail/LogBucket/ObjectLock', {
      condition: '${var.object_lock == null || try(var.object_lock.retention_days <= var.log_expire_after_days, false)}',
      errorMessage: 'object_lock.retention_days is longer than the log files are kept (log_expire_after_days); locked versions would outlive their expiry and be billed until the lock ends.',
    });
    this.addPrecondition('AuditTrail/Trail/Resource', {
      condition: `\${!contains(var.watched_buckets, "${inExpressionString(logBucketName)}")}`,
      errorMessage: "watched_buckets lists the trail's own log bucket; watching it would log every log delivery. Remove it.",
    });
    const unwatched = '[for bucket in keys(var.bucket_intents) : bucket if !contains(var.watched_buckets, bucket)]';
    this.addPrecondition('AuditTrail/Trail/Resource', {
      condition: `\${length(${unwatched}) == 0}`,
      errorMessage:
        `bucket_intents: \${join(", ", [for bucket in ${unwatched} : jsonencode(bucket)])} \${length(${unwatched}) == 1 ? "is" : "are"} not in watched_buckets; ` +
        'a bucket intent is read from the object-level events the trail records for the buckets watched_buckets names. Add the bucket to watched_buckets, or remove its intent.',
    });
    // The one check of bucket-intent-rules.ts a variable's validation cannot make: it needs the provider's partition.
    const elsewhere =
      `flatten([for bucket, intent in var.bucket_intents : [for index, writer in intent.expected_writers : ` +
      `"bucket_intents[\\"\${bucket}\\"].expected_writers[\${index}]: \${jsonencode(writer)} is in partition \${try(split(":", writer)[1], "")}" ` +
      `if try(split(":", writer)[1], "") != "${inExpressionString(partition)}"]])`;
    this.addPrecondition('AuditTrail/Trail/Resource', {
      condition: `\${length(${elsewhere}) == 0}`,
      errorMessage: `\${join("; ", ${elsewhere})}; this module's buckets are in ${partition}, where no such principal can write.`,
    });
    const unknownIds = `[for id in keys(var.detections) : id if !contains(keys(local.detection_catalog), id) && !contains(keys(local.bucket_intent_detections), id)]`;
    this.addPrecondition('AuditTrail/Alarms/Default/Resource', {
      condition: `\${length(${unknownIds}) == 0}`,
      errorMessage:
        `detections: \${join(", ", [for id in ${unknownIds} : jsonencode(id)])} \${length(${unknownIds}) == 1 ? "is" : "are"} not a detection of this module; ` +
        `a per-bucket id needs its list in bucket_intents (expected_writers for ${UNEXPECTED_WRITER}.<bucket>, immutable_prefixes for ${IMMUTABLE_PREFIX_CHANGED}.<bucket>).`,
    });
    const volumeFilters = `(var.unusual_volume.enabled && length(var.watched_buckets) > 0 ? ${BUCKET_VOLUMES.length} : 0)`;
    this.addPrecondition('AuditTrail/LogGroup/Resource', {
      condition: `\${length(local.detections) + ${volumeFilters} <= ${MAX_METRIC_FILTERS_PER_LOG_GROUP}}`,
      errorMessage:
        `bucket_intents: \${length(local.detections)} detections (\${length(local.bucket_intent_detections)} of them per bucket) and \${${volumeFilters}} volume filters ` +
        `make \${length(local.detections) + ${volumeFilters}} metric filters on the trail log group; CloudWatch Logs allows at most ${MAX_METRIC_FILTERS_PER_LOG_GROUP} per log group. ` +
        "Declare fewer buckets' expected writers or immutable prefixes, or disable detections you do not need.",
    });
  }

  private addPrecondition(path: string, precondition: { condition: string; errorMessage: string }): void {
    const resource = this.elementAt(path);
    // Set on the resource itself, not as an override, so that cdktf renders it as a block.
    resource.lifecycle = { ...resource.lifecycle, precondition: [...(resource.lifecycle?.precondition ?? []), precondition] };
  }

  private elementAt(path: string): TerraformResource {
    let node: IConstruct = this;
    for (const id of path.split('/')) node = node.node.findChild(id);
    return node as TerraformResource;
  }
}

/**
 * Findings the pack cannot judge on a module, whose values the caller chooses: each has the
 * reason a reviewer would want, and compliance.json of the module lists them.
 */
const MODULE_SUPPRESSIONS = [
  {
    rule: 'log-group-retention',
    reason: 'The caller sets log_retention_days; its default is 365 and the environment stacks hold each environment to a year or a written reason.',
  },
];

/** `tags = var.tags` on every resource that takes tags. */
class TagEveryResource implements IAspect {
  constructor(private readonly tags: string) {}

  visit(node: IConstruct): void {
    if (node instanceof TerraformResource && 'tagsInput' in node) {
      (node as unknown as { tags: Record<string, string> }).tags = Token.asStringMap(this.tags);
    }
  }
}
