import type { Severity } from './detections/detection';

/**
 * What `AlarmPagingProps.severities` is when left out. Kept apart from the alarms construct: the
 * environment schema needs the value, and validating a definition should not load cdktf and the
 * provider classes (a third of a second) before it knows whether any stack will be built.
 */
export const DEFAULT_PAGED_SEVERITIES: readonly Severity[] = ['critical', 'high'];
