import { Testing, TerraformElement } from 'cdktf';
import { IConstruct } from 'constructs';
import { ComplianceCheck } from '../../modules/compliance/compliance-check';
import { ComplianceReport } from '../../modules/compliance/evaluate';
import { EnvironmentStack } from '../../stacks/environment-stack';
import type { EnvironmentInput } from '../../stacks/environment-schema';
import { ENVIRONMENTS } from '../../stacks/environments';
import { parseEnvironments } from '../../stacks/load-environments';

/** A shipped environment, optionally changed, as a stack that has not been synthesized yet. */
export function shippedStack(name: string, change: (env: EnvironmentInput) => EnvironmentInput = (env) => env): EnvironmentStack {
  const input = ENVIRONMENTS.find((env) => env.name === name);
  if (!input) throw new Error(`no shipped environment ${name}`);
  const [env] = parseEnvironments([change(input)]);
  return new EnvironmentStack(Testing.app(), env);
}

/** The Terraform element at a construct path below the stack, e.g. `AuditTrail/Trail/Resource`. */
export function elementAt(stack: EnvironmentStack, path: string): TerraformElement {
  let node: IConstruct = stack;
  for (const id of path.split('/')) {
    const child = node.node.tryFindChild(id);
    if (!child) throw new Error(`nothing at ${path} (stopped at ${id})`);
    node = child;
  }
  return node as TerraformElement;
}

/** The compliance report the stack's check would write. */
export function reportOf(stack: EnvironmentStack): ComplianceReport {
  return (stack.node.findChild('Compliance') as ComplianceCheck).evaluate();
}

/** What synth with validation says: the error text, or undefined when it succeeds. */
export function synthError(stack: EnvironmentStack): string | undefined {
  try {
    Testing.synth(stack, true);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Drops the environment's suppressions of one rule, so its findings show. */
export function withoutSuppression(rule: string) {
  return (env: EnvironmentInput): EnvironmentInput => ({ ...env, suppressions: (env.suppressions ?? []).filter((s) => s.rule !== rule) });
}
