import { Construct } from 'constructs';
import { ITerraformIterator } from 'cdktf';
import { CloudwatchQueryDefinition } from '@cdktf/provider-aws/lib/cloudwatch-query-definition';
import { detectionAlarmDescription } from './alarm-description';
import { AwsLocation } from './arns';
import { consoleString, isTerraformValue, logsInsightsUrl } from './console-urls';

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
  /** The alarm's window, period times evaluation periods: how far back the link looks. */
  readonly windowSeconds: number | string;
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
  /** Logs Insights on the log group, for when the query does not fit in a description. */
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
    const link = { location: props.location, logGroupName: props.linkedLogGroupName ?? props.logGroupName, windowSeconds: props.windowSeconds };
    this.queryUrl = logsInsightsUrl({ ...link, encodedQuery: props.encodedQuery ?? consoleString(props.query) });
    this.logGroupUrl = logsInsightsUrl(link);
    this.runbookUrl = props.runbookUrl;
  }

  /** The description of the detection's alarm, with these links, within CloudWatch's limit. */
  public alarmDescription(detection: { readonly severity: string; readonly title: string; readonly description: string }): string {
    return detectionAlarmDescription({
      severity: detection.severity,
      title: detection.title,
      description: detection.description,
      queryUrl: this.queryUrl,
      logGroupUrl: this.logGroupUrl,
      savedQueryName: this.savedQueryName,
      runbookUrl: this.runbookUrl,
    });
  }
}
