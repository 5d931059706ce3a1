/**
 * Absolute AWS console URLs that open CloudWatch Logs Insights on a log group, for the links in
 * alarm descriptions.
 *
 * AWS does not document the console's URLs. The form here is reverse-engineered and widely used
 * (in public tools and runbooks that link alarms to Logs Insights):
 *
 *   https://<region>.console.aws.amazon.com/cloudwatch/home?region=<region>#logsV2:logs-insights
 *     $3FqueryDetail$3D~(end~0~start~-<seconds>~timeType~'RELATIVE~unit~'seconds
 *     ~editorString~'<query>~source~(~'<log group>))
 *
 * The fragment is `logs-insights` then `?queryDetail=<object>` URL-encoded with `$` for `%`. The
 * object is written in the console's JSURL-like notation: `~(key~value~...)` for an object, `(~a~b)`
 * for an array, `'` before a string, whose characters other than letters, digits, `_`, `.` and `-`
 * are `*` and two lowercase hex digits (`*20` a space, `*2f` a slash). Those JSURL characters are
 * all left alone by URL encoding, so the fragment needs no second encoding.
 *
 * If the console changes this format, the links still open Logs Insights on the log group, or the
 * console home: nothing else depends on them.
 */
import { AwsLocation } from './arns';
import { hclQuoted } from './plan-time';

/** A cdktf token inside a string: a value only Terraform knows. */
const TOKEN = /\$\{TfToken\[[^\]]+\]\}/g;

/** Characters the console leaves as they are inside a string value. */
const PLAIN = /^[A-Za-z0-9_.-]$/;

/**
 * `text` as a string value in the console's notation, without its leading `'`. Tokens (a KMS key
 * ARN, the module's names) are encoded by Terraform: their values hold only letters, digits and
 * `- _ . : /`, the characters of ARNs, names and regions, so `:` and `/` are the ones to encode.
 * Characters outside ASCII are refused: how the console encodes them is not known.
 */
export function consoleString(text: string): string {
  let encoded = encodedStrings.get(text);
  if (encoded === undefined) {
    encoded = encodeWithTokens(text);
    // Only literal text is kept: the same queries recur in every stack, while token strings are
    // unique to one stack and would only make the cache grow.
    if (!text.includes('${')) encodedStrings.set(text, encoded);
  }
  return encoded;
}

/** `consoleString` of each token-free text encoded so far in this process: encoding walks every character. */
const encodedStrings = new Map<string, string>();

function encodeWithTokens(text: string): string {
  const parts: string[] = [];
  let last = 0;
  for (let start = text.indexOf('${'); start !== -1; start = text.indexOf('${', last)) {
    const end = closingBrace(text, start);
    const value = text.slice(start, end + 1);
    // A token is a reference cdktf writes bare inside the expression; a Terraform expression the
    // text holds (the module's choice of log group) is written there as it is.
    const expression = TOKEN_ONLY.test(value) ? value : value.slice(2, -1);
    parts.push(encodeLiteral(text.slice(last, start)));
    parts.push(`\${replace(replace(${expression}, ":", "*3a"), "/", "*2f")}`);
    last = end + 1;
  }
  parts.push(encodeLiteral(text.slice(last)));
  return parts.join('');
}

const TOKEN_ONLY = new RegExp(`^${TOKEN.source}$`);

/** The index of the `}` that closes the `${` at `start`. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start + 1; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    if (text[i] === '}' && --depth === 0) return i;
  }
  throw new Error(`unbalanced \${ in ${text}`);
}

function encodeLiteral(text: string): string {
  if (text.includes('${')) throw new Error(`cannot encode a Terraform expression for a console URL: ${text}`);
  let encoded = '';
  for (const c of text) {
    const code = c.codePointAt(0) as number;
    if (code > 0x7f) throw new Error(`cannot encode ${JSON.stringify(c)} for a console URL: only ASCII is known to round-trip`);
    encoded += PLAIN.test(c) ? c : `*${code.toString(16).padStart(2, '0')}`;
  }
  return encoded;
}

/**
 * The console's address for a partition: `https://<region>.console.aws.amazon.com`, China's
 * `https://<region>.console.amazonaws.cn`, GovCloud's `https://console.amazonaws-us-gov.com` (one
 * host for both of its regions; the `region` parameter picks). For the exported module, where the
 * partition is known only at plan time, a Terraform conditional.
 */
export function consoleOrigin(location: AwsLocation): string {
  const { partition, region } = location;
  const origins: Record<string, string> = {
    aws: `https://${region}.console.aws.amazon.com`,
    'aws-cn': `https://${region}.console.amazonaws.cn`,
    'aws-us-gov': 'https://console.amazonaws-us-gov.com',
  };
  if (!isTerraformValue(partition)) {
    const origin = origins[partition];
    if (origin === undefined) throw new Error(`no console is known for partition ${JSON.stringify(partition)}; expected aws, aws-cn or aws-us-gov`);
    return origin;
  }
  const is = (name: string) => `${hclQuoted(partition)} == "${name}"`;
  return `\${${is('aws-cn')} ? ${hclQuoted(origins['aws-cn'])} : (${is('aws-us-gov')} ? ${hclQuoted(origins['aws-us-gov'])} : ${hclQuoted(origins.aws)})}`;
}

/**
 * How far back every evidence link looks, from when it is opened: an alarm email is read minutes
 * to hours after the alarm, and the link is relative (a description cannot hold the alarm's time).
 */
export const EVIDENCE_WINDOW_SECONDS = 24 * 3600;

export interface LogsInsightsLink {
  readonly location: AwsLocation;
  readonly logGroupName: string;
  /**
   * How far back the query looks, relative to when the link is opened: a number of seconds, or a
   * Terraform expression for one.
   */
  readonly windowSeconds: number | string;
  /**
   * The query to open, already encoded with `consoleString` (so that the exported module can
   * encode it at plan time).
   * @default none: Logs Insights opens on the log group with its default query
   */
  readonly encodedQuery?: string;
}

/** Logs Insights on `logGroupName`, with the query in the editor when one is given. */
export function logsInsightsUrl(link: LogsInsightsLink): string {
  const window = typeof link.windowSeconds === 'number' ? String(link.windowSeconds) : link.windowSeconds;
  const editor = link.encodedQuery === undefined ? '' : `~editorString~'${link.encodedQuery}`;
  return (
    `${consoleOrigin(link.location)}/cloudwatch/home?region=${link.location.region}` +
    `#logsV2:logs-insights$3FqueryDetail$3D~(end~0~start~-${window}~timeType~'RELATIVE~unit~'seconds` +
    `${editor}~source~(~'${consoleString(link.logGroupName)}))`
  );
}

/** Whether a string holds something only Terraform can compute: a cdktf token or a `${...}` expression. */
export function isTerraformValue(text: string): boolean {
  return text.includes('${');
}
