import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { AwsLocation, trailArn } from './arns';
import { CLOUDTRAIL_PRINCIPAL, condition, fromTrail, servicePrincipal } from './policy';

export interface LogBucketLifecycle {
  /** Days after which log files move to the cheaper storage class. */
  readonly transitionAfterDays: number;
  /**
   * Storage class log files move to.
   * @default 'GLACIER_IR' (instant retrieval: an investigation does not wait hours for a restore)
   */
  readonly transitionStorageClass?: string;
  /** Days after which log files (and their noncurrent versions) are deleted. */
  readonly expireAfterDays: number;
}

export interface AuditLogBucketProps {
  readonly location: AwsLocation;
  readonly bucketName: string;
  /** Name of the one trail allowed to deliver here. */
  readonly trailName: string;
  /** ARN of the KMS key for default encryption. */
  readonly kmsKeyArn: string;
  readonly lifecycle: LogBucketLifecycle;
  /**
   * Key prefix CloudTrail writes under.
   * @default none (logs land at `AWSLogs/<account>/...`)
   */
  readonly s3KeyPrefix?: string;
  /**
   * Encrypt under an S3 Bucket Key: S3 asks KMS for a bucket-level key now and then instead of a
   * data key per log file. The trail key must then let CloudTrail decrypt (see TrailKey).
   * @default true
   */
  readonly bucketKeyEnabled?: boolean;
  /**
   * Refuse any plan that would destroy the bucket.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/** The dedicated, private, KMS-encrypted bucket CloudTrail delivers log files to. */
export class AuditLogBucket extends Construct {
  public readonly bucket: S3Bucket;
  /** The trail must depend on it: CloudTrail refuses to create a trail it cannot write for. */
  public readonly policy: S3BucketPolicy;
  public readonly bucketName: string;

  constructor(scope: Construct, id: string, props: AuditLogBucketProps) {
    super(scope, id);
    const at = props.location;
    const trail = trailArn(at, props.trailName);

    this.bucket = new S3Bucket(this, 'Resource', {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    this.bucketName = this.bucket.bucket;
    const bucket = this.bucket.id;

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'OwnershipControls', {
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    const versioning = new S3BucketVersioningA(this, 'Versioning', {
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn },
          bucketKeyEnabled: props.bucketKeyEnabled ?? true,
        },
      ],
    });
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket,
      // S3 rejects a lifecycle configuration on an unversioned bucket that uses noncurrent rules.
      dependsOn: [versioning],
      rule: [
        {
          id: 'archive-then-expire-log-files',
          status: 'Enabled',
          filter: [{}],
          transition: [
            {
              days: props.lifecycle.transitionAfterDays,
              storageClass: props.lifecycle.transitionStorageClass ?? 'GLACIER_IR',
            },
          ],
          expiration: [{ days: props.lifecycle.expireAfterDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.lifecycle.expireAfterDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    const prefix = props.s3KeyPrefix ? `${props.s3KeyPrefix}/` : '';
    const document = new DataAwsIamPolicyDocument(this, 'PolicyDocument', {
      statement: [
        {
          // Follows "Examples of Amazon S3 bucket policies: Managing access based on HTTP or HTTPS requests" (S3 User Guide).
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:*'],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          condition: [condition('Bool', 'aws:SecureTransport', 'false')],
        },
        // Both follow "Amazon S3 bucket policy for CloudTrail" (CloudTrail User Guide), with its aws:SourceArn guard.
        {
          sid: 'AWSCloudTrailAclCheck',
          principals: servicePrincipal(CLOUDTRAIL_PRINCIPAL),
          actions: ['s3:GetBucketAcl'],
          resources: [this.bucket.arn],
          condition: [fromTrail(trail)],
        },
        {
          sid: 'AWSCloudTrailWrite',
          principals: servicePrincipal(CLOUDTRAIL_PRINCIPAL),
          actions: ['s3:PutObject'],
          resources: [`${this.bucket.arn}/${prefix}AWSLogs/${at.accountId}/*`],
          condition: [
            condition('StringEquals', 's3:x-amz-acl', 'bucket-owner-full-control'),
            fromTrail(trail),
          ],
        },
      ],
    });
    this.policy = new S3BucketPolicy(this, 'Policy', {
      bucket,
      policy: document.json,
      // S3 rejects a policy write that races the public access block on the same bucket.
      dependsOn: [publicAccessBlock],
    });
  }
}
