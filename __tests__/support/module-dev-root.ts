import { EnvironmentSettings } from '../../stacks/environment-schema';
import { stackTags } from '../../stacks/resource-names';

/** A root module that calls the exported module with an environment's values, as a user would. */
export function moduleRootFor(env: EnvironmentSettings, moduleDir: string): string {
  const hcl = (value: unknown) => JSON.stringify(value);
  const detections = Object.fromEntries(
    Object.entries(env.detections).map(([id, o]) => [
      id,
      Object.fromEntries(
        Object.entries({ enabled: o?.enabled, threshold: o?.threshold, evaluation_periods: o?.evaluationPeriods, period_seconds: o?.periodSeconds }).filter(([, v]) => v !== undefined),
      ),
    ]),
  );
  const objectLiteral = (value: Record<string, unknown>): string =>
    `{ ${Object.entries(value).map(([k, v]) => `${hcl(k)} = ${typeof v === 'object' && v !== null && !Array.isArray(v) ? objectLiteral(v as Record<string, unknown>) : hcl(v)}`).join(', ')} }`;
  const bucketIntents = Object.fromEntries(
    env.bucketIntents.map((intent) => [intent.name, { expected_writers: intent.expectedWriters, immutable_prefixes: intent.immutablePrefixes }]),
  );
  const { bandWidth, periodSeconds, evaluationPeriods, enabled } = env.unusualVolume;
  const unusualVolume = Object.fromEntries(
    Object.entries({ band_width: bandWidth, period_seconds: periodSeconds, evaluation_periods: evaluationPeriods, enabled }).filter(([, v]) => v !== undefined),
  );
  return `provider "aws" {
  region              = ${hcl(env.region)}
  allowed_account_ids = [${hcl(env.accountId)}]
  default_tags {
    tags = ${objectLiteral(stackTags(env))}
  }
}

module "audit" {
  source                           = ${hcl(moduleDir)}
  name                             = ${hcl(`${env.namePrefix}-${env.name}`)}
  watched_buckets                  = ${hcl(env.watchedBuckets === 'all' ? [] : env.watchedBuckets)}
  data_event_read_write_type       = ${hcl(env.dataEventReadWriteType)}
  management_event_read_write_type = ${hcl(env.managementEventReadWriteType)}
  log_retention_days               = ${env.logRetentionDays}
  log_transition_after_days        = ${env.logBucketLifecycle.transitionAfterDays}
  log_expire_after_days            = ${env.logBucketLifecycle.expireAfterDays}
  alarm_emails                     = ${hcl(env.alarmEmails)}
  silence_alarm_after_minutes      = ${env.silenceAlarmAfterMinutes ?? 60}
  detections                       = ${objectLiteral(detections)}
  bucket_intents                   = ${objectLiteral(bucketIntents)}
  unusual_volume                   = ${objectLiteral(unusualVolume)}
  fast_path                        = ${env.fastPath}
}
`;
}
