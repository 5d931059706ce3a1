import { AUDIT_SOURCES_DETECTIONS } from './audit-sources';
import { AUDIT_TRAIL_TAMPERING_DETECTIONS } from './audit-trail-tampering';
import { CIS_FOUNDATIONS_DETECTIONS } from './cis-foundations';
import { Detection } from './detection';
import { IDENTITY_PERSISTENCE_DETECTIONS } from './identity-persistence';
import { KEY_AND_BACKUP_DESTRUCTION_DETECTIONS } from './key-and-backup-destruction';
import { NETWORK_EXPOSURE_DETECTIONS } from './network-exposure';
import { S3_CONTROL_PLANE_DETECTIONS } from './s3-control-plane';
import { S3_DATA_PLANE_DETECTIONS } from './s3-data-plane';

export * from './detection';
export { resolveDetections } from './resolve';

/** Every detection the project ships, in the order docs and alarms list them. */
export const DETECTION_CATALOG: readonly Detection[] = [
  ...S3_DATA_PLANE_DETECTIONS,
  ...S3_CONTROL_PLANE_DETECTIONS,
  ...AUDIT_TRAIL_TAMPERING_DETECTIONS,
  ...AUDIT_SOURCES_DETECTIONS,
  ...IDENTITY_PERSISTENCE_DETECTIONS,
  ...KEY_AND_BACKUP_DESTRUCTION_DETECTIONS,
  ...NETWORK_EXPOSURE_DETECTIONS,
  ...CIS_FOUNDATIONS_DETECTIONS,
];

export const DETECTION_IDS: readonly string[] = DETECTION_CATALOG.map((detection) => detection.id);
