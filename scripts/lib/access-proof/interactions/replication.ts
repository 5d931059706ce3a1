import {
  S3_REPLICATION_BUCKET_KEY,
  S3_REPLICATION_CROSS_ACCOUNT,
  S3_REPLICATION_ENCRYPTION,
  S3_REPLICATION_PERMISSIONS,
} from '../../../../modules/aws-pages';
import { administrator, ANOTHER_ACCOUNT, Interaction, OVER_TLS, SAMPLE_TIME } from '../interaction';
import type { ProofSubject } from '../proof-subject';
import type { NamedPolicy, SimulationRequest } from '../simulator';
import type { Instance } from '../stack-scope';
import { ExpressionError } from '../terraform-expression';

interface ReplicationRule {
  readonly destination: { bucket: string; account?: string; encryption_configuration?: { replica_kms_key_id: string } };
}

/**
 * S3 replication, both sides: the role reads and decrypts the source log files, and writes and
 * encrypts the replicas into the destination the other account prepared (its bucket and key
 * policies are judged with the stack's). It cannot delete replicas or write anywhere else, and
 * nobody else of the source account can write replicas.
 */
export function replication(proof: ProofSubject): Interaction[] {
  return proof.allStacks().flatMap((subject) => subject.instances('aws_s3_bucket_replication_configuration').flatMap((configuration) => interactionsOf(subject, configuration)));
}

function interactionsOf(subject: ProofSubject, configuration: Instance): Interaction[] {
  const account = subject.accountId;
  const roleArn = configuration.attributes.role as string;
  const sourceName = configuration.attributes.bucket as string;
  const sourceArn = subject.bucketArn(sourceName);
  const rule = (configuration.attributes.rule as ReplicationRule[])[0];
  const destinationArn = rule.destination.bucket;
  const destinationAccount = rule.destination.account ?? account;
  const destinationKeyArn = rule.destination.encryption_configuration?.replica_kms_key_id;
  if (!destinationKeyArn) throw new ExpressionError(`${configuration.address}: replicas without a KMS key are not what the stacks write`);
  const destinationRegion = destinationKeyArn.split(':')[3];
  const sourceKeyArn = encryptionKeyOf(subject, sourceArn);
  const roleName = roleArn.split('/').pop() as string;
  const session = `arn:${subject.partition}:sts::${account}:assumed-role/${roleName}/s3-replication`;
  const identityPolicies = subject.identityPoliciesOf(roleArn);
  const destination = destinationPolicies(subject, destinationArn, destinationAccount);
  const logFile = `AWSLogs/${account}/CloudTrail/${subject.location.region}/${SAMPLE_TIME.date}/${account}_CloudTrail_${subject.location.region}_${SAMPLE_TIME.stamp}_Mu0KsOhtH1ar15ZZ.json.gz`;
  const byRole = (action: string, resource: string, resourceAccount: string, resourcePolicy: NamedPolicy | undefined, context: Record<string, string> = OVER_TLS): SimulationRequest => ({
    principal: session, action, resource, resourceAccount, context, identityPolicies, resourcePolicy,
  });
  const sourceBucketPolicy = subject.policyOf('bucket policy', sourceArn);
  const usesObjectLock = subject.instances('aws_s3_bucket_object_lock_configuration').some((lock) => subject.bucketArn(lock.attributes.bucket as string) === sourceArn);
  const viaS3 = (region: string, bucketArn: string) => ({ ...OVER_TLS, 'kms:ViaService': `s3.${region}.amazonaws.com`, 'kms:EncryptionContext:aws:s3:arn': bucketArn });
  const crossAccount = destinationAccount !== account;

  const reads: [string, string][] = [
    ['s3:GetReplicationConfiguration', sourceArn],
    ['s3:ListBucket', sourceArn],
    ['s3:GetObjectVersionForReplication', `${sourceArn}/${logFile}`],
    ['s3:GetObjectVersionAcl', `${sourceArn}/${logFile}`],
    ['s3:GetObjectVersionTagging', `${sourceArn}/${logFile}`],
    ...(usesObjectLock ? ([['s3:GetObjectRetention', `${sourceArn}/${logFile}`], ['s3:GetObjectLegalHold', `${sourceArn}/${logFile}`]] as [string, string][]) : []),
  ];
  const writes = ['s3:ReplicateObject', 's3:ReplicateTags', ...(crossAccount ? ['s3:ObjectOwnerOverrideToBucketOwner'] : [])];
  const admin = administrator(account, subject.partition);

  return [
    {
      kind: 's3-assumes-the-replication-role',
      id: `s3-assumes-the-replication-role:${roleArn}`,
      says: 'S3 assumes the replication role',
      expect: 'allowed',
      request: { principal: 's3.amazonaws.com', action: 'sts:AssumeRole', resource: roleArn, resourceAccount: account, context: {}, resourcePolicy: subject.policyOf('trust policy', roleArn) },
      source: S3_REPLICATION_PERMISSIONS,
    },
    ...reads.map(([action, resource]): Interaction => ({
      kind: 'replication-reads-the-source',
      id: `replication-reads-the-source:${action}`,
      says: `The replication role calls ${action} on the source log bucket`,
      expect: 'allowed',
      request: byRole(action, resource, account, sourceBucketPolicy),
      source: S3_REPLICATION_PERMISSIONS,
    })),
    {
      kind: 'replication-decrypts-a-source-log-file',
      id: `replication-decrypts-a-source-log-file:${sourceKeyArn}`,
      says: 'The replication role decrypts a source log file through S3, under the source bucket key (encryption context: the bucket ARN)',
      expect: 'allowed',
      request: byRole('kms:Decrypt', sourceKeyArn, sourceKeyArn.split(':')[4], subject.policyOf('key policy', sourceKeyArn), viaS3(subject.location.region, sourceArn)),
      source: S3_REPLICATION_ENCRYPTION,
      alsoFrom: [S3_REPLICATION_BUCKET_KEY],
    },
    ...writes.map((action): Interaction => ({
      kind: 'replication-writes-a-replica',
      id: `replication-writes-a-replica:${action}`,
      says: `The replication role calls ${action} on a replica in the destination bucket`,
      expect: 'allowed',
      request: byRole(action, `${destinationArn}/${logFile}`, destinationAccount, destination.bucketPolicy),
      source: crossAccount ? S3_REPLICATION_CROSS_ACCOUNT : S3_REPLICATION_PERMISSIONS,
    })),
    ...['kms:Encrypt', 'kms:Decrypt'].map((action): Interaction => ({
      kind: action === 'kms:Encrypt' ? 'replication-encrypts-a-replica' : 'replication-verifies-the-replica-bucket-key',
      id: `${action === 'kms:Encrypt' ? 'replication-encrypts-a-replica' : 'replication-verifies-the-replica-bucket-key'}:${destinationKeyArn}`,
      says:
        action === 'kms:Encrypt'
          ? 'The replication role encrypts a replica under the destination key, through S3 in its region, with an S3 Bucket Key (encryption context: the destination bucket ARN)'
          : 'The replication role decrypts with the destination key, which S3 does to verify the destination S3 Bucket Key',
      expect: 'allowed',
      request: byRole(action, destinationKeyArn, destinationKeyArn.split(':')[4], destination.keyPolicy, viaS3(destinationRegion, destinationArn)),
      source: action === 'kms:Encrypt' ? S3_REPLICATION_ENCRYPTION : S3_REPLICATION_BUCKET_KEY,
    })),
    {
      kind: 'replication-deletes-a-replica',
      id: `replication-deletes-a-replica:${destinationArn}`,
      says: 'The replication role replicates a delete to the destination',
      expect: 'denied',
      request: byRole('s3:ReplicateDelete', `${destinationArn}/${logFile}`, destinationAccount, destination.bucketPolicy),
      source: S3_REPLICATION_PERMISSIONS,
    },
    {
      kind: 'replication-writes-another-bucket',
      id: `replication-writes-another-bucket:${roleArn}`,
      says: 'The replication role writes replicas into a bucket that is not the destination',
      expect: 'denied',
      request: byRole('s3:ReplicateObject', `${subject.bucketArn('someone-elses-bucket')}/${logFile}`, ANOTHER_ACCOUNT, undefined),
      source: S3_REPLICATION_PERMISSIONS,
    },
    {
      kind: 'replication-decrypts-another-buckets-objects',
      id: `replication-decrypts-another-buckets-objects:${sourceKeyArn}`,
      says: 'The replication role decrypts, with the source key, objects of another bucket',
      expect: 'denied',
      request: byRole('kms:Decrypt', sourceKeyArn, sourceKeyArn.split(':')[4], subject.policyOf('key policy', sourceKeyArn), viaS3(subject.location.region, subject.bucketArn('another-bucket-of-the-account'))),
      source: S3_REPLICATION_ENCRYPTION,
    },
    {
      kind: 'another-service-assumes-the-replication-role',
      id: `another-service-assumes-the-replication-role:${roleArn}`,
      says: 'Another AWS service (EC2) assumes the replication role',
      expect: 'denied',
      request: { principal: 'ec2.amazonaws.com', action: 'sts:AssumeRole', resource: roleArn, resourceAccount: account, context: {}, resourcePolicy: subject.policyOf('trust policy', roleArn) },
      source: S3_REPLICATION_PERMISSIONS,
    },
    ...(crossAccount
      ? [
          {
            kind: 'administrator-of-the-source-account-writes-replicas',
            id: `administrator-of-the-source-account-writes-replicas:${destinationArn}`,
            says: 'An administrator of the source account writes a replica into the archive directly, to overwrite the copy',
            expect: 'denied' as const,
            request: { principal: admin.arn, action: 's3:ReplicateObject', resource: `${destinationArn}/${logFile}`, resourceAccount: destinationAccount, context: OVER_TLS, identityPolicies: admin.policies, resourcePolicy: destination.bucketPolicy },
            source: S3_REPLICATION_CROSS_ACCOUNT,
          },
          {
            kind: 'administrator-of-the-source-account-uses-the-archive-key',
            id: `administrator-of-the-source-account-uses-the-archive-key:${destinationKeyArn}`,
            says: 'An administrator of the source account decrypts archived replicas with the archive key',
            expect: 'denied' as const,
            request: { principal: admin.arn, action: 'kms:Decrypt', resource: destinationKeyArn, resourceAccount: destinationKeyArn.split(':')[4], context: viaS3(destinationRegion, destinationArn), identityPolicies: admin.policies, resourcePolicy: destination.keyPolicy },
            source: S3_REPLICATION_CROSS_ACCOUNT,
          },
        ]
      : []),
  ];
}

/** A nested block, which Terraform JSON may write as an object or as a list of one. */
function nestedBlock(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** The KMS key a bucket of the stack is encrypted with by default. */
function encryptionKeyOf(subject: ProofSubject, bucketArn: string): string {
  const configuration = subject
    .instances('aws_s3_bucket_server_side_encryption_configuration')
    .find((candidate) => subject.bucketArn(candidate.attributes.bucket as string) === bucketArn);
  const rule = (configuration?.attributes.rule as Record<string, unknown>[] | undefined)?.[0];
  const key = (nestedBlock(rule?.apply_server_side_encryption_by_default) as { kms_master_key_id?: string } | undefined)?.kms_master_key_id;
  if (!key) throw new ExpressionError(`${bucketArn} has no default KMS encryption in the stack`);
  return key;
}

/**
 * The destination bucket's policy and the policy of the key that encrypts it, from the stack of the
 * account that owns it (the log-archive recipe). Within one account no bucket policy is needed.
 */
function destinationPolicies(subject: ProofSubject, destinationArn: string, destinationAccount: string): { bucketPolicy?: NamedPolicy; keyPolicy?: NamedPolicy } {
  if (destinationAccount === subject.accountId) return {};
  const owner = subject.otherAccounts.find((other) => other.accountId === destinationAccount);
  if (!owner) throw new ExpressionError(`${subject.name} replicates to account ${destinationAccount}, and the proof was given no stack of that account to judge its side`);
  const bucketPolicy = owner.policyOf('bucket policy', destinationArn);
  if (!bucketPolicy) throw new ExpressionError(`the stack of account ${destinationAccount} has no bucket policy for ${destinationArn}`);
  const ownerKey = encryptionKeyOf(owner, destinationArn);
  return { bucketPolicy, keyPolicy: owner.policyOf('key policy', ownerKey) };
}
