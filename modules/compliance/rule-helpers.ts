import { SynthesizedStatement } from '../synthesized-policies';
import { RuleContext, Violation } from './rule';
import type { SynthesizedResource, SynthesizedStack } from './synthesized-stack';

/** Shapes several rules share. */

export function theTrail(stack: SynthesizedStack): SynthesizedResource | Violation {
  const trails = stack.resources('aws_cloudtrail');
  if (trails.length === 1) return trails[0];
  return { resource: 'aws_cloudtrail', message: `the stack has ${trails.length} trails; expected exactly one` };
}

export function theLogBucket(stack: SynthesizedStack, context: RuleContext): SynthesizedResource | Violation {
  return stack.bucketNamed(context.logBucketName) ?? { resource: `aws_s3_bucket.${context.logBucketName}`, message: 'the trail log bucket is not in the stack' };
}

export function isViolation(value: SynthesizedResource | Violation): value is Violation {
  return !('config' in value);
}

type SelectorJson = { field_selector?: ({ field: string } & Record<string, string[]>)[] };

/**
 * The `field_selector` of each advanced event selector, keyed by field: the static ones, and the
 * content of the module's dynamic ones (a selector it writes only while an input says so).
 */
export function eventSelectors(trail: SynthesizedResource): Record<string, Record<string, string[]>>[] {
  const dynamic = trail.config.dynamic?.advanced_event_selector as { content: SelectorJson } | { content: SelectorJson }[] | undefined;
  const selectors = [...((trail.config.advanced_event_selector ?? []) as SelectorJson[]), ...[dynamic ?? []].flat().map((block) => block.content)];
  return selectors.map((selector) => Object.fromEntries((selector.field_selector ?? []).map(({ field, ...operators }) => [field, operators])));
}

/** The S3 object data event selectors of the trail. */
export function s3DataSelectors(trail: SynthesizedResource) {
  return eventSelectors(trail).filter(
    (fields) => fields.eventCategory?.equals?.includes('Data') && fields['resources.type']?.equals?.includes('AWS::S3::Object'),
  );
}

/** An Allow statement for anyone (`*`) that no condition narrows. */
export function isUnconditionedPublicAllow(statement: SynthesizedStatement): boolean {
  const everyone = Object.entries(statement.principals).some(([type, ids]) => (type === '*' || type === 'AWS') && ids.includes('*'));
  return statement.effect === 'Allow' && everyone && statement.conditions.length === 0;
}

/** Resources that carry `lifecycle.prevent_destroy = true`. */
export function preventsDestroy(resource: SynthesizedResource): boolean {
  return resource.config.lifecycle?.prevent_destroy === true;
}

/** Text as a regular expression that matches it literally (names on the module hold `${...}`). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
