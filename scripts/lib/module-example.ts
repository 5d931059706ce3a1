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
  watched_buckets            = ["acme-prod-customer-data", "acme-prod-exports"]
  data_event_read_write_type = "All"

  management_event_read_write_type = "All"
  log_retention_days               = 365
  log_transition_after_days        = 90
  log_expire_after_days            = 2557
  alarm_emails                     = ["security-oncall@example.com"]
  silence_alarm_after_minutes      = 60
  tags                             = { DataClassification = "confidential" }

  detections = {
    "cis-unauthorized-api-calls" = { threshold = 20 }
    "cis-organizations-changes"  = { enabled = false } # not the management account
  }

  object_lock = { mode = "GOVERNANCE", retention_days = 365 }

  # A copy of every log file in a log-archive account (see the README of this module).
  replication = null
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
