import { Construct } from 'constructs';
import { ITerraformIterator } from 'cdktf';
import { CloudwatchQueryDefinition } from '@cdktf/provider-aws/lib/cloudwatch-query-definition';
import { detectionAlarmDescription } from './alarm-description';
import { AwsLocation } from './arns';
import { consoleString, EVIDENCE_WINDOW_SECONDS, isTerraformValue, logsInsightsUrl } from './console-urls';
import { COMPACT_EVIDENCE_FIELDS, COMPACT_LISTING_QUERY, fieldsLine } from './detections/insights-query';

const FULL_FIELDS = consoleString(fieldsLine());
const COMPACT_FIELDS = consoleString(fieldsLine(COMPACT_EVIDENCE_FIELDS));

/** An encoded query with the compact fields line instead of the full one; a Terraform expression for the module's. */
function withCompactFields(encoded: string): string {
  const lone = /^\$\{([^{}]*)\}$/.exec(encoded);
  // A cdktf token (an iterator's `each.value...`) stays whole: cdktf writes it bare inside the expression.
  if (lone) return `\${replace(${lone[1].startsWith('TfToken[') ? encoded : lone[1]}, "${FULL_FIELDS}", "${COMPACT_FIELDS}")}`;
  if (!encoded.startsWith(FULL_FIELDS)) throw new Error(`an evidence query does not start with the evidence fields: ${encoded.slice(0, 80)}`);
  return `${COMPACT_FIELDS}${encoded.slice(FULL_FIELDS.length)}`;
}

export interface DetectionEvidenceProps {
  readonly location: AwsLocation;
  /** The trail's log group, which the query reads. */
  readonly logGroupName: string;
  /**
   * The same name as written, for the links (a Terraform reference would make them expressions).
   * @default logGroupName
   */
  readonly linkedLogGroupName?: string;
  /**
   * `<alarmNamePrefix>/<detection id>`: the console lists saved queries with a `/` in a folder, so
   * each environment's queries sit together.
   */
  readonly savedQueryName: string;
  /** The Logs Insights query (see modules/detections/insights-query.ts). */
  readonly query: string;
  /**
   * The query encoded for a console URL.
   * @default consoleString(query); the exported module gives one it encodes at plan time
   */
  readonly encodedQuery?: string;
  /**
   * How far back the links look from when they are opened.
   * @default EVIDENCE_WINDOW_SECONDS (24 hours)
   */
  readonly windowSeconds?: number | string;
  /** Where the detection's runbook is. */
  readonly runbookUrl: string;
  /**
   * For the exported module's detections: one saved query per entry.
   * @default one saved query
   */
  readonly forEach?: ITerraformIterator;
}

/** Saved-query names the Terraform provider and CloudWatch Logs accept: 1 to 255 characters, no `:` or `*`, no `/` at either end. */
const SAVED_QUERY_NAME = /^([^:*/]+\/?)*[^:*/]+$/;

/**
 * A detection's saved Logs Insights query, and the links to the evidence its alarm's description
 * carries: the query on the log group over the alarm's window, and the runbook.
 */
export class DetectionEvidence extends Construct {
  public readonly query: CloudwatchQueryDefinition;
  public readonly savedQueryName: string;
  /** Logs Insights with the detection's query. */
  public readonly queryUrl: string;
  /** The same query with fewer fields (who, what, bucket, key, from where, when): when the whole one does not fit. */
  public readonly compactQueryUrl: string;
  /** Logs Insights listing the log group's events with the compact fields, for when no query of the detection fits. */
  public readonly logGroupUrl: string;
  private readonly runbookUrl: string;

  constructor(scope: Construct, id: string, props: DetectionEvidenceProps) {
    super(scope, id);
    const name = props.savedQueryName;
    if (!isTerraformValue(name) && (name.length > 255 || !SAVED_QUERY_NAME.test(name))) {
      throw new Error(`saved query name ${JSON.stringify(name)} is not accepted; expected 1 to 255 characters without ":" or "*", not starting or ending with "/"`);
    }
    this.query = new CloudwatchQueryDefinition(this, 'Resource', {
      forEach: props.forEach,
      name,
      logGroupNames: [props.logGroupName],
      queryString: props.query,
    });
    this.savedQueryName = name;
    const link = { location: props.location, logGroupName: props.linkedLogGroupName ?? props.logGroupName, windowSeconds: props.windowSeconds ?? EVIDENCE_WINDOW_SECONDS };
    const encoded = props.encodedQuery ?? consoleString(props.query);
    this.queryUrl = logsInsightsUrl({ ...link, encodedQuery: encoded });
    this.compactQueryUrl = logsInsightsUrl({ ...link, encodedQuery: withCompactFields(encoded) });
    this.logGroupUrl = logsInsightsUrl({ ...link, encodedQuery: consoleString(COMPACT_LISTING_QUERY) });
    this.runbookUrl = props.runbookUrl;
  }

  /** The description of the detection's alarm, with these links, within CloudWatch's limit. */
  public alarmDescription(detection: { readonly severity: string; readonly title: string; readonly description: string }): string {
    return detectionAlarmDescription({
      severity: detection.severity,
      title: detection.title,
      description: detection.description,
      queryUrl: this.queryUrl,
      compactQueryUrl: this.compactQueryUrl,
      logGroupUrl: this.logGroupUrl,
      savedQueryName: this.savedQueryName,
      runbookUrl: this.runbookUrl,
    });
  }
}
