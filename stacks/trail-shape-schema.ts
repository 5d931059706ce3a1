import { z } from 'zod';
import { AWS_REGIONS, partitionOf } from './aws-regions';
import { backendSchema } from './backend-schema';
import { show } from './show-value';
import { strictObjectError } from './unknown-fields';

/**
 * How an environment's trail fits an AWS Organization: an organization trail, a log archive in
 * another account, and side by side with a trail that already records management events (AWS
 * Control Tower's). Left out, an environment is one account with a trail of its own, as before.
 */

const ACCOUNT_ID = /^\d{12}$/;
// AWS Organizations API Reference, Organization.Id: "o-" followed by 10 to 32 lowercase letters or digits.
// Patterns as strings too: the exported module's variable validations use them (module-variables.ts).
export const ORGANIZATION_ID_PATTERN = '^o-[a-z0-9]{10,32}$';
export const ORGANIZATION_ID_EXPECTED = 'expected "o-" followed by 10 to 32 lowercase letters or digits';
const ORGANIZATION_ID = new RegExp(ORGANIZATION_ID_PATTERN);
const KMS_KEY_ARN = /^arn:(aws|aws-cn|aws-us-gov):kms:([a-z0-9-]+):(\d{12}):key\/[A-Za-z0-9-]+$/;
// CloudWatch Logs API Reference, CreateLogGroup: 1 to 512 of [\.\-_/#A-Za-z0-9].
export const LOG_GROUP_NAME_PATTERN = '^[-._/#A-Za-z0-9]{1,512}$';
export const LOG_GROUP_NAME_EXPECTED = 'expected 1 to 512 letters, digits and . - _ / #';
const LOG_GROUP_NAME = new RegExp(LOG_GROUP_NAME_PATTERN);

const accountId = (what: string) =>
  z
    .string({ error: (iss) => `${show(iss.input)} is not a string; expected ${what}, a 12-digit AWS account id in quotes` })
    .regex(ACCOUNT_ID, { error: (iss) => `${show(iss.input)} is not a 12-digit AWS account id; expected ${what}` });

export const organizationSchema = z.strictObject(
  {
    /** The organization's id, `o-` and 10 to 32 lowercase letters or digits. */
    id: z
      .string({ error: (iss) => `${show(iss.input)} is not a string; expected an organization id such as "o-a1b2c3d4e5"` })
      .regex(ORGANIZATION_ID, { error: (iss) => `${show(iss.input)} is not an organization id; ${ORGANIZATION_ID_EXPECTED}` }),
    /**
     * Member accounts whose buckets the definition may watch (the management account, the
     * environment's `accountId`, is one already). The trail records every account of the
     * organization whether listed or not.
     * @default none
     */
    memberAccountIds: z
      .array(accountId('a member account'), { error: (iss) => `${show(iss.input)} is not accepted; expected a list of 12-digit account ids` })
      .default([]),
    /**
     * The CloudTrail delegated administrator that creates and manages the trail, where this
     * environment's stack is applied; the management account still owns the trail.
     * @default none: the stack is applied in the management account
     */
    delegatedAdministratorAccountId: accountId('the CloudTrail delegated administrator account').optional(),
  },
  { error: strictObjectError((iss) => `${show(iss.input)} is not accepted; expected { "id": "o-...", "memberAccountIds"?: [...], "delegatedAdministratorAccountId"?: "..." }`) },
);

export const logArchiveSchema = z.strictObject(
  {
    /** The log-archive account: the log bucket, its access-log bucket and its key live there, in a stack of their own. */
    accountId: accountId('the log-archive account'),
    /**
     * Region of the log bucket and its key.
     * @default the environment's region
     */
    region: z
      .string({ error: (iss) => `${show(iss.input)} is not a string; expected an AWS region such as "us-east-1"` })
      .refine((region) => AWS_REGIONS.includes(region), { error: (iss) => `${show(iss.input)} is not a known AWS region; accepted: ${AWS_REGIONS.join(', ')}` })
      .optional(),
    /**
     * The log-archive stack's key (its `kms_key_arn` output), once that stack is applied. CloudTrail
     * needs the key's own ARN: it echoes a key ARN for an alias, which would plan a change forever.
     * @default none: synth writes the log-archive stack only, and says what to do next
     */
    kmsKeyArn: z
      .string({ error: (iss) => `${show(iss.input)} is not a string; expected the log-archive stack's kms_key_arn output` })
      .regex(KMS_KEY_ARN, { error: (iss) => `${show(iss.input)} is not a KMS key ARN; expected arn:<partition>:kms:<region>:<account>:key/<key id>, the log-archive stack's kms_key_arn output` })
      .optional(),
    /**
     * Where the log-archive stack keeps its Terraform state.
     * @default a local state file beside the environment's, terraform.<env>-log-archive.tfstate
     */
    backend: backendSchema.optional(),
  },
  { error: strictObjectError((iss) => `${show(iss.input)} is not accepted; expected { "accountId": "...", "region"?: "...", "kmsKeyArn"?: "...", "backend"?: {...} }`) },
);

export const existingTrailSchema = z.strictObject(
  {
    /**
     * The log group that trail delivers to, in this environment's account and region: for AWS
     * Control Tower, `aws-controltower/CloudTrailLogs` in the management account.
     */
    logGroupName: z
      .string({ error: (iss) => `${show(iss.input)} is not a string; expected a log group name such as "aws-controltower/CloudTrailLogs"` })
      .regex(LOG_GROUP_NAME, { error: (iss) => `${show(iss.input)} is not a log group name CloudWatch Logs accepts; ${LOG_GROUP_NAME_EXPECTED}` }),
  },
  { error: strictObjectError((iss) => `${show(iss.input)} is not accepted; expected { "logGroupName": "aws-controltower/CloudTrailLogs" }`) },
);

/** What the shape fields of an environment look like to the cross-field checks below. */
interface ShapeFields {
  readonly accountId: string;
  readonly region: string;
  readonly organization?: z.output<typeof organizationSchema>;
  readonly logArchive?: z.output<typeof logArchiveSchema>;
  readonly existingTrail?: z.output<typeof existingTrailSchema>;
  /** As given: undefined when the definition leaves it out. */
  readonly managementEventReadWriteType?: string;
  readonly watchedBuckets: unknown;
}

export interface ShapeProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

/** The account the environment's trail stack is applied in: the delegated administrator's, else `accountId`. */
export function trailStackAccountId(env: { accountId: string; organization?: { delegatedAdministratorAccountId?: string } }): string {
  return env.organization?.delegatedAdministratorAccountId ?? env.accountId;
}

/** Checks between the shape fields and the rest of the environment, each naming the field at fault. */
export function trailShapeProblems(env: ShapeFields): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  const { organization, logArchive, existingTrail } = env;
  if (organization) {
    const admin = organization.delegatedAdministratorAccountId;
    if (admin === env.accountId) {
      problems.push({
        path: ['organization', 'delegatedAdministratorAccountId'],
        message: `${show(admin)} is the management account (the environment's accountId); a delegated administrator is another member account. Leave the field out to apply the stack in the management account`,
      });
    }
    organization.memberAccountIds.forEach((member, index) => {
      if (member === env.accountId) {
        problems.push({ path: ['organization', 'memberAccountIds', index], message: `${show(member)} is the management account (the environment's accountId), which the trail records already; list member accounts only` });
      } else if (organization.memberAccountIds.indexOf(member) !== index) {
        problems.push({ path: ['organization', 'memberAccountIds', index], message: `${show(member)} is listed more than once; list each account once` });
      }
    });
  }
  if (logArchive) {
    const trailAccount = trailStackAccountId(env);
    if (logArchive.accountId === trailAccount) {
      problems.push({
        path: ['logArchive', 'accountId'],
        message: `${show(logArchive.accountId)} is the account the trail stack is applied in; a log archive lives in another account. Leave logArchive out to keep the log bucket beside the trail`,
      });
    }
    const key = logArchive.kmsKeyArn ? KMS_KEY_ARN.exec(logArchive.kmsKeyArn) : null;
    const region = logArchive.region ?? env.region;
    if (key && (key[3] !== logArchive.accountId || key[2] !== region)) {
      problems.push({
        path: ['logArchive', 'kmsKeyArn'],
        message: `${show(logArchive.kmsKeyArn)} is not a key of the log-archive account ${logArchive.accountId} in ${region}; expected the log-archive stack's kms_key_arn output`,
      });
    }
    if (logArchive.region && partitionOf(logArchive.region) !== partitionOf(env.region)) {
      problems.push({ path: ['logArchive', 'region'], message: `${show(logArchive.region)} is in partition ${partitionOf(logArchive.region)}; the trail is in ${partitionOf(env.region)}, and CloudTrail delivers within its partition` });
    }
  }
  if (existingTrail && organization?.delegatedAdministratorAccountId !== undefined) {
    // The stack goes to the delegated administrator's account, where the existing trail's log group
    // (Control Tower's is in the management account) is not: no metric filter could be put on it.
    problems.push({
      path: ['organization', 'delegatedAdministratorAccountId'],
      message:
        `${show(organization.delegatedAdministratorAccountId)} would apply the stack in that account, but existingTrail.logGroupName ${show(existingTrail.logGroupName)} is in the management account ` +
        `(the environment's accountId), where its metric filters must go. Leave delegatedAdministratorAccountId out beside an existing trail`,
    });
  }
  if (existingTrail && env.managementEventReadWriteType !== undefined) {
    problems.push({
      path: ['managementEventReadWriteType'],
      message: `${show(env.managementEventReadWriteType)} asks for management events, which the existing trail (existingTrail) records already; this environment's trail records S3 data events only. Remove managementEventReadWriteType`,
    });
  }
  const members = new Set([env.accountId, ...(organization?.memberAccountIds ?? [])]);
  if (Array.isArray(env.watchedBuckets)) {
    env.watchedBuckets.forEach((entry, index) => {
      const bucketAccount = typeof entry === 'object' && entry !== null ? (entry as { accountId?: unknown }).accountId : undefined;
      if (typeof bucketAccount !== 'string') {
        if (organization) {
          problems.push({
            path: ['watchedBuckets', index],
            message: `${show(typeof entry === 'object' && entry !== null && 'name' in entry ? (entry as { name: unknown }).name : entry)} does not say which account of the organization holds the bucket; expected { "name": ..., "accountId": ... } with the management account or one of organization.memberAccountIds`,
          });
        }
        return;
      }
      if (!members.has(bucketAccount)) {
        problems.push({
          path: ['watchedBuckets', index, 'accountId'],
          message: organization
            ? `${show(bucketAccount)} is neither the management account (${env.accountId}) nor one of organization.memberAccountIds (${organization.memberAccountIds.join(', ') || 'none'}); add it there, or fix the account`
            : `${show(bucketAccount)} is not this environment's account (${env.accountId}); a trail of one account records that account's buckets only. Use an organization trail (organization) to watch buckets of other accounts`,
        });
      }
    });
  }
  return problems;
}
