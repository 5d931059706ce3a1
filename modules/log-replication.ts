import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { AwsLocation, regionOfArn } from './arns';
import { condition, servicePrincipal } from './policy';

export interface ReplicationDestination {
  /** ARN of the bucket that receives the copies, in another region or account. */
  readonly bucketArn: string;
  /** The account that owns it; replicas are handed to it when it is not this one. */
  readonly accountId: string;
  /** Full ARN of the KMS key the replicas are encrypted with, in the destination bucket's region. */
  readonly kmsKeyArn: string;
  /**
   * Storage class of the replicas.
   * @default 'STANDARD'
   */
  readonly storageClass?: string;
}

export interface LogReplicationProps {
  readonly location: AwsLocation;
  readonly roleName: string;
  readonly sourceBucketName: string;
  readonly sourceBucketArn: string;
  /** Versioning of the source bucket: replication can only be configured once it is on. */
  readonly sourceVersioning: S3BucketVersioningA;
  /** Key that encrypts the source log files. */
  readonly sourceKmsKeyArn: string;
  readonly destination: ReplicationDestination;
  /**
   * The source bucket uses Object Lock: the role must read retention and legal hold to copy them.
   * @default false
   */
  readonly sourceUsesObjectLock?: boolean;
}

/**
 * A copy of every log file in a bucket another region or account controls, so the audit record
 * survives the loss or compromise of this one. Deletions are not replicated: removing a log file
 * (or adding a delete marker) here leaves the copy in place.
 */
export class LogReplication extends Construct {
  public readonly role: IamRole;
  public readonly configuration: S3BucketReplicationConfigurationA;

  constructor(scope: Construct, id: string, props: LogReplicationProps) {
    super(scope, id);
    const { destination } = props;
    const crossAccount = destination.accountId !== props.location.accountId;
    const destinationRegion = regionOfArn(destination.kmsKeyArn);

    const trust = new DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      statement: [
        {
          // Follows "Setting up permissions for live replication: Creating an IAM role" (S3 User
          // Guide), which documents the trust without conditions; see modules/policy-sources.ts.
          sid: 'AllowS3ReplicationToAssume',
          principals: servicePrincipal('s3.amazonaws.com'),
          actions: ['sts:AssumeRole'],
        },
      ],
    });
    this.role = new IamRole(this, 'Resource', {
      name: props.roleName,
      description: `S3 replicates the audit log files of ${props.sourceBucketName}`,
      assumeRolePolicy: trust.json,
    });

    const permissions = new DataAwsIamPolicyDocument(this, 'PermissionsPolicy', {
      statement: [
        // The first three follow "Setting up permissions for live replication" (S3 User Guide).
        {
          sid: 'ReadSourceReplicationConfiguration',
          actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
          resources: [props.sourceBucketArn],
        },
        {
          sid: 'ReadSourceObjectVersions',
          actions: [
            's3:GetObjectVersionForReplication',
            's3:GetObjectVersionAcl',
            's3:GetObjectVersionTagging',
            // "Using Object Lock with S3 Replication": locked versions carry their retention along.
            ...(props.sourceUsesObjectLock ? ['s3:GetObjectRetention', 's3:GetObjectLegalHold'] : []),
          ],
          resources: [`${props.sourceBucketArn}/*`],
        },
        {
          // No s3:ReplicateDelete: deletions here must not reach the copy.
          sid: 'WriteReplicas',
          actions: [
            's3:ReplicateObject',
            's3:ReplicateTags',
            // "Changing the replica owner": replicas in another account belong to that account.
            ...(crossAccount ? ['s3:ObjectOwnerOverrideToBucketOwner'] : []),
          ],
          resources: [`${destination.bucketArn}/*`],
        },
        // These two follow "Replicating objects created with server-side encryption: Granting
        // additional permissions for the IAM role" (S3 User Guide). With an S3 Bucket Key the
        // encryption context is the bucket ARN rather than the object's, so both are admitted.
        {
          sid: 'DecryptSourceLogFiles',
          actions: ['kms:Decrypt'],
          resources: [props.sourceKmsKeyArn],
          condition: [
            condition('StringLike', 'kms:ViaService', `s3.${props.location.region}.amazonaws.com`),
            condition('StringLike', 'kms:EncryptionContext:aws:s3:arn', props.sourceBucketArn, `${props.sourceBucketArn}/*`),
          ],
        },
        {
          sid: 'EncryptReplicas',
          actions: ['kms:Encrypt'],
          resources: [destination.kmsKeyArn],
          condition: [
            condition('StringLike', 'kms:ViaService', `s3.${destinationRegion}.amazonaws.com`),
            condition('StringLike', 'kms:EncryptionContext:aws:s3:arn', destination.bucketArn, `${destination.bucketArn}/*`),
          ],
        },
      ],
    });
    const policy = new IamRolePolicy(this, 'Policy', { name: 's3-replication', role: this.role.id, policy: permissions.json });

    this.configuration = new S3BucketReplicationConfigurationA(this, 'Configuration', {
      bucket: props.sourceBucketName,
      role: this.role.arn,
      // S3 checks the role can act when the configuration is written.
      dependsOn: [props.sourceVersioning, policy],
      rule: [
        {
          id: 'copy-every-log-file',
          status: 'Enabled',
          priority: 1,
          filter: {},
          deleteMarkerReplication: { status: 'Disabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: {
            bucket: destination.bucketArn,
            storageClass: destination.storageClass ?? 'STANDARD',
            encryptionConfiguration: { replicaKmsKeyId: destination.kmsKeyArn },
            ...(crossAccount && { account: destination.accountId, accessControlTranslation: { owner: 'Destination' } }),
          },
        },
      ],
    });
  }
}
