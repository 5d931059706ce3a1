import { AUDIT_TRAIL_TAMPERING_DETECTIONS } from './audit-trail-tampering';
import { CIS_FOUNDATIONS_DETECTIONS } from './cis-foundations';
import { Detection } from './detection';
import { S3_CONTROL_PLANE_DETECTIONS } from './s3-control-plane';
import { S3_DATA_PLANE_DETECTIONS } from './s3-data-plane';

export * from './detection';
export { resolveDetections } from './resolve';

/** Every detection the project ships, in the order docs and alarms list them. */
export const DETECTION_CATALOG: readonly Detection[] = [
  ...S3_DATA_PLANE_DETECTIONS,
  ...S3_CONTROL_PLANE_DETECTIONS,
  ...AUDIT_TRAIL_TAMPERING_DETECTIONS,
  ...CIS_FOUNDATIONS_DETECTIONS,
];

export const DETECTION_IDS: readonly string[] = DETECTION_CATALOG.map((detection) => detection.id);
