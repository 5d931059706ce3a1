import { Construct } from 'constructs';
import { ITerraformDependable, Token } from 'cdktf';
import { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { AwsLocation, trailArn } from './arns';
import { addBucketBaseline, denyInsecureTransport } from './bucket-baseline';
import { interpolated, isPlanTime, planTime, PlanTime } from './plan-time';
import { CLOUDTRAIL_PRINCIPAL, condition, fromTrail, policyWithSwitchedStatements, servicePrincipal } from './policy';

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

export interface ServerAccessLogsTarget {
  readonly bucketName: string;
  /** Key prefix of this bucket's access logs in the target. */
  readonly prefix: string;
  /** What the target must have in place before S3 is told to deliver there (its bucket policy). */
  readonly dependsOn?: ITerraformDependable[];
}

export interface ObjectLockSettings {
  /**
   * `GOVERNANCE`: principals with s3:BypassGovernanceRetention can still shorten or remove it.
   * `COMPLIANCE`: nobody, the root user included, can delete a locked version before it expires.
   */
  readonly mode: 'GOVERNANCE' | 'COMPLIANCE';
  readonly retentionDays: number;
}

export interface AuditLogBucketProps {
  readonly location: AwsLocation;
  readonly bucketName: string;
  /** Name of the one trail allowed to deliver here. */
  readonly trailName: string;
  /**
   * The one trail allowed to deliver here, when it is not the trail named `trailName` in the
   * bucket's own account and region: a trail of another account writing into a log archive, or an
   * organization trail (ARN and owner: the management account).
   * @default the trail named `trailName` in the bucket's account and region
   */
  readonly deliveringTrail?: { readonly trailArn: string; readonly ownerAccountId: string };
  /**
   * The organization whose organization trail delivers here: its members' log files land under
   * `AWSLogs/<organization id>/`. For the exported module, a plan-time expression that is the id
   * or null.
   * @default none
   */
  readonly organizationId?: string | PlanTime;
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
   * Where S3 delivers this bucket's server access logs, the record of its own reads and deletes
   * (the trail leaves the bucket out of data events by design).
   * @default none
   */
  readonly serverAccessLogs?: ServerAccessLogsTarget;
  /**
   * S3 Object Lock default retention for every log file written. For the exported module, a
   * plan-time object `{ mode, retention_days }` or null.
   * @default none
   */
  readonly objectLock?: ObjectLockSettings | PlanTime;
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
  /** Replication and Object Lock can only be configured once versioning is on. */
  public readonly versioning: S3BucketVersioningA;

  constructor(scope: Construct, id: string, props: AuditLogBucketProps) {
    super(scope, id);
    const at = props.location;
    const trail = props.deliveringTrail?.trailArn ?? trailArn(at, props.trailName);
    const owner = props.deliveringTrail?.ownerAccountId ?? at.accountId;

    const { bucket: resource, publicAccessBlock, versioning } = addBucketBaseline(this, props.bucketName, props.preventDestroy ?? false);
    this.bucket = resource;
    this.bucketName = this.bucket.bucket;
    this.versioning = versioning;
    const bucket = this.bucket.id;

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

    if (props.serverAccessLogs) {
      new S3BucketLoggingA(this, 'AccessLogging', {
        bucket,
        targetBucket: props.serverAccessLogs.bucketName,
        targetPrefix: props.serverAccessLogs.prefix,
        dependsOn: props.serverAccessLogs.dependsOn,
      });
    }
    if (props.objectLock) {
      const lock = props.objectLock;
      const settings = isPlanTime(lock)
        ? {
            count: Token.asNumber(`\${${lock.planTimeExpression} == null ? 0 : 1}`),
            mode: `\${${lock.planTimeExpression}.mode}`,
            days: Token.asNumber(`\${${lock.planTimeExpression}.retention_days}`),
          }
        : { count: undefined, mode: lock.mode, days: lock.retentionDays };
      // Enabled through the lock configuration, not the bucket's object_lock_enabled argument:
      // S3 enables Object Lock on an existing versioned bucket this way, where the argument would
      // replace the bucket (and prevent_destroy refuse the plan).
      new S3BucketObjectLockConfigurationA(this, 'ObjectLock', {
        count: settings.count,
        bucket,
        objectLockEnabled: 'Enabled',
        rule: { defaultRetention: { mode: settings.mode, days: settings.days } },
        dependsOn: [versioning],
      });
    }

    const prefix = props.s3KeyPrefix ? `${props.s3KeyPrefix}/` : '';
    // Same page as AWSCloudTrailWrite, organization trails: every member's log files, under the organization id.
    const organizationWrite = (organizationId: string): DataAwsIamPolicyDocumentStatement => ({
      sid: 'AWSCloudTrailOrganizationWrite',
      principals: servicePrincipal(CLOUDTRAIL_PRINCIPAL),
      actions: ['s3:PutObject'],
      resources: [`${this.bucket.arn}/${prefix}AWSLogs/${organizationId}/*`],
      condition: [condition('StringEquals', 's3:x-amz-acl', 'bucket-owner-full-control'), fromTrail(trail)],
    });
    const organizationId = props.organizationId;
    const policy = policyWithSwitchedStatements(
      this,
      'PolicyDocument',
      [
        denyInsecureTransport('DenyInsecureTransport', this.bucket.arn),
        // Both follow "Amazon S3 bucket policy for CloudTrail" (CloudTrail User Guide), with its aws:SourceArn guard.
        {
          sid: 'AWSCloudTrailAclCheck',
          principals: servicePrincipal(CLOUDTRAIL_PRINCIPAL),
          actions: ['s3:GetBucketAcl'],
          resources: [this.bucket.arn],
          condition: [fromTrail(trail)],
        },
        {
          // The trail owner's own path: for an organization trail, the management account's,
          // which CreateTrail checks too.
          sid: 'AWSCloudTrailWrite',
          principals: servicePrincipal(CLOUDTRAIL_PRINCIPAL),
          actions: ['s3:PutObject'],
          resources: [`${this.bucket.arn}/${prefix}AWSLogs/${owner}/*`],
          condition: [
            condition('StringEquals', 's3:x-amz-acl', 'bucket-owner-full-control'),
            fromTrail(trail),
          ],
        },
      ],
      {
        on: isPlanTime(organizationId) ? planTime(`${organizationId.planTimeExpression} != null`) : organizationId !== undefined,
        id: 'PolicyDocumentForTheOrganization',
        statements: organizationId === undefined ? [] : [organizationWrite(isPlanTime(organizationId) ? interpolated(organizationId) : organizationId)],
      },
    );
    this.policy = new S3BucketPolicy(this, 'Policy', {
      bucket,
      policy,
      // S3 rejects a policy write that races the public access block on the same bucket.
      dependsOn: [publicAccessBlock],
    });
  }
}
