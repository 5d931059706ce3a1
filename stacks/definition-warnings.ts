import { DETECTION_CATALOG } from '../modules/detections';
import { EnvironmentSettings } from './environment-schema';
import { PROJECT_RUNBOOK_BASE_URL } from '../modules/alarm-description';
import { RUNBOOK_EXAMPLE_ADVICE } from './runbook-url-schema';

/**
 * Definitions AWS accepts and the stack builds, but that leave a gap a reviewer should see:
 * printed by synth, never fatal.
 */
export function definitionWarnings(environments: readonly EnvironmentSettings[]): string[] {
  return environments.flatMap((env) => {
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
    return warnings;
  });
}
