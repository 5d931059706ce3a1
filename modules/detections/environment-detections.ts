import { BucketIntent, bucketIntentDetections } from './bucket-intent';
import { ChangeAgentSettings, withChangeAgents } from './change-agents';
import { Detection, DetectionOverride, DetectionScope, ResolvedDetection, Severity } from './detection';
import { resolveDetections } from './resolve';

export interface EnvironmentDetectionsInput {
  /** The catalog detections to start from. */
  readonly catalog: readonly Detection[];
  /** What named watched buckets declare; each declaration adds its detection. */
  readonly bucketIntents: readonly BucketIntent[];
  readonly overrides: Readonly<Record<string, DetectionOverride | undefined>>;
  readonly scope: DetectionScope;
  readonly changeAgents: Omit<ChangeAgentSettings, 'overrides'>;
}

/**
 * Every detection one environment deploys, in the order its metric filters are made: the catalog's
 * and its buckets' declared ones, resolved with its overrides and scope, then the expected change
 * agents applied. The stack builds from this list, the schema measures it, replay reads it, so the
 * three cannot disagree on what an environment has.
 */
export function environmentDetections(input: EnvironmentDetectionsInput): ResolvedDetection[] {
  const resolved = resolveDetections([...input.catalog, ...bucketIntentDetections(input.bucketIntents)], input.overrides, input.scope);
  return withChangeAgents(resolved, { ...input.changeAgents, overrides: input.overrides });
}

/** Whether a detection's alarm notifies the paging topic, given the severities that page. */
export function pages(detection: Pick<ResolvedDetection, 'severity' | 'routing'>, pagedSeverities: readonly Severity[]): boolean {
  return detection.routing !== 'record' && pagedSeverities.includes(detection.severity);
}
