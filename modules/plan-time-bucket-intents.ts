import { Construct } from 'constructs';
import { TerraformLocal } from 'cdktf';
import { HclIntentNames, INTENT_TEMPLATES, IntentTemplate, renderTemplate, templateLiteral, writerComparedAsCondition } from './bucket-intent-templates';
import { consoleString } from './console-urls';
import { planTime, PlanTime } from './plan-time';

export interface PlanTimeBucketIntentsProps {
  /**
   * `var.bucket_intents`: a map of bucket name to `{ expected_writers, immutable_prefixes }`, both
   * lists of strings (empty when left out).
   */
  readonly intents: PlanTime;
}

/** Bucket, list and item as the locals below name them. */
const NAMES: HclIntentNames = {
  bucket: 'bucket',
  lists: {
    expectedWriters: 'intent.expected_writers',
    issuerWriters: 'local.bucket_intent_writers[bucket].issuer',
    principalWriters: 'local.bucket_intent_writers[bucket].principal',
    immutablePrefixes: 'intent.immutable_prefixes',
  },
};

/**
 * For the exported module: the per-bucket detections of `var.bucket_intents` as a Terraform local
 * in the shape of `local.detection_catalog` (see PlanTimeDetections), so the same `for_each`
 * filters, alarms and saved queries serve both. Each text is a template of
 * bucket-intent-templates.ts rendered for Terraform.
 */
export class PlanTimeBucketIntents extends Construct {
  /** `local.bucket_intent_detections`: per-bucket detection id to its catalog-shaped entry. */
  public readonly detections: PlanTime;

  constructor(scope: Construct, id: string, props: PlanTimeBucketIntentsProps) {
    super(scope, id);
    const intents = props.intents.planTimeExpression;
    const compared = writerComparedAsCondition('writer');
    new TerraformLocal(this, 'bucket_intent_writers',
      `\${{ for bucket, intent in ${intents} : bucket => { ` +
        `issuer = [for writer in intent.expected_writers : writer if ${compared.issuer}], ` +
        `principal = [for writer in intent.expected_writers : writer if ${compared.principal}] } }}`,
    ).overrideLogicalId('bucket_intent_writers');

    const entries = INTENT_TEMPLATES.map((template) => `{ for bucket, intent in ${intents} : "${template.templateId}.\${bucket}" => ${entry(template)} if length(${NAMES.lists[template.when]}) > 0 }`);
    new TerraformLocal(this, 'bucket_intent_entries', `\${merge(${entries.join(', ')})}`).overrideLogicalId('bucket_intent_entries');

    // The console link carries the query encoded as consoleString does, character by character.
    const ascii = Array.from({ length: 0x7f }, (_, code) => String.fromCharCode(code)).filter((c) => c === '\n' || c === '\t' || c >= ' ');
    const encoded = ascii.filter((c) => consoleString(c) !== c);
    new TerraformLocal(this, 'console_codes',
      `\${zipmap([${encoded.map((c) => `"${templateLiteral(c)}"`).join(', ')}], [${encoded.map((c) => `"${consoleString(c)}"`).join(', ')}])}`,
    ).overrideLogicalId('console_codes');
    new TerraformLocal(this, 'bucket_intent_detections',
      '${{ for id, detection in local.bucket_intent_entries : id => merge(detection, { ' +
        'insights_query_console = join("", [for c in split("", detection.insights_query) : lookup(local.console_codes, c, c)]) }) }}',
    ).overrideLogicalId('bucket_intent_detections');
    this.detections = planTime('local.bucket_intent_detections');
  }
}

/** One bucket's entry, with what the filter's precondition says when its pattern is too long. */
function entry(template: IntentTemplate): string {
  const text = (parts: IntentTemplate['pattern']) => `"${renderTemplate(parts, NAMES)}"`;
  const { severity, namespace, alarm } = template.constants;
  const attributes: Record<string, string> = {
    pattern: text(template.pattern),
    insights_query: text(template.insightsQuery),
    metric_name: text(template.metricName),
    namespace: JSON.stringify(namespace),
    title: text(template.title),
    severity: JSON.stringify(severity),
    description: text(template.description),
    statistic: JSON.stringify(alarm.statistic),
    period_seconds: String(alarm.periodSeconds),
    evaluation_periods: String(alarm.evaluationPeriods),
    datapoints_to_alarm: String(alarm.datapointsToAlarm ?? 0),
    threshold: String(alarm.threshold),
    treat_missing_data: JSON.stringify(alarm.treatMissingData),
    // Read by the filter's precondition (AuditAlarms.addDetectionsForEach) if the pattern outgrows the limit.
    too_long_subject: `"bucket_intents[\\"\${bucket}\\"].${template.tooLong.field}: \${length(${NAMES.lists[template.when]})} ${template.tooLong.noun}"`,
    too_long_advice: JSON.stringify(template.tooLong.advice),
  };
  return `{ ${Object.entries(attributes).map(([key, value]) => `${key} = ${value}`).join(', ')} }`;
}
