# The log-archive account's side of an environment's `replication`: the bucket that receives the
# copies of the audit log files, and the key that encrypts them. Apply it once, with the log-archive
# account's credentials, in the region the copies should live in; then set each environment's
# `replication.destinationBucketArn` and `replication.destinationKmsKeyArn` to its outputs.
#
# The unit tests' access-proof tier judges these two policies with each replicating stack's own
# (npm run test:unit): the stack's replication role can write and encrypt replicas here, and
# nobody else of the source account can.

terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 6.0"
    }
  }
}

variable "archive_bucket_name" {
  type        = string
  description = "Name of the bucket that receives the copies."
}

variable "replication_role_arns" {
  type        = list(string)
  description = "The replication role of every environment that copies here: arn:aws:iam::<account>:role/<namePrefix>-<env>-s3-audit-replication."
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  archive_arn = "arn:${data.aws_partition.current.partition}:s3:::${var.archive_bucket_name}"
}

resource "aws_s3_bucket" "archive" {
  bucket = var.archive_bucket_name
}

# Replication needs versioning on both sides.
resource "aws_s3_bucket_versioning" "archive" {
  bucket = aws_s3_bucket.archive.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_ownership_controls" "archive" {
  bucket = aws_s3_bucket.archive.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "archive" {
  bucket                  = aws_s3_bucket.archive.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_kms_key" "archive" {
  description             = "Encrypts the replicated audit log files in ${var.archive_bucket_name}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = data.aws_iam_policy_document.archive_key.json
}

# With an S3 Bucket Key, S3 asks KMS for a key per bucket now and then, not one per replica; the
# replication roles then also need kms:Decrypt (see the key policy).
resource "aws_s3_bucket_server_side_encryption_configuration" "archive" {
  bucket = aws_s3_bucket.archive.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.archive.arn
    }
    bucket_key_enabled = true
  }
}

data "aws_iam_policy_document" "archive_key" {
  # AWS KMS Developer Guide, "Default key policy": the archive account administers its own key.
  statement {
    sid       = "EnableArchiveAccountAdministration"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
  # Amazon S3 User Guide, "Replicating encrypted objects": kms:Encrypt for the replicas, and
  # kms:Decrypt, which S3 calls to verify the destination's S3 Bucket Key ("S3 Bucket Keys and
  # replication"). Only through S3 in this region, only for this bucket (with a Bucket Key the
  # encryption context is the bucket's ARN).
  statement {
    sid       = "ReplicationRolesEncryptReplicas"
    actions   = ["kms:Encrypt", "kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = var.replication_role_arns
    }
    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["s3.${data.aws_region.current.name}.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "kms:EncryptionContext:aws:s3:arn"
      values   = [local.archive_arn, "${local.archive_arn}/*"]
    }
  }
}

data "aws_iam_policy_document" "archive" {
  # Amazon S3 User Guide, "Examples of Amazon S3 bucket policies": nothing without TLS.
  statement {
    sid       = "DenyInsecureTransportToTheArchive"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.archive.arn, "${aws_s3_bucket.archive.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
  # Amazon S3 User Guide, "Configuring replication for buckets in different accounts", without
  # s3:ReplicateDelete (deleting a log file at the source never reaches the copy) and without the
  # page's s3:GetBucketVersioning and s3:PutBucketVersioning: replication does not call them with
  # the role's permissions the same guide documents, so granting them here would only widen access.
  statement {
    sid       = "ReplicasFromTheAuditAccounts"
    actions   = ["s3:ReplicateObject", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"]
    resources = ["${aws_s3_bucket.archive.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = var.replication_role_arns
    }
  }
}

resource "aws_s3_bucket_policy" "archive" {
  bucket = aws_s3_bucket.archive.id
  policy = data.aws_iam_policy_document.archive.json
  # S3 rejects a policy write that races the public access block.
  depends_on = [aws_s3_bucket_public_access_block.archive]
}

output "bucket_arn" {
  value       = aws_s3_bucket.archive.arn
  description = "Set as replication.destinationBucketArn of each environment that copies here."
}

output "kms_key_arn" {
  value       = aws_kms_key.archive.arn
  description = "Set as replication.destinationKmsKeyArn of each environment that copies here."
}
