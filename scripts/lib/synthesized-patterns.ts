/**
 * The filter patterns exactly as a stack synthesizes them, by detection id: what the tests and
 * `verify:patterns` evaluate, rather than the catalog source, so that anything between the catalog
 * and the Terraform JSON (resolution, scoping, escaping) is covered too.
 */
import { Testing } from 'cdktf';
import { EnvironmentStack } from '../../stacks/environment-stack';
import type { EnvironmentInput } from '../../stacks/environment-schema';
import { parseEnvironments } from '../../stacks/load-environments';
import { resourceNames } from '../../stacks/resource-names';

/**
 * Terraform references in a pattern (the trail key's ARN) are known only at apply time; `references`
 * maps each resource type's `arn` to the value to use in their place, as apply would.
 */
export function synthesizedPatterns(
  environment: EnvironmentInput,
  references: Readonly<Record<string, string>> = {},
): Map<string, string> {
  const [env] = parseEnvironments([environment]);
  const stack = JSON.parse(Testing.synth(new EnvironmentStack(Testing.app(), env)));
  const prefix = `${resourceNames(env).alarmNamePrefix}-`;
  const patterns = new Map<string, string>();
  for (const filter of Object.values(stack.resource.aws_cloudwatch_log_metric_filter ?? {}) as { name: string; pattern: string }[]) {
    const pattern = filter.pattern.replace(/\$\{(aws_[a-z0-9_]+)\.[^.}]+\.arn\}/g, (reference, type: string) => {
      const value = references[type];
      if (value === undefined) throw new Error(`no value given for ${reference} in the ${filter.name} pattern`);
      return value;
    });
    patterns.set(filter.name.slice(prefix.length), pattern);
  }
  return patterns;
}
