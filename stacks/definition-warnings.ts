import { RETIRED_RULES } from '../modules/compliance/pack';
import { DETECTION_CATALOG } from '../modules/detections';
import { EnvironmentSettings } from './environment-schema';
import { logArchiveStackName } from './resource-names';
import { PROJECT_RUNBOOK_BASE_URL } from '../modules/alarm-description';
import { RUNBOOK_EXAMPLE_ADVICE } from './runbook-url-schema';

/**
 * Definitions AWS accepts and the stack builds, but that leave a gap a reviewer should see:
 * printed by synth, never fatal.
 */
export function definitionWarnings(environments: readonly EnvironmentSettings[]): string[] {
  return [...environments.flatMap(environmentWarnings), ...managementEventsRecordedTwice(environments)];
}

function environmentWarnings(env: EnvironmentSettings): string[] {
  const where = `environment "${env.name}"`;
  const warnings: string[] = [];
  if (env.alarmEmails.length === 0 && env.chatChannel?.alarms !== 'all') {
    warnings.push(
      `${where}, field alarmEmails: is empty, so the alarms notify nobody. Add an address, or subscribe your own endpoint to the alarm topic`,
    );
  }
  if (env.paging && env.paging.emailAddresses.length === 0 && env.chatChannel?.alarms !== 'paged') {
    warnings.push(
      `${where}, field paging.emailAddresses: is empty, so the paging topic pages nobody. Add your pager's email address, or subscribe its endpoint to the paging topic (output paging_topic_arn)`,
    );
  }
  if (env.managementEventReadWriteType === 'WriteOnly') {
    warnings.push(
      `${where}, field managementEventReadWriteType: "WriteOnly" leaves read-only calls unrecorded, so denied reads never reach ` +
        'cis-unauthorized-api-calls, and Security Hub\'s CIS controls (CloudWatch.1-14) expect a trail recording "All"',
    );
  }
  if (env.runbookBaseUrl === PROJECT_RUNBOOK_BASE_URL) {
    warnings.push(`${where}, field runbookBaseUrl: ${JSON.stringify(env.runbookBaseUrl)} is the example company's URL, which does not exist; ${RUNBOOK_EXAMPLE_ADVICE}`);
  }
  if (env.cisText === 'cis-v6.0.0') {
    warnings.push(
      `${where}, field cisText: "cis-v6.0.0" writes CIS v6.0.0's unauthorized-API-calls filter, which Security Hub's CloudWatch.2 ` +
        'fails: the CloudWatch.1-14 controls check the CIS v1.2.0 / v1.4.0 text, term for term. Keep "security-hub" if those controls must pass',
    );
  }
  const enabled = DETECTION_CATALOG.filter((detection) => env.detections[detection.id]?.enabled !== false);
  if (enabled.length === 0) {
    warnings.push(`${where}, field detections: every detection is disabled; only the delivery alarm remains`);
  }
  if (env.backend.type === 's3' && env.backend.dynamodbTable && !env.backend.useLockfile) {
    warnings.push(
      `${where}, field backend.dynamodbTable: DynamoDB state locking is deprecated since Terraform 1.11; set useLockfile: true (S3-native lock files), and keep the table only while every user upgrades`,
    );
  }
  if (env.backend.type === 's3' && !env.backend.encrypt) {
    warnings.push(`${where}, field backend.encrypt: false stores the state, with every resource's attributes, unencrypted`);
  }
  env.suppressions.forEach((suppression, index) => {
    const retired = RETIRED_RULES[suppression.rule];
    if (retired) warnings.push(`${where}, field suppressions[${index}]: "${suppression.rule}" is no longer a rule: ${retired}. Remove this suppression`);
  });
  if (env.organization && env.watchedBuckets === 'all') {
    // Data events are billed per event (AWS CloudTrail pricing), and every other trail's log bucket
    // in the organization (Control Tower's included) is then a watched bucket.
    warnings.push(
      `${where}, field watchedBuckets: "all" with an organization trail records object-level events of every bucket in every account of the organization, ` +
        "other trails' log buckets included, where each log file delivered becomes a billed data event. List the buckets to watch instead",
    );
  }
  if (env.logArchive && !env.logArchive.kmsKeyArn) {
    warnings.push(
      `${where}, field logArchive.kmsKeyArn: is not set yet, so synth writes stack ${logArchiveStackName(env.name)} only. Apply it with the ` +
        `log-archive account's credentials (${env.logArchive.accountId}), then set logArchive.kmsKeyArn to its kms_key_arn output and synth again for the trail's stack ${env.name}`,
    );
  }
  return warnings;
}

/**
 * Accounts whose management events two environments of the definition record: each copy after the
 * first is billed (AWS CloudTrail pricing: "Additional copies of management events"), and an
 * account that an organization trail records already needs no trail of its own for them.
 */
function managementEventsRecordedTwice(environments: readonly EnvironmentSettings[]): string[] {
  const recorders = new Map<string, string[]>();
  for (const env of environments) {
    if (!env.recordsManagementEvents) continue;
    for (const account of [env.accountId, ...(env.organization?.memberAccountIds ?? [])]) recorders.set(account, [...(recorders.get(account) ?? []), env.name]);
  }
  return [...recorders]
    .filter(([, names]) => names.length > 1)
    .map(
      ([account, names]) =>
        `account ${account}: environments ${names.map((name) => `"${name}"`).join(' and ')} each record its management events, and every copy after the first is billed. ` +
        'Record them once: beside an organization trail, give the account existingTrail (data events only), or leave it to the organization trail',
    );
}
