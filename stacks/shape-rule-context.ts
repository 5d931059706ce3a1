import type { RuleContext } from '../modules/compliance/rule';
import { EnvironmentSettings } from './environment-schema';
import { logArchiveStackName, resourceNames } from './resource-names';

/** What the compliance pack holds one of an environment's stacks to: what the environment asked for, and its shape. */
export function complianceContext(env: EnvironmentSettings, stack: 'trail' | 'log-archive', accountId: string): RuleContext {
  const names = resourceNames(env);
  return {
    recordsDataEventReads: env.dataEventReadWriteType === 'All',
    objectLock: env.objectLock !== undefined,
    blockDestructiveChanges: env.blockDestructiveChanges,
    logBucketName: names.logBucketName,
    accessLogBucketName: names.accessLogBucketName,
    accountId,
    ...shapeRuleContext(env, stack),
  };
}

/**
 * What the compliance pack must know of an environment's shape to judge one of its stacks: which
 * stack holds what (rules that judge what a stack does not hold are reported not applicable, with
 * where it is instead), and the accounts an organization trail answers for.
 */
export function shapeRuleContext(env: EnvironmentSettings, stack: 'trail' | 'log-archive'): Pick<RuleContext, 'elsewhere' | 'logArchiveKmsKeyArn' | 'coveredAccounts' | 'organizationId'> {
  const archive = logArchiveStackName(env.name);
  const elsewhere: RuleContext['elsewhere'] =
    stack === 'log-archive'
      ? {
          trail: `the trail is in stack ${env.name}, judged there; this stack holds its log bucket in the log-archive account ${env.logArchive?.accountId}`,
          detections: `the log group, detections and alarm topics are in stack ${env.name}, judged there`,
          managementEvents: `the trail is in stack ${env.name}, judged there`,
        }
      : {
          ...(env.logArchive && { logBucket: `the log bucket, its access-log bucket and its key are in stack ${archive} (log-archive account ${env.logArchive.accountId}), judged there` }),
          ...(env.existingTrail && {
            managementEvents: `management events come from the existing trail that delivers to ${env.existingTrail.logGroupName}; this environment's trail records S3 data events only, by design`,
          }),
        };
  return {
    ...(Object.keys(elsewhere).length > 0 && { elsewhere }),
    ...(stack === 'trail' && env.logArchive?.kmsKeyArn && { logArchiveKmsKeyArn: env.logArchive.kmsKeyArn }),
    ...(stack === 'trail' && env.organization && { coveredAccounts: [env.accountId, ...env.organization.memberAccountIds], organizationId: env.organization.id }),
  };
}
