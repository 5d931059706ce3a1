import { DetectionScope } from './detection';

/** Building blocks for the project's own patterns (CIS patterns are kept verbatim, not built). */

/** `(($.eventName = "A") || ($.eventName = "B"))`: one parenthesised term. */
export function anyEventName(...names: string[]): string {
  return `(${names.map((name) => `($.eventName = "${name}")`).join(' || ')})`;
}

export function fromService(eventSource: string): string {
  return `($.eventSource = "${eventSource}")`;
}

/**
 * The term restricting a data-plane pattern to the watched buckets. With `'all'` the trail records
 * every bucket but its own log bucket, so there is nothing to restrict and no term.
 */
export function inWatchedBuckets(scope: DetectionScope): string | undefined {
  if (scope.watchedBuckets === 'all') return undefined;
  const buckets = scope.watchedBuckets.map((bucket) => `($.requestParameters.bucketName = "${bucket}")`);
  return `(${buckets.join(' || ')})`;
}

/** `(a || b || ...)`: one parenthesised term true when any of `terms` is. */
export function anyOf(...terms: string[]): string {
  return `(${terms.join(' || ')})`;
}

/** `{ a && b && ... }`, leaving out terms that do not apply. */
export function allOf(...terms: (string | undefined)[]): string {
  return `{ ${terms.filter((term) => term !== undefined).join(' && ')} }`;
}
