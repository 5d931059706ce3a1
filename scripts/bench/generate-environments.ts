/**
 * A definition of `count` environments, the shape an organisation grows into: the shipped three as
 * templates, repeated over several accounts and regions. Every one passes validation as it is: the
 * names are unique and within the schema's limits, and each keeps its template's compliance
 * choices (prod's retention, Object Lock and replication; dev's and staging's suppressions, each
 * with its reason), so the rule pack passes too.
 */
import { ENVIRONMENTS } from '../../stacks/environments';
import type { EnvironmentInput } from '../../stacks/environment-schema';

const ACCOUNTS = 20;
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'] as const;

/** `env-0007`: fixed width, so no name's alarm prefix starts another's (`acme-env-1-` vs `acme-env-10-`). */
function environmentName(index: number): string {
  return `env-${String(index).padStart(4, '0')}`;
}

export function generateEnvironments(count: number): EnvironmentInput[] {
  return Array.from({ length: count }, (_, index) => {
    const template = ENVIRONMENTS[index % ENVIRONMENTS.length];
    const account = index % ACCOUNTS;
    return {
      ...template,
      name: environmentName(index),
      accountId: String(100_000_000_000 + account * 1_010_101),
      region: REGIONS[Math.floor(index / ACCOUNTS) % REGIONS.length],
      ...(Array.isArray(template.watchedBuckets) && {
        // Plain names and intent entries alike: prod's template declares writers and immutable prefixes.
        watchedBuckets: template.watchedBuckets.map((bucket) =>
          typeof bucket === 'string' ? `${bucket}-${environmentName(index)}` : { ...bucket, name: `${bucket.name}-${environmentName(index)}` },
        ),
      }),
    };
  });
}
