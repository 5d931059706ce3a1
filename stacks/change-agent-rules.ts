import { expectedWriterProblem, PRINCIPAL_RESOURCES } from './bucket-intent-rules';

/**
 * What an expected change agent must be. It is a principal ARN pattern like a bucket's expected
 * writers, compared the same way; and, because every configuration change it makes leaves the
 * paging alarms, it must name someone: a pattern that matches every role, user or session of an
 * account would page for nobody's changes. Returns what is wrong, or undefined.
 */
export function changeAgentProblem(pattern: string, partition: string): string | undefined {
  const shape = expectedWriterProblem(pattern, partition);
  if (shape) return shape.replace("this environment's buckets are in", 'this environment is in').replace('where no such principal can write', 'where no such principal can change anything');
  if (!pattern.endsWith('*')) return undefined;
  const parts = pattern.slice(0, -1).split(':');
  const resource = parts.slice(5).join(':');
  const named = (PRINCIPAL_RESOURCES[parts[2]] ?? []).some((type) => type.endsWith('/') && resource.startsWith(type) && resource.length > type.length);
  if (!named) {
    return (
      'matches every principal of its kind in the account, so every configuration change would leave the paging alarms. ' +
      'Name the deploying role or user, or a prefix of its name such as "arn:aws:iam::111111111111:role/terraform-*"'
    );
  }
  return undefined;
}
