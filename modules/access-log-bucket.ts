import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { AwsLocation, s3BucketArn } from './arns';
import { addBucketBaseline, denyInsecureTransport } from './bucket-baseline';
import { condition, servicePrincipal } from './policy';

export interface AccessLogBucketProps {
  readonly location: AwsLocation;
  readonly bucketName: string;
  /** The one bucket whose server access logs S3 may deliver here. */
  readonly sourceBucketName: string;
  /**
   * Key prefix the logs land under.
   * @default `<sourceBucketName>/`
   */
  readonly prefix?: string;
  /** Days after which access log files (and their noncurrent versions) are deleted. */
  readonly expireAfterDays: number;
  /**
   * Refuse any plan that would destroy the bucket.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * The bucket S3 server access logging writes the trail log bucket's access logs to: who read,
 * wrote or deleted audit log files, which the trail itself does not record.
 *
 * Two things differ from the log bucket, both because S3 server access logging requires them
 * (S3 User Guide, "Enabling Amazon S3 server access logging"): default encryption is SSE-S3,
 * since log delivery does not support a destination whose default encryption is SSE-KMS; and
 * there is no Object Lock default retention, which blocks delivery.
 */
export class AccessLogBucket extends Construct {
  public readonly bucket: S3Bucket;
  /** Logging on the source bucket must wait for it: S3 delivers only where this policy allows. */
  public readonly policy: S3BucketPolicy;
  public readonly bucketName: string;
  public readonly prefix: string;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const { bucket, publicAccessBlock, versioning } = addBucketBaseline(this, props.bucketName, props.preventDestroy ?? false);
    this.bucket = bucket;
    this.bucketName = bucket.bucket;
    this.prefix = props.prefix ?? `${props.sourceBucketName}/`;

    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket: bucket.id,
      dependsOn: [versioning],
      rule: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ days: props.expireAfterDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.expireAfterDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    const document = new DataAwsIamPolicyDocument(this, 'PolicyDocument', {
      statement: [
        denyInsecureTransport('DenyInsecureTransportToAccessLogs', bucket.arn),
        {
          // Follows "Enabling Amazon S3 server access logging: Grant permissions to the logging
          // service principal by using a bucket policy" (S3 User Guide), with its aws:SourceArn
          // (the one source bucket) and aws:SourceAccount guards.
          sid: 'S3ServerAccessLogsPolicy',
          principals: servicePrincipal('logging.s3.amazonaws.com'),
          actions: ['s3:PutObject'],
          resources: [`${bucket.arn}/${this.prefix}*`],
          condition: [
            condition('ArnLike', 'aws:SourceArn', s3BucketArn(props.location.partition, props.sourceBucketName)),
            condition('StringEquals', 'aws:SourceAccount', props.location.accountId),
          ],
        },
      ],
    });
    this.policy = new S3BucketPolicy(this, 'Policy', { bucket: bucket.id, policy: document.json, dependsOn: [publicAccessBlock] });
  }
}
