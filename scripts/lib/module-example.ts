/** A bucket's intent as the module's `bucket_intents` takes it. */
export interface ModuleBucketIntent {
  readonly expected_writers?: readonly string[];
  readonly immutable_prefixes?: readonly string[];
}

/**
 * The example's bucket intents: every form of writer pattern (a role, roles by prefix, a user, a
 * federated user by prefix) and prefixes with characters a regular expression escapes. The
 * terraform tier holds what the module makes of them to the TypeScript builders.
 */
export const EXAMPLE_BUCKET_INTENTS: Readonly<Record<string, ModuleBucketIntent>> = {
  'acme-prod-customer-data': {
    expected_writers: [
      'arn:aws:iam::333333333333:role/customer-api',
      'arn:aws:iam::333333333333:role/data-pipeline-*',
      'arn:aws:sts::333333333333:federated-user/partner-*',
    ],
  },
  'acme-prod-exports': {
    expected_writers: ['arn:aws:iam::333333333333:user/legacy-exporter'],
    immutable_prefixes: ['monthly/2025/', 'audit/v1.0+signed/'],
  },
};

/** The example's `watched_buckets`: every key of its bucket_intents, as the module requires. */
export const EXAMPLE_WATCHED_BUCKETS: readonly string[] = Object.keys(EXAMPLE_BUCKET_INTENTS);

/** The example's `unusual_volume`: a wider band than the default, over three periods. */
export const EXAMPLE_UNUSUAL_VOLUME = { band_width: 4, period_seconds: 300, evaluation_periods: 3 } as const;

const hclList = (values: readonly string[], indent: string) => `[\n${values.map((value) => `${indent}  ${JSON.stringify(value)},`).join('\n')}\n${indent}]`;
const intentsHcl = Object.entries(EXAMPLE_BUCKET_INTENTS)
  .map(([bucket, intent]) => {
    const lists = Object.entries(intent).map(([list, values]) => `      ${list} = ${hclList(values as string[], '      ')}`);
    return `    ${JSON.stringify(bucket)} = {\n${lists.join('\n')}\n    }`;
  })
  .join('\n');

/**
 * examples/complete/main.tf of the exported module: every input, with the values of a prod-like
 * environment. Terraform reads it against the module in ../.. (tests apply it to the emulator).
 */
export const COMPLETE_EXAMPLE = `# Every input of the module, with the values of a production environment.
provider "aws" {
  region = "us-east-1"

  # The provider refuses any other account: a plan with the wrong credentials changes nothing.
  allowed_account_ids = ["333333333333"]

  default_tags {
    tags = { Environment = "prod", ManagedBy = "terraform" }
  }
}

module "s3_audit_trail" {
  source = "../.."

  name = "acme-prod"

  # Object-level events of these buckets; [] records every bucket but the log bucket.
  watched_buckets            = [${EXAMPLE_WATCHED_BUCKETS.map((bucket) => JSON.stringify(bucket)).join(', ')}]
  data_event_read_write_type = "All"

  management_event_read_write_type = "All"
  log_retention_days               = 365
  log_transition_after_days        = 90
  log_expire_after_days            = 2557
  alarm_emails                     = ["security-oncall@example.com"]
  silence_alarm_after_minutes      = 60
  tags                             = { DataClassification = "confidential" }

  # Each alarm's description links <runbook_base_url>#<detection id>; the project's docs by default.
  runbook_base_url = "https://wiki.example.com/security/s3-audit-trail"

  detections = {
    "cis-unauthorized-api-calls" = { threshold = 20 }
    "cis-organizations-changes"  = { enabled = false } # not the management account
  }

  # Who may change each bucket's objects, and which keys nothing may change: one alarm per list.
  # Every key must also be in watched_buckets.
  bucket_intents = {
${intentsHcl}
  }

  # Anomaly-band alarms on each watched bucket's delete and write volume.
  unusual_volume = { ${Object.entries(EXAMPLE_UNUSUAL_VOLUME).map(([key, value]) => `${key} = ${value}`).join(', ')} }

  object_lock = { mode = "GOVERNANCE", retention_days = 365 }

  # An EventBridge rule per critical detection: a message on the alarm topic within seconds, best effort.
  fast_path = true

  # A copy of every log file in a log-archive account (see the README of this module).
  replication = null

  # A trail of this account alone, recording management events too: see examples/organization
  # and examples/control-tower for the other shapes.
  organization   = null
  existing_trail = null
}

output "trail_arn" {
  value = module.s3_audit_trail.trail_arn
}

output "log_bucket_name" {
  value = module.s3_audit_trail.log_bucket_name
}

output "alarm_topic_arn" {
  value = module.s3_audit_trail.alarm_topic_arn
}
`;

/**
 * examples/organization/main.tf: an organization trail applied by a CloudTrail delegated
 * administrator account, watching buckets of a member account. The management account owns the
 * trail, so every policy names the management account's trail ARN.
 */
export const ORGANIZATION_EXAMPLE = `# One trail for every account of the organization, applied in a CloudTrail delegated administrator
# account (register it once from the management account:
#   aws organizations register-delegated-administrator --service-principal cloudtrail.amazonaws.com --account-id 333333333333).
provider "aws" {
  region = "us-east-1"

  # The delegated administrator: the trail, its bucket, key, log group and alarms are created here.
  allowed_account_ids = ["333333333333"]
}

module "s3_audit_trail" {
  source = "../.."

  name = "acme-org"

  # The management account owns a trail a delegated administrator creates; leave
  # management_account_id out when you apply this in the management account itself.
  organization = {
    id                    = "o-a1b2c3d4e5"
    management_account_id = "111122223333"
  }

  # Buckets of any member account: S3 data-event selectors name buckets, not accounts.
  watched_buckets = ["acme-member-customer-data", "acme-member-exports"]
  bucket_intents = {
    "acme-member-customer-data" = {
      expected_writers = ["arn:aws:iam::777788889999:role/customer-api"]
    }
  }

  alarm_emails = ["security-oncall@example.com"]
}

output "trail_arn" {
  value = module.s3_audit_trail.trail_arn
}

output "log_bucket_name" {
  value = module.s3_audit_trail.log_bucket_name
}
`;

/**
 * examples/control-tower/main.tf: beside AWS Control Tower's organization trail, in the management
 * account: the management-event detections read Control Tower's log group, and this module's
 * organization trail records S3 data events of the watched buckets only.
 */
export const CONTROL_TOWER_EXAMPLE = `# Beside AWS Control Tower (landing zone 3.0 or later), in the management account: no second copy of
# management events. Control Tower's trail delivers them to aws-controltower/CloudTrailLogs, where
# this module's management-event detections read them; its own organization trail records the
# watched buckets' object-level events only.
provider "aws" {
  region = "us-east-1"

  # The management account, which holds Control Tower's log group.
  allowed_account_ids = ["111122223333"]
}

module "s3_audit_trail" {
  source = "../.."

  name = "acme-ct"

  organization   = { id = "o-a1b2c3d4e5" }
  existing_trail = { log_group_name = "aws-controltower/CloudTrailLogs" }

  watched_buckets = ["acme-member-customer-data", "acme-member-exports"]
  alarm_emails    = ["security-oncall@example.com"]
}

output "trail_arn" {
  value = module.s3_audit_trail.trail_arn
}
`;

/** The module's examples, by folder under examples/. */
export const MODULE_EXAMPLES: Readonly<Record<string, string>> = {
  complete: COMPLETE_EXAMPLE,
  organization: ORGANIZATION_EXAMPLE,
  'control-tower': CONTROL_TOWER_EXAMPLE,
};
