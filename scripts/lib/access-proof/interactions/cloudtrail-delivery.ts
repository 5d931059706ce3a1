import {
  CLOUDTRAIL_BUCKET_POLICY,
  CLOUDTRAIL_CONFUSED_DEPUTY,
  CLOUDTRAIL_DIGEST_FILE_LOCATION,
  CLOUDTRAIL_KMS_KEY_POLICY,
  CLOUDTRAIL_LOG_FILE_LOCATION,
  CLOUDTRAIL_LOG_STREAM_NAMES,
  CLOUDTRAIL_ROLE_POLICY,
  S3_TLS_ONLY,
} from '../../../../modules/aws-pages';
import { administrator, ANOTHER_ACCOUNT, anotherRegion, Interaction, OVER_PLAIN_HTTP, OVER_TLS, SAMPLE_TIME } from '../interaction';
import { ProofSubject, withoutWildcardSuffix } from '../proof-subject';
import type { SimulationRequest } from '../simulator';
import type { Instance } from '../stack-scope';
import { ExpressionError } from '../terraform-expression';

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';

/** What a trail of the stack delivers to, read from the trail itself. */
interface Delivery {
  readonly trail: Instance;
  readonly trailArn: string;
  /** The account that owns the trail: the management account of an organization trail. */
  readonly owner: string;
  readonly bucketArn: string;
  /** The account that holds the log bucket: this one, or a log archive's. */
  readonly bucketAccount: string;
  readonly organization?: { readonly id: string; readonly memberAccountIds: readonly string[] };
  readonly prefix: string;
  readonly keyArn: string;
  readonly logGroupArn?: string;
  readonly roleArn?: string;
  readonly regions: readonly string[];
  readonly subject: ProofSubject;
}

function deliveryOf(subject: ProofSubject, trail: Instance): Delivery {
  const attributes = trail.attributes;
  const keyPrefix = attributes.s3_key_prefix as string | undefined;
  const home = subject.location.region;
  const bucketName = attributes.s3_bucket_name as string;
  const holder = subject.holderOfBucket(bucketName);
  if (!holder) throw new ExpressionError(`${trail.address} delivers to ${bucketName}, which no stack of the proof creates`);
  // The management account owns an organization trail, whoever created it: its ARN names that account.
  const owner = subject.trailOwnerAccountId;
  const organization = subject.options.organization;
  if ((attributes.is_organization_trail === true) !== (organization !== undefined)) {
    throw new ExpressionError(`${trail.address}: is_organization_trail is ${String(attributes.is_organization_trail)}, and the definition ${organization ? 'names' : 'names no'} organization`);
  }
  return {
    trail,
    trailArn: `arn:${subject.partition}:cloudtrail:${home}:${owner}:trail/${attributes.name}`,
    owner,
    organization,
    bucketArn: subject.bucketArn(bucketName),
    bucketAccount: holder.accountId,
    prefix: keyPrefix ? `${keyPrefix}/` : '',
    keyArn: attributes.kms_key_id as string,
    logGroupArn: attributes.cloud_watch_logs_group_arn ? withoutWildcardSuffix(attributes.cloud_watch_logs_group_arn as string) : undefined,
    roleArn: attributes.cloud_watch_logs_role_arn as string | undefined,
    // A multi-region trail writes every region's events under that region's name, with its home ARN.
    regions: attributes.is_multi_region_trail === false ? [home] : [home, anotherRegion(subject)],
    subject,
  };
}

/** `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<time>_<unique>.json.gz`. */
function logFileKey(prefix: string, accountId: string, region: string): string {
  return `${prefix}AWSLogs/${accountId}/CloudTrail/${region}/${SAMPLE_TIME.date}/${accountId}_CloudTrail_${region}_${SAMPLE_TIME.stamp}_Mu0KsOhtH1ar15ZZ.json.gz`;
}

/** Everything CloudTrail's delivery needs, and what it must not be able to do for anyone else. */
export function cloudTrailDelivery(subject: ProofSubject): Interaction[] {
  return subject.instances('aws_cloudtrail').flatMap((trail) => {
    const delivery = deliveryOf(subject, trail);
    return [...bucketInteractions(delivery), ...keyInteractions(delivery), ...logGroupInteractions(delivery)];
  });
}

function fromTrail(trailArn: string, accountId: string) {
  return { 'aws:SourceArn': trailArn, 'aws:SourceAccount': accountId };
}

function bucketInteractions(d: Delivery): Interaction[] {
  const { subject } = d;
  const account = d.owner;
  const bucketPolicy = subject.policyOf('bucket policy', d.bucketArn);
  const bucket = (request: Omit<SimulationRequest, 'resourceAccount' | 'resourcePolicy'>): SimulationRequest => ({ ...request, resourceAccount: d.bucketAccount, resourcePolicy: bucketPolicy });
  const writes = (region: string, owner: string, context: Record<string, string>) =>
    bucket({ principal: CLOUDTRAIL, action: 's3:PutObject', resource: `${d.bucketArn}/${logFileKey(d.prefix, owner, region)}`, context });
  const ownWrite = { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromTrail(d.trailArn, account) };
  const otherTrail = d.trailArn.replace(/trail\/.*$/, 'trail/another-trail');
  const otherAccountTrail = d.trailArn.replace(`:${account}:`, `:${ANOTHER_ACCOUNT}:`);
  const interactions: Interaction[] = [
    {
      kind: 'cloudtrail-checks-the-bucket-acl',
      id: `cloudtrail-checks-the-bucket-acl:${d.bucketArn}`,
      says: 'CloudTrail reads the log bucket ACL before it delivers, for this trail',
      expect: 'allowed',
      request: bucket({ principal: CLOUDTRAIL, action: 's3:GetBucketAcl', resource: d.bucketArn, context: fromTrail(d.trailArn, account) }),
      source: CLOUDTRAIL_BUCKET_POLICY,
      alsoFrom: [CLOUDTRAIL_CONFUSED_DEPUTY],
    },
    ...d.regions.map((region, index): Interaction => ({
      kind: index === 0 ? 'cloudtrail-writes-a-log-file' : 'cloudtrail-writes-a-log-file-of-another-region',
      id: `${index === 0 ? 'cloudtrail-writes-a-log-file' : 'cloudtrail-writes-a-log-file-of-another-region'}:${region}`,
      says: `CloudTrail writes a log file of ${region} into the log bucket, under this account's path, with bucket-owner-full-control`,
      expect: 'allowed',
      request: writes(region, account, ownWrite),
      source: CLOUDTRAIL_BUCKET_POLICY,
      alsoFrom: [CLOUDTRAIL_LOG_FILE_LOCATION, CLOUDTRAIL_CONFUSED_DEPUTY],
    })),
  ];
  if (d.trail.attributes.enable_log_file_validation === true) {
    const region = subject.location.region;
    interactions.push({
      kind: 'cloudtrail-writes-a-digest-file',
      id: `cloudtrail-writes-a-digest-file:${region}`,
      says: 'CloudTrail writes a log file integrity digest into the log bucket',
      expect: 'allowed',
      request: bucket({
        principal: CLOUDTRAIL,
        action: 's3:PutObject',
        resource: `${d.bucketArn}/${d.prefix}AWSLogs/${account}/CloudTrail-Digest/${region}/${SAMPLE_TIME.date}/${account}_CloudTrail-Digest_${region}_${d.trail.attributes.name}_${region}_${SAMPLE_TIME.stamp}.json.gz`,
        context: ownWrite,
      }),
      source: CLOUDTRAIL_BUCKET_POLICY,
      alsoFrom: [CLOUDTRAIL_DIGEST_FILE_LOCATION],
    });
  }
  const home = subject.location.region;
  interactions.push(
    {
      kind: 'another-accounts-trail-writes-into-the-bucket',
      id: `another-accounts-trail-writes-into-the-bucket:${d.bucketArn}`,
      says: `A trail of account ${ANOTHER_ACCOUNT} delivers its own log files into the log bucket`,
      expect: 'denied',
      request: writes(home, ANOTHER_ACCOUNT, { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromTrail(otherAccountTrail, ANOTHER_ACCOUNT) }),
      source: CLOUDTRAIL_CONFUSED_DEPUTY,
    },
    {
      kind: 'another-accounts-trail-writes-under-this-accounts-path',
      id: `another-accounts-trail-writes-under-this-accounts-path:${d.bucketArn}`,
      says: `A trail of account ${ANOTHER_ACCOUNT} writes log files under this account's path, to forge its record`,
      expect: 'denied',
      request: writes(home, account, { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromTrail(otherAccountTrail, ANOTHER_ACCOUNT) }),
      source: CLOUDTRAIL_CONFUSED_DEPUTY,
    },
    {
      kind: 'another-trail-of-the-account-writes-into-the-bucket',
      id: `another-trail-of-the-account-writes-into-the-bucket:${d.bucketArn}`,
      says: 'Another trail of this account delivers into the log bucket',
      expect: 'denied',
      request: writes(home, account, { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromTrail(otherTrail, account) }),
      source: CLOUDTRAIL_CONFUSED_DEPUTY,
    },
    {
      kind: 'another-trail-reads-the-bucket-acl',
      id: `another-trail-reads-the-bucket-acl:${d.bucketArn}`,
      says: 'Another trail of this account reads the log bucket ACL',
      expect: 'denied',
      request: bucket({ principal: CLOUDTRAIL, action: 's3:GetBucketAcl', resource: d.bucketArn, context: fromTrail(otherTrail, account) }),
      source: CLOUDTRAIL_CONFUSED_DEPUTY,
    },
    {
      kind: 'cloudtrail-writes-without-bucket-owner-full-control',
      id: `cloudtrail-writes-without-bucket-owner-full-control:${d.bucketArn}`,
      says: 'A delivery that does not hand the object to the bucket owner (s3:x-amz-acl private)',
      expect: 'denied',
      request: writes(home, account, { ...ownWrite, 's3:x-amz-acl': 'private' }),
      source: CLOUDTRAIL_BUCKET_POLICY,
    },
    ...organizationWrites(d, writes),
    {
      kind: 'cloudtrail-writes-over-plain-http',
      id: `cloudtrail-writes-over-plain-http:${d.bucketArn}`,
      says: 'A delivery to the log bucket without TLS',
      expect: 'refused by a deny',
      request: writes(home, account, { ...ownWrite, ...OVER_PLAIN_HTTP }),
      source: S3_TLS_ONLY,
    },
  );
  return interactions;
}

/**
 * An organization trail writes every account's log files under the organization id, and nothing
 * else may: not another organization's trail, not a member account's own trail.
 */
function organizationWrites(d: Delivery, writes: (region: string, owner: string, context: Record<string, string>) => SimulationRequest): Interaction[] {
  if (!d.organization) return [];
  const { id, memberAccountIds } = d.organization;
  const home = d.subject.location.region;
  const underOrganization = (account: string, region: string, trailArn: string, sourceAccount: string, organizationId = id) => ({
    ...writes(region, account, { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromTrail(trailArn, sourceAccount) }),
    resource: `${d.bucketArn}/${d.prefix}AWSLogs/${organizationId}/${logFileKey('', account, region).replace(/^AWSLogs\//, '')}`,
  });
  const otherOrganizationTrail = d.trailArn.replace(`:${d.owner}:`, `:${ANOTHER_ACCOUNT}:`);
  return [
    ...[d.owner, ...memberAccountIds].map((account): Interaction => ({
      kind: 'organization-trail-writes-an-accounts-log-file',
      id: `organization-trail-writes-an-accounts-log-file:${account}`,
      says: `The organization trail writes a log file of account ${account} under AWSLogs/${id}/`,
      expect: 'allowed',
      request: underOrganization(account, home, d.trailArn, d.owner),
      source: CLOUDTRAIL_BUCKET_POLICY,
      alsoFrom: [CLOUDTRAIL_LOG_FILE_LOCATION],
    })),
    {
      kind: 'another-organizations-trail-writes-into-the-bucket',
      id: `another-organizations-trail-writes-into-the-bucket:${d.bucketArn}`,
      says: `The organization trail of another organization (management account ${ANOTHER_ACCOUNT}) writes under its own organization id`,
      expect: 'denied',
      request: underOrganization(ANOTHER_ACCOUNT, home, otherOrganizationTrail, ANOTHER_ACCOUNT, 'o-0therorg000'),
      source: CLOUDTRAIL_CONFUSED_DEPUTY,
    },
    {
      kind: 'another-organizations-trail-writes-under-this-organization',
      id: `another-organizations-trail-writes-under-this-organization:${d.bucketArn}`,
      says: `The organization trail of another organization writes under this organization's id, to forge a member's record`,
      expect: 'denied',
      request: underOrganization(memberAccountIds[0] ?? d.owner, home, otherOrganizationTrail, ANOTHER_ACCOUNT),
      source: CLOUDTRAIL_CONFUSED_DEPUTY,
    },
    ...memberAccountIds.slice(0, 1).map((member): Interaction => ({
      kind: 'a-member-accounts-own-trail-writes-into-the-bucket',
      id: `a-member-accounts-own-trail-writes-into-the-bucket:${member}`,
      says: `A trail that member account ${member} created for itself writes under its own account path`,
      expect: 'denied',
      request: writes(home, member, { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromTrail(d.trailArn.replace(`:${d.owner}:`, `:${member}:`), member) }),
      source: CLOUDTRAIL_CONFUSED_DEPUTY,
    })),
  ];
}

function keyInteractions(d: Delivery): Interaction[] {
  const { subject } = d;
  const account = d.owner;
  const keyAccount = d.keyArn.split(':')[4];
  const keyPolicy = subject.policyOf('key policy', d.keyArn);
  const key = (action: string, context: Record<string, string>): SimulationRequest => ({ principal: CLOUDTRAIL, action, resource: d.keyArn, resourceAccount: keyAccount, context, resourcePolicy: keyPolicy });
  const encryptFor = (trailArn: string, owner: string) => key('kms:GenerateDataKey', { 'kms:EncryptionContext:aws:cloudtrail:arn': trailArn, ...fromTrail(trailArn, owner) });
  const otherTrail = d.trailArn.replace(/trail\/.*$/, 'trail/another-trail');
  const otherAccountTrail = d.trailArn.replace(`:${account}:`, `:${ANOTHER_ACCOUNT}:`);
  const usesBucketKey = subject
    .allStacks()
    .flatMap((stack) => stack.instances('aws_s3_bucket_server_side_encryption_configuration'))
    .some((configuration) => subject.bucketArn(configuration.attributes.bucket as string) === d.bucketArn && (configuration.attributes.rule as { bucket_key_enabled?: boolean }[])[0]?.bucket_key_enabled === true);
  return [
    {
      kind: 'cloudtrail-encrypts-a-log-file',
      id: `cloudtrail-encrypts-a-log-file:${d.keyArn}`,
      says: "CloudTrail asks the trail key for a data key, with the trail's ARN as encryption context",
      expect: 'allowed',
      request: encryptFor(d.trailArn, account),
      source: CLOUDTRAIL_KMS_KEY_POLICY,
    },
    ...(usesBucketKey
      ? [{
          kind: 'cloudtrail-decrypts-with-the-bucket-key',
          id: `cloudtrail-decrypts-with-the-bucket-key:${d.keyArn}`,
          says: 'CloudTrail decrypts with the trail key, which it must be able to do when the log bucket uses an S3 Bucket Key',
          expect: 'allowed' as const,
          request: key('kms:Decrypt', fromTrail(d.trailArn, account)),
          source: CLOUDTRAIL_KMS_KEY_POLICY,
        }]
      : []),
    {
      kind: 'cloudtrail-describes-the-key',
      id: `cloudtrail-describes-the-key:${d.keyArn}`,
      says: 'CloudTrail describes the trail key',
      expect: 'allowed',
      request: key('kms:DescribeKey', fromTrail(d.trailArn, account)),
      source: CLOUDTRAIL_KMS_KEY_POLICY,
    },
    {
      kind: 'another-trail-encrypts-with-the-key',
      id: `another-trail-encrypts-with-the-key:${d.keyArn}`,
      says: 'Another trail of this account encrypts its log files with the trail key',
      expect: 'denied',
      request: encryptFor(otherTrail, account),
      source: CLOUDTRAIL_KMS_KEY_POLICY,
    },
    {
      kind: 'another-accounts-trail-encrypts-with-the-key',
      id: `another-accounts-trail-encrypts-with-the-key:${d.keyArn}`,
      says: `A trail of account ${ANOTHER_ACCOUNT} encrypts its log files with the trail key`,
      expect: 'denied',
      request: encryptFor(otherAccountTrail, ANOTHER_ACCOUNT),
      source: CLOUDTRAIL_KMS_KEY_POLICY,
    },
    {
      kind: 'another-trail-decrypts-with-the-key',
      id: `another-trail-decrypts-with-the-key:${d.keyArn}`,
      says: 'Another trail of this account decrypts with the trail key',
      expect: 'denied',
      request: key('kms:Decrypt', fromTrail(otherTrail, account)),
      source: CLOUDTRAIL_KMS_KEY_POLICY,
    },
  ];
}

function logGroupInteractions(d: Delivery): Interaction[] {
  if (!d.roleArn || !d.logGroupArn) return [];
  const { subject } = d;
  const account = subject.accountId;
  const roleName = d.roleArn.split('/').pop() as string;
  const session = `arn:${subject.partition}:sts::${account}:assumed-role/${roleName}/cloudtrail-delivery`;
  const identityPolicies = subject.identityPoliciesOf(d.roleArn);
  const trust = subject.policyOf('trust policy', d.roleArn);
  const assume = (principal: string, extra: Partial<SimulationRequest> = {}): SimulationRequest => ({
    principal, action: 'sts:AssumeRole', resource: d.roleArn as string, resourceAccount: account, context: {}, resourcePolicy: trust, ...extra,
  });
  const onStream = (action: string, stream: string, logGroupArn = d.logGroupArn as string): SimulationRequest => ({
    principal: session, action, resource: `${logGroupArn}:log-stream:${stream}`, resourceAccount: account, context: OVER_TLS, identityPolicies,
  });
  const admin = administrator(account, subject.partition);
  const otherGroup = (d.logGroupArn as string).replace(/log-group:.*$/, 'log-group:/aws/lambda/another-function');
  return [
    {
      kind: 'cloudtrail-assumes-the-delivery-role',
      id: `cloudtrail-assumes-the-delivery-role:${d.roleArn}`,
      says: 'CloudTrail assumes the delivery role (it sends no aws:SourceArn here: confused-deputy keys are documented as not applicable)',
      expect: 'allowed',
      request: assume(CLOUDTRAIL),
      source: CLOUDTRAIL_ROLE_POLICY,
    },
    ...(d.organization ? [d.owner, ...d.organization.memberAccountIds] : []).flatMap((member): Interaction[] =>
      ['logs:CreateLogStream', 'logs:PutLogEvents'].map((action): Interaction => ({
        kind: 'delivery-role-writes-an-organization-stream',
        id: `delivery-role-writes-an-organization-stream:${member}:${action}`,
        says: `The delivery role calls ${action} on the organization trail's stream of account ${member}`,
        expect: 'allowed',
        request: onStream(action, `${d.organization?.id}_${member}_CloudTrail_${subject.location.region}`),
        source: CLOUDTRAIL_ROLE_POLICY,
        alsoFrom: [CLOUDTRAIL_LOG_STREAM_NAMES],
      })),
    ),
    ...d.regions.flatMap((region, index): Interaction[] =>
      ['logs:CreateLogStream', 'logs:PutLogEvents'].map((action): Interaction => {
        const kind = `delivery-role-${action === 'logs:CreateLogStream' ? 'creates-a-log-stream' : 'puts-log-events'}${index === 0 ? '' : '-of-another-region'}`;
        return {
          kind,
          id: `${kind}:${region}`,
          says: `The delivery role ${action === 'logs:CreateLogStream' ? 'creates' : 'puts events into'} the stream ${account}_CloudTrail_${region} of the trail's log group`,
          expect: 'allowed',
          request: onStream(action, `${account}_CloudTrail_${region}`),
          source: CLOUDTRAIL_ROLE_POLICY,
          alsoFrom: [CLOUDTRAIL_LOG_STREAM_NAMES],
        };
      }),
    ),
    {
      kind: 'another-service-assumes-the-delivery-role',
      id: `another-service-assumes-the-delivery-role:${d.roleArn}`,
      says: 'Another AWS service (EC2) assumes the delivery role',
      expect: 'denied',
      request: assume('ec2.amazonaws.com'),
      source: CLOUDTRAIL_ROLE_POLICY,
    },
    {
      kind: 'administrator-assumes-the-delivery-role',
      id: `administrator-assumes-the-delivery-role:${d.roleArn}`,
      says: 'An administrator of the account assumes the delivery role to write forged events',
      expect: 'denied',
      request: assume(admin.arn, { identityPolicies: admin.policies, context: OVER_TLS }),
      source: CLOUDTRAIL_ROLE_POLICY,
    },
    {
      kind: 'delivery-role-writes-another-log-group',
      id: `delivery-role-writes-another-log-group:${d.roleArn}`,
      says: 'The delivery role writes into another log group',
      expect: 'denied',
      request: onStream('logs:PutLogEvents', `${account}_CloudTrail_${subject.location.region}`, otherGroup),
      source: CLOUDTRAIL_ROLE_POLICY,
    },
    {
      kind: 'delivery-role-writes-a-stream-cloudtrail-does-not-name',
      id: `delivery-role-writes-a-stream-cloudtrail-does-not-name:${d.roleArn}`,
      says: "The delivery role writes a stream of the trail's group that CloudTrail would not name so",
      expect: 'denied',
      request: onStream('logs:PutLogEvents', 'forged-events'),
      source: CLOUDTRAIL_LOG_STREAM_NAMES,
    },
    {
      kind: 'delivery-role-reads-the-log-bucket',
      id: `delivery-role-reads-the-log-bucket:${d.roleArn}`,
      says: 'The delivery role reads a log file from the log bucket',
      expect: 'denied',
      request: {
        principal: session,
        action: 's3:GetObject',
        resource: `${d.bucketArn}/${logFileKey(d.prefix, account, subject.location.region)}`,
        resourceAccount: account,
        context: OVER_TLS,
        identityPolicies,
        resourcePolicy: subject.policyOf('bucket policy', d.bucketArn),
      },
      source: CLOUDTRAIL_ROLE_POLICY,
    },
  ];
}
