/**
 * The filter patterns exactly as a stack synthesizes them, by detection id, and the alarms on their
 * metrics: what the tests, `verify:patterns` and `replay` evaluate, rather than the catalog source,
 * so that anything between the catalog and the Terraform JSON (resolution, scoping, escaping,
 * overrides) is covered too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Testing } from 'cdktf';
import { EnvironmentStack } from '../../stacks/environment-stack';
import type { EnvironmentInput, EnvironmentSettings } from '../../stacks/environment-schema';
import { parseEnvironments } from '../../stacks/load-environments';
import { resourceNames } from '../../stacks/resource-names';

/** An `aws_cloudwatch_metric_alarm` as synthesized (Terraform attribute names). */
export type SynthesizedAlarm = Readonly<Record<string, unknown>>;

/** One detection's metric filter as Terraform gets it, and the alarms on the metric it emits. */
export interface SynthesizedDetection {
  readonly id: string;
  readonly pattern: string;
  /** Resource types whose apply-time ARN was replaced in the pattern by the value from `references`. */
  readonly substitutedReferences: readonly string[];
  readonly metricName: string;
  readonly metricNamespace: string;
  /** The metric's dimensions: name to the record field whose value it takes (`{ Bucket: "$.requestParameters.bucketName" }`). */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly alarms: readonly SynthesizedAlarm[];
}

interface SynthesizedFilter {
  readonly name: string;
  readonly pattern: string;
  readonly metric_transformation: { readonly name: string; readonly namespace: string; readonly dimensions?: Readonly<Record<string, string>> };
}

/**
 * Terraform references in a pattern (the trail key's ARN) are known only at apply time; `references`
 * maps each resource type's `arn` to the value to use in their place, as apply would.
 */
export function synthesizedDetections(
  environment: EnvironmentInput,
  references: Readonly<Record<string, string>> = {},
): SynthesizedDetection[] {
  const [env] = parseEnvironments([environment]);
  return synthesizedDetectionsOf(env, references);
}

/** The same for an environment already validated (as `loadEnvironments` returns it). */
export function synthesizedDetectionsOf(
  env: EnvironmentSettings,
  references: Readonly<Record<string, string>> = {},
): SynthesizedDetection[] {
  // Testing.app() makes a cdktf.outdir.* folder in the system's temporary folder and never removes
  // it; given one, it makes none, and this one goes once the stack is read.
  const outdir = mkdtempSync(path.join(tmpdir(), 'synthesized-patterns-'));
  let stack;
  try {
    stack = JSON.parse(Testing.synth(new EnvironmentStack(Testing.app({ outdir }), env)));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
  const prefix = `${resourceNames(env).alarmNamePrefix}-`;
  const alarms = Object.values(stack.resource.aws_cloudwatch_metric_alarm ?? {}) as SynthesizedAlarm[];
  const filters = Object.values(stack.resource.aws_cloudwatch_log_metric_filter ?? {}) as SynthesizedFilter[];
  return filters.map((filter) => {
    const substitutedReferences: string[] = [];
    const pattern = filter.pattern.replace(/\$\{(aws_[a-z0-9_]+)\.[^.}]+\.arn\}/g, (reference, type: string) => {
      const value = references[type];
      if (value === undefined) throw new Error(`no value given for ${reference} in the ${filter.name} pattern`);
      substitutedReferences.push(type);
      return value;
    });
    const { name: metricName, namespace: metricNamespace, dimensions = {} } = filter.metric_transformation;
    return {
      id: filter.name.slice(prefix.length),
      pattern,
      substitutedReferences,
      metricName,
      metricNamespace,
      dimensions,
      alarms: alarms.filter((alarm) => alarmReads(alarm, metricName, metricNamespace)),
    };
  });
}

/** Whether an alarm reads the metric, directly or as one of its metric queries (anomaly bands do). */
function alarmReads(alarm: SynthesizedAlarm, metricName: string, namespace: string): boolean {
  if (alarm.metric_name === metricName && alarm.namespace === namespace) return true;
  const queries = (alarm.metric_query ?? []) as { metric?: { metric_name?: string; namespace?: string } }[];
  return queries.some((query) => query.metric?.metric_name === metricName && query.metric?.namespace === namespace);
}

/** The synthesized pattern of every enabled detection, by id (see `synthesizedDetections`). */
export function synthesizedPatterns(
  environment: EnvironmentInput,
  references: Readonly<Record<string, string>> = {},
): Map<string, string> {
  return new Map(synthesizedDetections(environment, references).map((detection) => [detection.id, detection.pattern]));
}
