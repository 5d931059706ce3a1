/**
 * The fast path's EventBridge rules exactly as a stack synthesizes them: name, event pattern and
 * each target's input transformer, with the Terraform references in them (the trail key's ARN, the
 * topics' ARNs) replaced as apply would. What the emulator tier puts on a bus and the docs show.
 */
import { Testing } from 'cdktf';
import { EnvironmentStack } from '../../stacks/environment-stack';
import type { EnvironmentInput } from '../../stacks/environment-schema';
import { parseEnvironments } from '../../stacks/load-environments';
import { resourceNames } from '../../stacks/resource-names';
import { FastPathRule, fastPathRules } from '../../modules/detections/fast-path';

export interface SynthesizedFastPathTarget {
  readonly topicArn: string;
  readonly inputPaths: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
}

export interface SynthesizedFastPathRule {
  readonly name: string;
  /** The event pattern as a JSON document, references resolved. */
  readonly eventPattern: string;
  readonly targets: readonly SynthesizedFastPathTarget[];
}

/** `${aws_<type>.<id>.arn}` with the value `references` gives for the type, or the name-based ARN of a topic or an alias. */
function resolved(text: string, references: Readonly<Record<string, string>>, namedArns: ReadonlyMap<string, string>): string {
  return text.replace(/\$\{(aws_[a-z0-9_]+)\.([^.}]+)\.arn\}/g, (reference, type: string, id: string) => {
    const value = namedArns.get(`${type}.${id}`) ?? references[type];
    if (value === undefined) throw new Error(`no value given for ${reference}`);
    return value;
  });
}

export function synthesizedFastPath(environment: EnvironmentInput, references: Readonly<Record<string, string>> = {}): SynthesizedFastPathRule[] {
  const [env] = parseEnvironments([environment]);
  const stack = JSON.parse(Testing.synth(new EnvironmentStack(Testing.app(), env)));
  const topics = (stack.resource.aws_sns_topic ?? {}) as Record<string, { name: string }>;
  const aliases = (stack.resource.aws_kms_alias ?? {}) as Record<string, { name: string }>;
  const topicArns = new Map([
    ...Object.entries(topics).map(([id, topic]) => [`aws_sns_topic.${id}`, `arn:aws:sns:${env.region}:${env.accountId}:${topic.name}`] as const),
    ...Object.entries(aliases).map(([id, alias]) => [`aws_kms_alias.${id}`, `arn:aws:kms:${env.region}:${env.accountId}:${alias.name}`] as const),
  ]);
  const rules = (stack.resource.aws_cloudwatch_event_rule ?? {}) as Record<string, { name: string; event_pattern: string }>;
  const targets = Object.values(stack.resource.aws_cloudwatch_event_target ?? {}) as {
    rule: string;
    arn: string;
    input_transformer: { input_paths: Record<string, string>; input_template: string };
  }[];
  return Object.entries(rules).map(([id, rule]) => ({
    name: rule.name,
    eventPattern: resolved(rule.event_pattern, references, topicArns),
    targets: targets
      .filter((target) => target.rule === `\${aws_cloudwatch_event_rule.${id}.name}`)
      .map((target) => ({
        topicArn: resolved(target.arn, references, topicArns),
        inputPaths: target.input_transformer.input_paths,
        inputTemplate: target.input_transformer.input_template,
      })),
  }));
}

/**
 * The fast-path rules of an environment as data (ids, titles, patterns, what they leave out), in
 * the order its stack makes them, with the trail key's ARN as apply would give it.
 */
export function environmentFastPathRules(input: EnvironmentInput, kmsKeyArn: string): FastPathRule[] {
  const [env] = parseEnvironments([input]);
  const names = resourceNames(env);
  return fastPathRules({
    watchedBuckets: env.watchedBuckets,
    logGroupName: names.logGroupName,
    kmsKeyArn,
    logBucketNames: [names.logBucketName, names.accessLogBucketName],
    bucketIntents: env.bucketIntents,
  });
}
