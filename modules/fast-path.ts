import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { TerraformIterator, TerraformLocal, Token } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { AwsLocation } from './arns';
import { FastPathRule } from './detections/fast-path';
import type { Severity } from './detections/detection';
import { fastPathMessage } from './fast-path-message';
import { hclQuoted, PlanTime } from './plan-time';

export interface FastPathProps {
  readonly location: AwsLocation;
  /** `<prefix>-<env>`: every rule is named `<ruleNamePrefix>-<detection id>`, which the topics' policies admit. */
  readonly ruleNamePrefix: string;
  readonly rules: readonly FastPathRule[];
  /** The trail's log group, by name as written: the messages link its events. */
  readonly logGroupName: string;
  /** The runbook link of a detection, by its id. */
  readonly runbookUrl: (detectionId: string) => string;
  /** The topics a message of this severity goes to: the alarms' own routing. */
  readonly topicsFor: (severity: Severity) => string[];
  /** The runbook section of the alarm that says the fast path failed. */
  readonly failureRunbookUrl: string;
  /**
   * For the exported module, what only Terraform knows: the rules exist when `on` (`var.fast_path`)
   * is true, each unless `overrides` (`var.detections`) switches its detection off, and rules that
   * name the watched buckets name `watchedBuckets` (`var.watched_buckets`, empty for every bucket).
   * `rules` are then built for the one bucket WATCHED_BUCKET, and again for every bucket.
   * @default the rules given, always
   */
  readonly planTime?: {
    readonly on: PlanTime;
    readonly overrides: PlanTime;
    readonly watchedBuckets: PlanTime;
    /** The same rules as `rules`, for every bucket (`watchedBuckets: 'all'`). */
    readonly rulesForAllBuckets: readonly FastPathRule[];
  };
}

/** The bucket a plan-time fast path builds its rules for, replaced by the watched buckets when Terraform knows them. */
export const WATCHED_BUCKET = 'watched-bucket-placeholder';

/** EventBridge rule names: 1 to 64 of letters, digits, `.`, `-`, `_` (PutRule, Name). */
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
/** An alarm on a metric math expression reads at most 10 metrics ("Alarms on math expressions", CloudWatch User Guide). */
const MAX_METRICS_PER_ALARM = 10;

/** `<prefix>-<id>`, or, past 64 characters, cut and ended with a hash of the whole so names stay unique. */
export function fastPathRuleName(prefix: string, id: string): string {
  const name = `${prefix}-${id}`;
  if (name.length <= 64) return name;
  return `${name.slice(0, 55)}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/**
 * The fast path (modules/detections/fast-path.ts): one EventBridge rule on the default bus per
 * fast-path detection, targeting the topics its severity notifies with the message of
 * fast-path-message.ts, and alarms that say when EventBridge could not deliver (FailedInvocations).
 * No target role: for SNS, EventBridge uses the topic's resource policy, and AWS warns that a role
 * may break delivery to KMS-encrypted topics ("Using resource-based policies for Amazon EventBridge").
 */
export class FastPath extends Construct {
  public readonly rules: CloudwatchEventRule[] = [];
  public readonly failureAlarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: FastPathProps) {
    super(scope, id);
    const names = props.planTime ? this.planTimeRules(props, props.planTime) : this.synthTimeRules(props);
    for (let start = 0; start < names.length; start += MAX_METRICS_PER_ALARM) {
      this.failureAlarms.push(this.failureAlarm(props, names.slice(start, start + MAX_METRICS_PER_ALARM), start / MAX_METRICS_PER_ALARM, Math.ceil(names.length / MAX_METRICS_PER_ALARM)));
    }
  }

  /** A rule and its targets per rule given; the rules' names. */
  private synthTimeRules(props: FastPathProps): string[] {
    const names: string[] = [];
    for (const rule of props.rules) {
      const name = fastPathRuleName(props.ruleNamePrefix, rule.id);
      if (!RULE_NAME.test(name)) throw new Error(`fast-path rule name ${JSON.stringify(name)} is not accepted by EventBridge; expected 1 to 64 letters, digits, ".", "-" or "_"`);
      names.push(name);
      const ruleScope = new Construct(this, rule.id);
      const resource = new CloudwatchEventRule(ruleScope, 'Resource', {
        name,
        description: `s3-audit-trail fast path: ${rule.title}`.slice(0, 512),
        eventPattern: JSON.stringify(rule.eventPattern),
      });
      this.rules.push(resource);
      const message = fastPathMessage(rule, { location: props.location, logGroupName: props.logGroupName, runbookUrl: props.runbookUrl(rule.id) });
      props.topicsFor(rule.severity).forEach((topicArn, index) => {
        new CloudwatchEventTarget(ruleScope, `Target${index}`, {
          rule: resource.name,
          targetId: index === 0 ? 'alarm-topic' : 'paging-topic',
          arn: topicArn,
          inputTransformer: { inputPaths: message.inputPaths, inputTemplate: message.inputTemplate },
        });
      });
    }
    return names;
  }

  /**
   * The module's rules: the same rules, names and messages as data (`local.fast_path_rules` and
   * `local.fast_path_targets`), and one rule resource and one target resource `for_each` over those
   * Terraform keeps. Returns the rules' names as Terraform expressions, for the failure alarm.
   */
  private planTimeRules(props: FastPathProps, planned: NonNullable<FastPathProps['planTime']>): string[] {
    const forAll = new Map(planned.rulesForAllBuckets.map((rule) => [rule.id, rule]));
    if (forAll.size !== props.rules.length || props.rules.some((rule) => !forAll.has(rule.id))) {
      throw new Error('the fast path for every bucket has other rules than for the watched ones; the module cannot choose between them');
    }
    const buckets = planned.watchedBuckets.planTimeExpression;
    const rules = Object.fromEntries(
      props.rules.map((rule) => {
        const scoped = JSON.stringify(rule.eventPattern);
        const all = JSON.stringify(forAll.get(rule.id)!.eventPattern);
        const bucketList = JSON.stringify([WATCHED_BUCKET]);
        if (scoped !== all && scoped.split(bucketList).length !== 2) {
          throw new Error(`${rule.id}: its event pattern does not name the watched buckets as one list, so the module cannot scope it`);
        }
        const eventPattern = scoped === all
          ? scoped
          : `\${length(${buckets}) == 0 ? ${hclQuoted(all)} : replace(${hclQuoted(scoped)}, ${hclQuoted(bucketList)}, jsonencode(${buckets}))}`;
        const message = fastPathMessage(rule, { location: props.location, logGroupName: props.logGroupName, runbookUrl: props.runbookUrl(rule.id) });
        const name = hclQuoted(`${props.ruleNamePrefix}-${rule.id}`);
        return [
          rule.id,
          {
            // fastPathRuleName, in Terraform: the module's prefix is known at plan time only.
            name: `\${length(${name}) <= 64 ? ${name} : "\${substr(${name}, 0, 55)}-\${substr(sha256(${name}), 0, 8)}"}`,
            description: `s3-audit-trail fast path: ${rule.title}`.slice(0, 512),
            event_pattern: eventPattern,
            input_paths: message.inputPaths,
            input_template: message.inputTemplate,
          },
        ];
      }),
    );
    const targets = Object.fromEntries(
      props.rules.flatMap((rule) => {
        const topics = props.topicsFor(rule.severity);
        if (Token.isUnresolved(topics)) throw new Error(`${rule.id}: the topics of a ${rule.severity} message are known at plan time only; the module's fast path needs them listed`);
        return topics.map((arn, index) => [`${rule.id}/${index}`, { rule: rule.id, arn, target_id: index === 0 ? 'alarm-topic' : 'paging-topic' }]);
      }),
    );
    new TerraformLocal(this, 'fast_path_rules', rules).overrideLogicalId('fast_path_rules');
    new TerraformLocal(this, 'fast_path_targets', targets).overrideLogicalId('fast_path_targets');
    const kept = (id: string) => `${planned.on.planTimeExpression} && try(${planned.overrides.planTimeExpression}[${id}].enabled, true) != false`;

    const rule = TerraformIterator.fromMap(Token.asAnyMap(`\${{ for id, rule in local.fast_path_rules : id => rule if ${kept('id')} }}`));
    const resource = new CloudwatchEventRule(this, 'Rule', {
      forEach: rule,
      name: rule.getString('name'),
      description: rule.getString('description'),
      eventPattern: rule.getString('event_pattern'),
    });
    this.rules.push(resource);
    const target = TerraformIterator.fromMap(Token.asAnyMap(`\${{ for key, target in local.fast_path_targets : key => target if ${kept('target.rule')} }}`));
    new CloudwatchEventTarget(this, 'Target', {
      forEach: target,
      rule: `\${${resource.fqn}[each.value.rule].name}`,
      targetId: target.getString('target_id'),
      arn: target.getString('arn'),
      inputTransformer: {
        inputPaths: Token.asStringMap('${local.fast_path_rules[each.value.rule].input_paths}'),
        inputTemplate: '${local.fast_path_rules[each.value.rule].input_template}',
      },
    });
    return props.rules.map((r) => `\${local.fast_path_rules[${JSON.stringify(r.id)}].name}`);
  }

  /**
   * An alarm when EventBridge gives up delivering a message of these rules: a policy that refuses
   * it, a key it may not use. It reaches the topics through CloudWatch, the path that does not depend on them.
   */
  private failureAlarm(props: FastPathProps, ruleNames: readonly string[], index: number, of: number): CloudwatchMetricAlarm {
    const suffix = of > 1 ? `-${index + 1}` : '';
    return new CloudwatchMetricAlarm(this, `FailedInvocations${suffix}`, {
      count: props.planTime ? Token.asNumber(`\${${props.planTime.on.planTimeExpression} ? 1 : 0}`) : undefined,
      alarmName: `${props.ruleNamePrefix}-fast-path-failed${suffix}`,
      alarmDescription:
        `[high] The fast path could not deliver a message: EventBridge FailedInvocations on ${ruleNames.length} rule${ruleNames.length === 1 ? '' : 's'}` +
        `${of > 1 ? ` (group ${index + 1} of ${of})` : ''}. The alarms still report the events; fix the topic policy (events.amazonaws.com, aws:SourceArn) ` +
        `or the key policy. Runbook: ${props.failureRunbookUrl}`,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      evaluationPeriods: 10,
      datapointsToAlarm: 1,
      treatMissingData: 'notBreaching',
      metricQuery: [
        ...ruleNames.map((ruleName, position) => ({
          id: `rule${position}`,
          returnData: false,
          metric: { namespace: 'AWS/Events', metricName: 'FailedInvocations', dimensions: { RuleName: ruleName }, period: 60, stat: 'Sum' },
        })),
        { id: 'failed', expression: 'SUM(METRICS())', label: 'Fast-path messages EventBridge could not deliver', returnData: true },
      ],
      alarmActions: props.topicsFor('high'),
      dependsOn: this.rules,
    });
  }
}
