import { ANY_OCCURRENCE, Detection, PROJECT_NAMESPACE } from './detection';
import { allOf, anyEventName, anyOf, fromService } from './pattern-parts';

/**
 * What makes data unrecoverable without touching it: the key it is encrypted under made unusable,
 * or its backups removed. Disabling or scheduling deletion of any key is CIS CloudWatch.7, kept
 * verbatim in cis-foundations; the trail's own key has trail-key-tampering.
 */

export const KEY_AND_BACKUP_DESTRUCTION_DETECTIONS: readonly Detection[] = [
  {
    id: 'kms-imported-key-material-deleted',
    title: 'Imported key material deleted from a KMS key, or imported to expire',
    severity: 'critical',
    group: 'key-and-backup-destruction',
    description:
      'DeleteImportedKeyMaterial on any KMS key, which makes it unusable at once (no waiting period), or ' +
      'ImportKeyMaterial with expirationModel KEY_MATERIAL_EXPIRES, which makes it unusable at validTo.',
    runbook:
      'Every object, volume or secret encrypted under the key is unreadable until the same key material is ' +
      'imported again, and only whoever holds that material can do so: a ransom without deleting anything. ' +
      'Read requestParameters.keyId (and validTo) and the caller. Re-import the material from your escrow ' +
      'copy at once, with expirationModel KEY_MATERIAL_DOES_NOT_EXPIRE, and revoke the principal.',
    filterPattern: allOf(
      fromService('kms.amazonaws.com'),
      anyOf(
        anyEventName('DeleteImportedKeyMaterial'),
        `(${anyEventName('ImportKeyMaterial')} && ($.requestParameters.expirationModel = "KEY_MATERIAL_EXPIRES"))`,
      ),
    ),
    metricName: 'KmsImportedKeyMaterialDeleted',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'kms-key-material-imported',
    title: 'Key material imported into a KMS key',
    severity: 'high',
    group: 'key-and-backup-destruction',
    description:
      'ImportKeyMaterial without an expiry: key material from outside AWS put into a key (origin EXTERNAL). ' +
      'Imports that expire are kms-imported-key-material-deleted, which is critical.',
    runbook:
      'Whoever holds imported key material controls the key: they can delete the material at any time, and data ' +
      'encrypted under the key is unreadable until it is imported again. Encrypting data under such a key is the ' +
      'first half of a ransom. Read requestParameters.keyId and the caller; unless the import is your own key ' +
      'ceremony, find what was encrypted under the key since, and re-encrypt it under a key with AWS-generated material.',
    filterPattern: allOf(
      fromService('kms.amazonaws.com'),
      anyEventName('ImportKeyMaterial'),
      anyOf('($.requestParameters.expirationModel NOT EXISTS)', '($.requestParameters.expirationModel != "KEY_MATERIAL_EXPIRES")'),
    ),
    metricName: 'KmsKeyMaterialImported',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
  {
    id: 'backup-deletions',
    title: 'AWS Backup vaults, recovery points or plans deleted',
    severity: 'high',
    group: 'key-and-backup-destruction',
    description:
      'DeleteBackupVault, DeleteRecoveryPoint, DeleteBackupPlan, DeleteBackupSelection or ' +
      'DeleteBackupVaultLockConfiguration: backups removed, no longer taken, or no longer locked.',
    runbook:
      'Removing the backups comes before deleting or encrypting the data they would restore. Read ' +
      'requestParameters (backupVaultName, recoveryPointArn, backupPlanId) and the caller. Stop further ' +
      "deletions (revoke the principal's backup permissions), check what is left in each vault, and restore " +
      'the plan and vault lock through the code that owns them.',
    filterPattern: allOf(
      fromService('backup.amazonaws.com'),
      anyEventName(
        'DeleteBackupVault',
        'DeleteRecoveryPoint',
        'DeleteBackupPlan',
        'DeleteBackupSelection',
        'DeleteBackupVaultLockConfiguration',
      ),
    ),
    metricName: 'BackupDeletions',
    namespace: PROJECT_NAMESPACE,
    alarm: ANY_OCCURRENCE,
  },
];
