# A Terraform root of your own that calls the exported module from a local path: no registry, no
# git, no Node. `npm run export:module` writes the module to dist/terraform-aws-s3-audit-trail;
# copy that folder into your repository and point `source` at it.
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"

  # The provider refuses any other account: a plan with the wrong credentials changes nothing.
  allowed_account_ids = ["444455556666"]
}

module "s3_audit_trail" {
  source = "../../dist/terraform-aws-s3-audit-trail"

  name            = "northwind-prod" # the trail is northwind-prod-s3-audit, and so on
  watched_buckets = ["northwind-orders", "northwind-invoices"]
  alarm_emails    = ["security@northwind.example"]
  bucket_intents = {
    "northwind-orders"   = { expected_writers = ["arn:aws:iam::444455556666:role/orders-api"] }
    "northwind-invoices" = { expected_writers = ["arn:aws:iam::444455556666:role/billing"], immutable_prefixes = ["closed/2025/"] }
  }
  object_lock = { mode = "GOVERNANCE", retention_days = 365 }
}

output "trail_arn" {
  value = module.s3_audit_trail.trail_arn
}
