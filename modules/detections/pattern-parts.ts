import { DetectionScope } from './detection';

/** Building blocks for the project's own patterns (CIS patterns are kept verbatim, not built). */

/** `(($.eventName = "A") || ($.eventName = "B"))`: one parenthesised term. */
export function anyEventName(...names: string[]): string {
  return `(${names.map((name) => `($.eventName = "${name}")`).join(' || ')})`;
}

/**
 * A call the service carried out. A refused one (`errorCode` AccessDenied, say) changed nothing, so
 * detections that say something changed leave it out; the denial detections count refusals.
 */
export const SUCCEEDED = '($.errorCode NOT EXISTS)';

export function fromService(eventSource: string): string {
  return `($.eventSource = "${eventSource}")`;
}

/**
 * The term restricting a data-plane pattern to the watched buckets. With `'all'` the trail records
 * every bucket but its own log bucket, so there is nothing to restrict and no term.
 */
export function inWatchedBuckets(scope: DetectionScope): string | undefined {
  if (scope.watchedBuckets === 'all') return undefined;
  return inBuckets(scope.watchedBuckets);
}

/** `($.requestParameters.bucketName = "b")`: an S3 data event on bucket `b`. */
export function bucketNameIs(bucket: string): string {
  return `($.requestParameters.bucketName = "${bucket}")`;
}

/**
 * `(bucket a || bucket b ...)`: the one way every pattern scopes itself to named buckets; the
 * exported module finds this very text to replace it with its plan-time clause (plan-time-detections.ts).
 */
export function inBuckets(buckets: readonly string[]): string {
  return anyOf(...buckets.map(bucketNameIs));
}

/** `(a || b || ...)`: one parenthesised term true when any of `terms` is. */
export function anyOf(...terms: string[]): string {
  return `(${terms.join(' || ')})`;
}

/** `{ a && b && ... }`, leaving out terms that do not apply. */
export function allOf(...terms: (string | undefined)[]): string {
  return `{ ${terms.filter((term) => term !== undefined).join(' && ')} }`;
}
