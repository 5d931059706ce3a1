import { trailLogGroupName } from '../modules/trail-log-group-name';

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

export function resourceNames(env: { name: string; namePrefix: string; accountId: string }): ResourceNames {
  return resourceNamesOf(`${env.namePrefix}-${env.name}`, env.accountId);
}

/** The names from their base, `<prefix>-<env>` for the stacks, the `name` input for the module. */
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
