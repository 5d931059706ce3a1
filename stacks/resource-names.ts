import { trailLogGroupName } from '../modules/trail-log-group-name';
import { trailStackAccountId } from './trail-shape-schema';

/** The naming convention: every physical name a stack creates derives from prefix, environment and account. */
export interface ResourceNames {
  readonly trailName: string;
  readonly logBucketName: string;
  /** Receives the log bucket's S3 server access logs. */
  readonly accessLogBucketName: string;
  /** Prefix of alarm, topic and metric filter names: `<prefix>-<env>`. */
  readonly alarmNamePrefix: string;
  readonly logGroupName: string;
}

/** What decides the names: the environment, and which account holds the log bucket. */
export interface NamedEnvironment {
  readonly name: string;
  readonly namePrefix: string;
  readonly accountId: string;
  readonly organization?: { readonly delegatedAdministratorAccountId?: string };
  readonly logArchive?: { readonly accountId: string };
}

export function resourceNames(env: NamedEnvironment): ResourceNames {
  return resourceNamesOf(`${env.namePrefix}-${env.name}`, logBucketAccountId(env));
}

/** The account that holds the log bucket and its access-log bucket: the log archive's, else the trail stack's. */
export function logBucketAccountId(env: NamedEnvironment): string {
  return env.logArchive?.accountId ?? trailStackAccountId(env);
}

/** The log-archive stack's name: the environment's, suffixed. */
export function logArchiveStackName(envName: string): string {
  return `${envName}-log-archive`;
}

/** The names from their base and the account that holds the buckets (bucket names are global). */
export function resourceNamesOf(base: string, accountId: string): ResourceNames {
  const trailName = `${base}-s3-audit`;
  return {
    trailName,
    // Bucket names are global across all AWS accounts; the account id keeps this one unique.
    logBucketName: `${base}-audit-logs-${accountId}`,
    accessLogBucketName: `${base}-access-logs-${accountId}`,
    alarmNamePrefix: base,
    logGroupName: trailLogGroupName(trailName),
  };
}

/** Tags every stack puts on every resource, over the environment's own. */
export const STACK_TAG_KEYS = ['Environment', 'ManagedBy'] as const;

export function stackTags(env: { name: string; tags: Readonly<Record<string, string>> }): Record<string, string> {
  return { ...env.tags, Environment: env.name, ManagedBy: 's3-audit-trail' };
}
