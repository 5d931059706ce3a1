import { AlarmSettings, Detection, DetectionOverride, DetectionScope, ResolvedDetection } from './detection';

/** Applies an environment's overrides and scope to the catalog; disabled detections drop out. */
export function resolveDetections(
  catalog: readonly Detection[],
  overrides: Readonly<Record<string, DetectionOverride | undefined>>,
  scope: DetectionScope,
): ResolvedDetection[] {
  return catalog
    .filter((detection) => overrides[detection.id]?.enabled !== false)
    .map((detection) => ({
      id: detection.id,
      title: detection.title,
      severity: detection.severity,
      description: detection.description,
      filterPattern:
        typeof detection.filterPattern === 'function' ? detection.filterPattern(scope) : detection.filterPattern,
      metricName: detection.metricName,
      namespace: detection.namespace,
      alarm: overriddenAlarm(detection.alarm, overrides[detection.id]),
    }));
}

/** `alarm` with an environment's override of it applied. */
export function overriddenAlarm(alarm: AlarmSettings, override: DetectionOverride = {}): AlarmSettings {
  const evaluationPeriods = override.evaluationPeriods ?? alarm.evaluationPeriods;
  return {
    ...alarm,
    ...(override.threshold !== undefined && { threshold: override.threshold }),
    ...(override.evaluationPeriods !== undefined && { evaluationPeriods: override.evaluationPeriods }),
    ...(override.periodSeconds !== undefined && { periodSeconds: override.periodSeconds }),
    // Always set, so that every alarm says how many periods must breach (the exported module
    // writes the same number), and never more than the periods evaluated.
    datapointsToAlarm: Math.min(alarm.datapointsToAlarm ?? evaluationPeriods, evaluationPeriods),
  };
}
