/**
 * The CloudTrail fixture records, moved into another environment: its account, region, partition,
 * physical names, watched buckets and trail key. The fixtures are written for one fixture
 * environment; moved, they prove that environment's own synthesized patterns (its scoping to its
 * buckets, its key, its names) against the same positives and near misses.
 */
import { partitionOf } from '../../stacks/aws-regions';
import type { EnvironmentSettings } from '../../stacks/environment-schema';
import { resourceNames } from '../../stacks/resource-names';

export type Retarget = <T>(value: T) => T;

/** A key ARN in the environment's account and region, standing in for the one apply creates. */
export function standInKeyArn(env: EnvironmentSettings, fixtureKeyArn: string): string {
  const keyId = fixtureKeyArn.slice(fixtureKeyArn.lastIndexOf('/') + 1);
  return `arn:${partitionOf(env.region)}:kms:${env.region}:${env.accountId}:key/${keyId}`;
}

/**
 * Replaces every fixture-environment value in a record by the target environment's, longest first
 * so that a name containing another (`acme-test-s3-audit`, `acme-test`) is replaced whole.
 */
export function retargetRecords(from: EnvironmentSettings, to: EnvironmentSettings, fixtureKeyArn: string): Retarget {
  const pairs = new Map<string, string>();
  const fromNames = resourceNames(from);
  const toNames = resourceNames(to);
  for (const key of Object.keys(fromNames) as (keyof typeof fromNames)[]) pairs.set(fromNames[key], toNames[key]);
  pairs.set(fixtureKeyArn, standInKeyArn(to, fixtureKeyArn));
  if (from.watchedBuckets !== 'all' && to.watchedBuckets !== 'all') {
    const targets = to.watchedBuckets;
    from.watchedBuckets.forEach((bucket, index) => pairs.set(bucket, targets[Math.min(index, targets.length - 1)]));
  }
  pairs.set(from.accountId, to.accountId);
  pairs.set(from.region, to.region);
  pairs.set(`arn:${partitionOf(from.region)}:`, `arn:${partitionOf(to.region)}:`);
  const ordered = [...pairs].filter(([a, b]) => a !== b).sort(([a], [b]) => b.length - a.length);
  if (ordered.length === 0) return (value) => value;
  const pattern = new RegExp(ordered.map(([a]) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const replacement = new Map(ordered);
  return <T>(value: T): T => JSON.parse(JSON.stringify(value).replace(pattern, (found) => replacement.get(found) as string)) as T;
}
