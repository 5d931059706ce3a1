import { trailLogGroupName } from '../modules/trail-log-group';

/** The naming convention: every physical name a stack creates derives from prefix, environment and account. */
export interface ResourceNames {
  readonly trailName: string;
  readonly logBucketName: string;
  /** Prefix of alarm, topic and metric filter names: `<prefix>-<env>`. */
  readonly alarmNamePrefix: string;
  readonly logGroupName: string;
}

export function resourceNames(env: { name: string; namePrefix: string; accountId: string }): ResourceNames {
  const base = `${env.namePrefix}-${env.name}`;
  return {
    trailName: `${base}-s3-audit`,
    // Bucket names are global across all AWS accounts; the account id keeps this one unique.
    logBucketName: `${base}-audit-logs-${env.accountId}`,
    alarmNamePrefix: base,
    logGroupName: trailLogGroupName(`${base}-s3-audit`),
  };
}
