import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { TerraformResource, Token } from 'cdktf';
import { AwsLocation, regionOfArn } from './arns';
import { inExpressionString, isPlanTime, PlanTime } from './plan-time';
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
  /**
   * Where the copies go. For the exported module, a plan-time object `{ bucket_arn, account_id,
   * kms_key_arn, storage_class }` or null: the resources then exist only when it is set, and the
   * destination must be another account.
   */
  readonly destination: ReplicationDestination | PlanTime;
  /**
   * The source bucket uses Object Lock: the role must read retention and legal hold to copy them.
   * A plan-time boolean expression for the exported module.
   * @default false
   */
  readonly sourceUsesObjectLock?: boolean | PlanTime;
}

/** The destination's parts as Terraform strings, whether known now or at plan time. */
function destinationValues(destination: ReplicationDestination | PlanTime, sourceAccountId: string) {
  if (!isPlanTime(destination)) {
    return {
      bucketArn: destination.bucketArn,
      accountId: destination.accountId,
      kmsKeyArn: destination.kmsKeyArn,
      region: regionOfArn(destination.kmsKeyArn),
      storageClass: destination.storageClass ?? 'STANDARD',
      crossAccount: destination.accountId !== sourceAccountId,
    };
  }
  const value = destination.planTimeExpression;
  return {
    bucketArn: `\${${value}.bucket_arn}`,
    accountId: `\${${value}.account_id}`,
    kmsKeyArn: `\${${value}.kms_key_arn}`,
    region: `\${split(":", ${value}.kms_key_arn)[3]}`,
    storageClass: `\${coalesce(${value}.storage_class, "STANDARD")}`,
    // The module replicates across accounts only (a precondition refuses anything else).
    crossAccount: true,
  };
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
    const destination = destinationValues(props.destination, props.location.accountId);
    const { crossAccount } = destination;
    const destinationRegion = destination.region;
    // With a plan-time destination every resource here exists only when it is set, and refers
    // to the others by index, as Terraform requires of counted resources.
    const counted = isPlanTime(props.destination) ? `\${${props.destination.planTimeExpression} == null ? 0 : 1}` : undefined;
    const count = counted === undefined ? undefined : (Token.asNumber(counted) as number);
    const ref = (element: TerraformResource | DataAwsIamPolicyDocument, attribute: string) =>
      counted === undefined ? `\${${element.fqn}.${attribute}}` : `\${${element.fqn}[0].${attribute}}`;
    const objectLockActions = ['s3:GetObjectRetention', 's3:GetObjectLegalHold'];
    const readVersionsActions = [
      's3:GetObjectVersionForReplication',
      's3:GetObjectVersionAcl',
      's3:GetObjectVersionTagging',
      // "Using Object Lock with S3 Replication": locked versions carry their retention along.
      ...(props.sourceUsesObjectLock === true ? objectLockActions : []),
    ];

    const trust = new DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      count,
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
      count,
      name: props.roleName,
      description: `S3 replicates the audit log files of ${props.sourceBucketName}`,
      assumeRolePolicy: ref(trust, 'json'),
    });

    // The destination key serves the role only through S3 in the destination's region, for replicas
    // of that one bucket (with an S3 Bucket Key the encryption context is the bucket's ARN).
    const throughS3IntoTheDestination = [
      condition('StringLike', 'kms:ViaService', `s3.${destinationRegion}.amazonaws.com`),
      condition('StringLike', 'kms:EncryptionContext:aws:s3:arn', destination.bucketArn, `${destination.bucketArn}/*`),
    ];
    const permissions = new DataAwsIamPolicyDocument(this, 'PermissionsPolicy', {
      count,
      statement: [
        // The first three follow "Setting up permissions for live replication" (S3 User Guide).
        {
          sid: 'ReadSourceReplicationConfiguration',
          actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
          resources: [props.sourceBucketArn],
        },
        {
          sid: 'ReadSourceObjectVersions',
          actions: isPlanTime(props.sourceUsesObjectLock)
            ? Token.asList(`\${concat(${JSON.stringify(readVersionsActions)}, ${props.sourceUsesObjectLock.planTimeExpression} ? ${JSON.stringify(objectLockActions)} : [])}`)
            : readVersionsActions,
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
        { sid: 'EncryptReplicas', actions: ['kms:Encrypt'], resources: [destination.kmsKeyArn], condition: throughS3IntoTheDestination },
        {
          // Same page, "S3 Bucket Keys and replication": when the destination uses an S3 Bucket
          // Key, S3 calls kms:Decrypt with the role to verify it before use. Granted whatever the
          // destination's setting (the stack cannot see it); the destination key policy must
          // grant it too (examples/log-archive-account).
          sid: 'VerifyTheReplicaBucketKey',
          actions: ['kms:Decrypt'],
          resources: [destination.kmsKeyArn],
          condition: throughS3IntoTheDestination,
        },
      ],
    });
    const policy = new IamRolePolicy(this, 'Policy', { count, name: 's3-replication', role: ref(this.role, 'id'), policy: ref(permissions, 'json') });

    this.configuration = new S3BucketReplicationConfigurationA(this, 'Configuration', {
      count,
      bucket: props.sourceBucketName,
      role: ref(this.role, 'arn'),
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
            storageClass: destination.storageClass,
            encryptionConfiguration: { replicaKmsKeyId: destination.kmsKeyArn },
            ...(crossAccount && { account: destination.accountId, accessControlTranslation: { owner: 'Destination' } }),
          },
        },
      ],
      lifecycle: isPlanTime(props.destination)
        ? {
            precondition: [
              {
                condition: `\${${props.destination.planTimeExpression}.account_id != "${inExpressionString(props.location.accountId)}"}`,
                errorMessage: 'replication.account_id: the module replicates to another account only (a log-archive account); for a copy in another region of this account use the environment stacks',
              },
            ],
          }
        : undefined,
    });
  }
}
