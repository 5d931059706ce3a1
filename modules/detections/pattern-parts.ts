import { DetectionScope } from './detection';

/** Building blocks for patterns that depend on the environment. */

/** `($.eventName = "A") || ($.eventName = "B")`, parenthesised as one term. */
export function anyEventName(...names: string[]): string {
  return `(${names.map((name) => `($.eventName = "${name}")`).join(' || ')})`;
}

/**
 * Restricts a data-plane pattern to the watched buckets. With `'all'` the trail already
 * records every bucket but its own log bucket, so no clause is needed.
 */
export function inWatchedBuckets(scope: DetectionScope): string {
  if (scope.watchedBuckets === 'all') return '';
  const buckets = scope.watchedBuckets.map((bucket) => `($.requestParameters.bucketName = "${bucket}")`);
  return ` && (${buckets.join(' || ')})`;
}
