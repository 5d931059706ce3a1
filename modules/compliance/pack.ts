import { ComplianceRule } from './rule';
import { trailMultiRegion } from './rules/trail-multi-region';
import { trailLogFileValidation } from './rules/trail-log-file-validation';
import { trailKmsEncryption } from './rules/trail-kms-encryption';
import { trailLoggingEnabled } from './rules/trail-logging-enabled';
import { trailCloudWatchLogs } from './rules/trail-cloudwatch-logs';
import { trailGlobalServiceEvents } from './rules/trail-global-service-events';
import { trailManagementEventsAll } from './rules/trail-management-events-all';
import { trailS3DataEvents } from './rules/trail-s3-data-events';
import { trailS3ReadDataEvents } from './rules/trail-s3-read-data-events';
import { trailExcludesLogBucket } from './rules/trail-excludes-log-bucket';
import { bucketPublicAccessBlock } from './rules/bucket-public-access-block';
import { bucketAclsDisabled } from './rules/bucket-acls-disabled';
import { bucketVersioning } from './rules/bucket-versioning';
import { bucketLifecycle } from './rules/bucket-lifecycle';
import { bucketTlsOnly } from './rules/bucket-tls-only';
import { bucketNoPublicPrincipal } from './rules/bucket-no-public-principal';
import { bucketNoForceDestroy } from './rules/bucket-no-force-destroy';
import { logBucketKmsEncryption } from './rules/log-bucket-kms-encryption';
import { logBucketAccessLogging } from './rules/log-bucket-access-logging';
import { logBucketObjectLock } from './rules/log-bucket-object-lock';
import { logBucketReplication } from './rules/log-bucket-replication';
import { accessLogBucketDelivery } from './rules/access-log-bucket-delivery';
import { kmsKeyRotation } from './rules/kms-key-rotation';
import { kmsKeyPolicyDefined } from './rules/kms-key-policy-defined';
import { kmsNoPublicPrincipal } from './rules/kms-no-public-principal';
import { kmsDeletionWindow } from './rules/kms-deletion-window';
import { kmsBucketKeyDecrypt } from './rules/kms-bucket-key-decrypt';
import { logGroupRetention } from './rules/log-group-retention';
import { logGroupKms } from './rules/log-group-kms';
import { deliveryRoleTrust } from './rules/delivery-role-trust';
import { deliveryRolePermissions } from './rules/delivery-role-permissions';
import { alarmTopicKms } from './rules/alarm-topic-kms';
import { alarmTopicPublishers } from './rules/alarm-topic-publishers';
import { alarmsHaveActions } from './rules/alarms-have-actions';
import { alarmTopicTlsOnly } from './rules/alarm-topic-tls-only';
import { chatChannelGuardrails } from './rules/chat-channel-guardrails';
import { confusedDeputy } from './rules/confused-deputy';
import { preventDestroy } from './rules/prevent-destroy';
import { destructiveChangesAllowed } from './rules/destructive-changes-allowed';
import { cisDetections } from './rules/cis-detections';

/**
 * The rule pack every environment stack (and the exported module) is checked against at synth,
 * in the order reports list them. One rule per file in rules/, named by its id.
 */
export const COMPLIANCE_RULES: readonly ComplianceRule[] = [
  trailMultiRegion,
  trailLogFileValidation,
  trailKmsEncryption,
  trailLoggingEnabled,
  trailCloudWatchLogs,
  trailGlobalServiceEvents,
  trailManagementEventsAll,
  trailS3DataEvents,
  trailS3ReadDataEvents,
  trailExcludesLogBucket,
  bucketPublicAccessBlock,
  bucketAclsDisabled,
  bucketVersioning,
  bucketLifecycle,
  bucketTlsOnly,
  bucketNoPublicPrincipal,
  bucketNoForceDestroy,
  logBucketKmsEncryption,
  logBucketAccessLogging,
  logBucketObjectLock,
  logBucketReplication,
  accessLogBucketDelivery,
  kmsKeyRotation,
  kmsKeyPolicyDefined,
  kmsNoPublicPrincipal,
  kmsDeletionWindow,
  kmsBucketKeyDecrypt,
  logGroupRetention,
  logGroupKms,
  deliveryRoleTrust,
  deliveryRolePermissions,
  alarmTopicKms,
  alarmTopicPublishers,
  alarmsHaveActions,
  alarmTopicTlsOnly,
  chatChannelGuardrails,
  confusedDeputy,
  preventDestroy,
  destructiveChangesAllowed,
  cisDetections,
];

export const COMPLIANCE_RULE_IDS: readonly string[] = COMPLIANCE_RULES.map((rule) => rule.id);

/**
 * Rules the pack no longer has, and why. A suppression naming one is accepted with a warning to
 * remove it, so a definition written for an earlier version still synthesizes.
 */
export const RETIRED_RULES: Readonly<Record<string, string>> = {
  // Checkov CKV_AWS_252 still reports it; docs/compliance.md lists it among the findings to expect.
  'trail-sns-topic':
    'a notification per delivered log file is deliberately not sent (alarms come from the metric filters, and trail-delivery-stopped reports a silent trail), so the pack no longer raises it',
};
