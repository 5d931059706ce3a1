import { Construct } from 'constructs';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { condition } from './policy';

/**
 * What every bucket of the stack has, whatever it holds: the bucket itself (never force-destroyed),
 * all four public access block flags, ACLs off (BucketOwnerEnforced) and versioning. Created in the
 * owning construct's scope, under the ids the log bucket has always used, so its Terraform
 * addresses do not move.
 */
export interface BucketBaseline {
  readonly bucket: S3Bucket;
  /** Policies must be written after it: S3 rejects a policy write that races the block. */
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  /** Lifecycle, Object Lock and replication need versioning in place first. */
  readonly versioning: S3BucketVersioningA;
}

export function addBucketBaseline(scope: Construct, bucketName: string, preventDestroy: boolean): BucketBaseline {
  const bucket = new S3Bucket(scope, 'Resource', {
    bucket: bucketName,
    forceDestroy: false,
    lifecycle: { preventDestroy },
  });
  const publicAccessBlock = new S3BucketPublicAccessBlock(scope, 'PublicAccessBlock', {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, 'OwnershipControls', {
    bucket: bucket.id,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  const versioning = new S3BucketVersioningA(scope, 'Versioning', {
    bucket: bucket.id,
    versioningConfiguration: { status: 'Enabled' },
  });
  return { bucket, publicAccessBlock, versioning };
}

/**
 * Follows "Examples of Amazon S3 bucket policies: Managing access based on HTTP or HTTPS requests"
 * (S3 User Guide): any request without TLS is denied, on the bucket and its objects.
 */
export function denyInsecureTransport(sid: string, bucketArn: string): DataAwsIamPolicyDocumentStatement {
  return {
    sid,
    effect: 'Deny',
    principals: [{ type: '*', identifiers: ['*'] }],
    actions: ['s3:*'],
    resources: [bucketArn, `${bucketArn}/*`],
    condition: [condition('Bool', 'aws:SecureTransport', 'false')],
  };
}
