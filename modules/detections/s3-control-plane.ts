import { ANY_OCCURRENCE, Detection, PROJECT_NAMESPACE } from './detection';
import { allOf, anyEventName, fromService } from './pattern-parts';

/**
 * Bucket configuration changes on any bucket in the account (management events). Policy, ACL,
 * CORS, lifecycle and replication changes are CIS CloudWatch.8, kept verbatim in cis-foundations.
 */
const S3 = fromService('s3.amazonaws.com');

export const S3_CONTROL_PLANE_DETECTIONS: readonly Detection[] = [
  {
    id: 's3-public-access-block-changes',
    title: 'S3 public access block changed or removed',
    severity: 'critical',
    group: 's3-control-plane',
    description: 'A bucket or account public access block was put or deleted.',
    runbook:
      'The public access block is the last guard against a public bucket. Deleting it, or putting one with a ' +
      'flag off, is rarely right. Read requestParameters (bucketName, PublicAccessBlockConfiguration) and the ' +
      'caller. Restore all four flags on, then check the bucket policy and ACLs for public grants made since.',
    filterPattern: allOf(
      S3,
      anyEventName('PutBucketPublicAccessBlock', 'DeleteBucketPublicAccessBlock', 'PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock'),
    ),
    metricName: 'S3PublicAccessBlockChanges',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 's3-default-encryption-changes',
    title: 'S3 default encryption changed or removed',
    severity: 'high',
    group: 's3-control-plane',
    description: 'PutBucketEncryption or DeleteBucketEncryption on any bucket.',
    runbook:
      'A changed default key can hand new objects to a key the attacker controls, or to one that will be ' +
      'deleted (ransom by key deletion). Compare requestParameters.ServerSideEncryptionConfiguration with ' +
      'the reviewed one; restore it and check which objects were written under the other key since.',
    filterPattern: allOf(S3, anyEventName('PutBucketEncryption', 'DeleteBucketEncryption')),
    metricName: 'S3DefaultEncryptionChanges',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 's3-versioning-suspended',
    title: 'S3 versioning suspended',
    severity: 'high',
    group: 's3-control-plane',
    description: 'PutBucketVersioning with status Suspended: overwrites and deletes stop being recoverable. Enabling versioning does not match.',
    runbook:
      'Suspending versioning is the step before deletions that cannot be undone. Find the bucket in ' +
      'requestParameters.bucketName and the caller; re-enable versioning at once unless the change was ' +
      'approved, and watch that bucket for deletions.',
    filterPattern: allOf(
      S3,
      anyEventName('PutBucketVersioning'),
      '($.requestParameters.VersioningConfiguration.Status = "Suspended")',
    ),
    metricName: 'S3VersioningSuspended',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 's3-access-logging-changes',
    title: 'S3 server access logging changed',
    severity: 'medium',
    group: 's3-control-plane',
    description: 'PutBucketLogging on any bucket, which includes turning server access logging off.',
    runbook:
      'Server access logs are the second record of who read what. An empty BucketLoggingStatus in ' +
      'requestParameters turns them off. Restore the logging target and find out why it changed.',
    filterPattern: allOf(S3, anyEventName('PutBucketLogging')),
    metricName: 'S3AccessLoggingChanges',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 's3-object-lock-changes',
    title: 'S3 object lock configuration changed',
    severity: 'high',
    group: 's3-control-plane',
    description: 'PutObjectLockConfiguration on any bucket: default retention mode or period changed.',
    runbook:
      'A shorter default retention, or governance instead of compliance mode, weakens the protection of new ' +
      'objects. Compare requestParameters.ObjectLockConfiguration with the reviewed configuration and restore it.',
    filterPattern: allOf(S3, anyEventName('PutObjectLockConfiguration')),
    metricName: 'S3ObjectLockChanges',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 's3-bucket-deleted',
    title: 'S3 bucket deleted',
    severity: 'high',
    group: 's3-control-plane',
    description: 'DeleteBucket on any bucket.',
    runbook:
      'A bucket can only be deleted empty, so its objects went first: look for deletions before this event. ' +
      'Bucket names are global; recreate the name at once if anything still writes to it, or someone else ' +
      'can claim it and receive that data.',
    filterPattern: allOf(S3, anyEventName('DeleteBucket')),
    metricName: 'S3BucketDeleted',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 's3-ownership-controls-changes',
    title: 'S3 object ownership changed: ACLs may be back in force',
    severity: 'high',
    group: 's3-control-plane',
    description:
      'PutBucketOwnershipControls or DeleteBucketOwnershipControls on any bucket. Any setting but ' +
      'BucketOwnerEnforced turns object and bucket ACLs back on.',
    runbook:
      'With ACLs disabled (BucketOwnerEnforced) the bucket policy alone decides access; switching to ' +
      'ObjectWriter or BucketOwnerPreferred, or deleting the setting, lets an ACL grant access the policy does ' +
      'not, and lets another account own objects it writes. Read ' +
      'requestParameters.OwnershipControls.Rule.ObjectOwnership and the caller; restore BucketOwnerEnforced and ' +
      'look for PutObjectAcl and PutBucketAcl since the change.',
    filterPattern: allOf(S3, anyEventName('PutBucketOwnershipControls', 'DeleteBucketOwnershipControls')),
    metricName: 'S3OwnershipControlsChanges',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 's3-website-hosting-changes',
    title: 'S3 static website hosting turned on or changed',
    severity: 'high',
    group: 's3-control-plane',
    description: 'PutBucketWebsite on any bucket: the bucket gets a website endpoint, or its index, error or redirect rules change.',
    runbook:
      'A website endpoint serves objects over plain HTTP to anyone the bucket policy lets read, and a redirect ' +
      'rule can send visitors elsewhere. Read requestParameters.bucketName and WebsiteConfiguration and the ' +
      'caller. Unless the bucket is meant to host a site, remove the configuration (DeleteBucketWebsite) and check ' +
      'the bucket policy and public access block for grants made with it.',
    filterPattern: allOf(S3, anyEventName('PutBucketWebsite')),
    metricName: 'S3WebsiteHostingChanges',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
];
