/**
 * Turns a detection's CloudWatch Logs filter pattern into a CloudWatch Logs Insights query that lists
 * the events the pattern counts, with who did what to which object: the query behind each alarm's
 * "Logs Insights" link and each saved query definition.
 *
 * Why this is hand-written: no library translates between the two languages. The translation works
 * on the filter-pattern evaluator's own syntax tree (filter-pattern.ts), so the query selects what
 * the evaluator matches, construct by construct, never a per-detection rewrite by hand.
 *
 * Insights syntax, from the CloudWatch Logs User Guide:
 * - "filter" (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Filter.html):
 *   = != < <= > >=, and/or/not, `in [...]` for complete string matches, `like /regex/`.
 * - "Fields that contain special characters" (.../logs/CWL_QuerySyntax-Guidelines.html): a field
 *   name with characters other than letters, digits, `@` and `.` goes in backticks, whole.
 * - "Supported logs and discovered fields", Fields in JSON logs
 *   (.../logs/CWL_AnalyzeLogData-discoverable-fields.html): nested JSON fields in dot notation,
 *   array items by index (`requestParameters.instancesSet.items.0.instanceId`).
 * - "CloudWatch Logs Insights query syntax" (archived guide): `ispresent(f)` is true when the field
 *   exists; `like` and regular expressions are case-sensitive.
 *
 * Where the filter pattern and Insights differ, the translation says so where it deals with it.
 * Where Insights' behaviour is not documented (how it types JSON booleans, null and numbers, and
 * compares across types), the translation is written to select the same events under every
 * plausible behaviour, or else more events, never fewer: evidence that shows one event too many is
 * an inconvenience, evidence that hides one is a miss. __tests__/detections/insights-query.test.ts
 * checks this over every shipped detection and the CloudTrail fixtures.
 */
import {
  CompareOp,
  JsonExpr,
  Literal,
  NUMBER_RE,
  parseFilterPatternSyntax,
  Segment,
  Term,
} from './filter-pattern';

/**
 * What each event of a detection's query shows: when, in which account (an organization trail's log
 * group holds every member's events), who (and which role), what, on what, from where.
 */
export const EVIDENCE_FIELDS: readonly string[] = [
  '@timestamp',
  'recipientAccountId',
  'userIdentity.arn',
  'userIdentity.sessionContext.sessionIssuer.arn',
  'eventName',
  'requestParameters.bucketName',
  'requestParameters.key',
  'sourceIPAddress',
  'userAgent',
];

/**
 * The fields of an alarm's link when the whole query does not fit in its description: who, what,
 * which bucket and key, from where, and when. The saved query keeps every field.
 */
export const COMPACT_EVIDENCE_FIELDS: readonly string[] = [
  '@timestamp',
  'userIdentity.arn',
  'eventName',
  'requestParameters.bucketName',
  'requestParameters.key',
  'sourceIPAddress',
];

/** `fields ...`, the first line of every query this module writes. */
export function fieldsLine(fields: readonly string[] = EVIDENCE_FIELDS): string {
  return `fields ${fields.join(', ')}`;
}

/** A query that lists the events of the log group, with the compact fields, newest first: no filter. */
export const COMPACT_LISTING_QUERY = [fieldsLine(COMPACT_EVIDENCE_FIELDS), '| sort @timestamp desc'].join('\n');

/** Thrown for a pattern construct the translation cannot express faithfully. */
export class InsightsTranslationError extends Error {
  constructor(readonly pattern: string, reason: string) {
    super(`Cannot translate filter pattern to a Logs Insights query: ${reason}. Pattern: ${pattern}`);
    this.name = 'InsightsTranslationError';
  }
}

/**
 * The Logs Insights query listing the events `pattern` matches, newest first. A pattern that matches
 * every event (the empty pattern) gets no filter line.
 */
export function insightsQuery(pattern: string): string {
  // Every stack asks again for the same catalog patterns; parsing and translating one costs more
  // than the rest of its alarm. A pattern that fails to translate throws each time, as before.
  let query = insightsQueries.get(pattern);
  if (query === undefined) {
    const filter = insightsFilter(pattern);
    query = [fieldsLine(), ...(filter === undefined ? [] : [`| filter ${filter}`]), '| sort @timestamp desc'].join('\n');
    insightsQueries.set(pattern, query);
  }
  return query;
}

/** The query of each pattern translated so far in this process: patterns are few, and a query depends on its pattern alone. */
const insightsQueries = new Map<string, string>();

/** The condition of the `filter` command selecting what `pattern` matches; undefined when it matches every event. */
export function insightsFilter(pattern: string): string | undefined {
  const syntax = parseFilterPatternSyntax(pattern);
  const translator = new Translator(pattern);
  return syntax.kind === 'json' ? translator.expression(syntax.expression).text : translator.terms(syntax.terms)?.text;
}

/**
 * A translated condition and the operator at its top, which decides whether it needs parentheses;
 * for `and` / `or`, its operands as written, so that joining with the same operator flattens.
 */
interface Condition {
  readonly text: string;
  readonly top: 'and' | 'or' | 'atom';
  readonly parts?: readonly string[];
}

const atom = (text: string): Condition => ({ text, top: 'atom' });

/** Field names Insights would read as part of the query language rather than as a field. */
const QUERY_WORDS = new Set(['and', 'or', 'not', 'in', 'like', 'as', 'by', 'asc', 'desc', 'true', 'false', 'null']);

/** A JSON string or number the filter pattern compares with; a leading and/or trailing `*` is a wildcard. */
type StringTest =
  | { readonly kind: 'any' }
  | { readonly kind: 'exact'; readonly text: string }
  | { readonly kind: 'prefix' | 'suffix' | 'contains'; readonly text: string };

/** The same reading of `*` as the evaluator's `wildcardMatcher`. */
function stringTest(value: string): StringTest {
  if (value === '*') return { kind: 'any' };
  const leading = value.startsWith('*');
  const trailing = value.length > 1 && value.endsWith('*');
  const text = value.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return text === '' ? { kind: 'any' } : { kind: 'contains', text };
  if (leading) return { kind: 'suffix', text };
  if (trailing) return { kind: 'prefix', text };
  return { kind: 'exact', text };
}

/**
 * The number a string literal also equals in the evaluator when the JSON value is a number: it
 * compares `String(value)` with the literal, so "5" equals 5 but "5.0" and "05" do not.
 */
function numberSpelledAs(text: string): number | undefined {
  return NUMBER_RE.test(text) && String(Number(text)) === text ? Number(text) : undefined;
}

/** Characters with a meaning in a regular expression, and `/`, which ends an Insights regex literal. */
const REGEX_SPECIAL = /[\\^$.|?*+()[\]{}/]/g;

class Translator {
  constructor(private readonly pattern: string) {}

  /** `?a ?b` is any of the terms; `a b -c` all of the included ones and none of the excluded. */
  terms(terms: readonly Term[]): Condition | undefined {
    if (terms.length === 0) return undefined;
    // The evaluator matches a term as a case-sensitive substring of the whole message.
    const contains = (term: Term) => `@message ${term.mode === 'exclude' ? 'not like' : 'like'} ${this.regex(escapeRegex(this.literalText(term.text)))}`;
    return terms[0].mode === 'any' ? this.join('or', terms.map((t) => atom(contains(t)))) : this.join('and', terms.map((t) => atom(contains(t))));
  }

  expression(expr: JsonExpr): Condition {
    switch (expr.type) {
      case 'and':
        return this.join('and', expr.operands.map((operand) => this.expression(operand)));
      case 'or':
        return this.join('or', this.orOperands(expr.operands));
      case 'notExists':
        // Absent in the evaluator: some step of the path is missing. In Insights an object or an
        // array is not itself a field (its members are), so a path to one is "not present" there
        // although the evaluator finds it: the query shows such events too.
        return atom(`not ispresent(${this.field(expr.path)})`);
      case 'is':
        return this.isTest(expr.path, expr.test);
      case 'compare':
        return expr.value.kind === 'number' ? this.numberCompare(expr.path, expr.op, expr.value.value) : this.stringCompare(expr.path, expr.op, expr.value);
    }
  }

  /**
   * Exact string equalities on one field, among the operands of `||`, become one `field in [...]`
   * (complete string matches, as `=` is); the rest translate one by one, in their order.
   */
  private orOperands(operands: readonly JsonExpr[]): Condition[] {
    const exactByField = new Map<string, string[]>();
    const inList = (operand: JsonExpr): [string, string] | undefined => {
      if (operand.type !== 'compare' || operand.op !== '=' || operand.value.kind !== 'string') return undefined;
      const test = stringTest(operand.value.text);
      if (test.kind !== 'exact' || numberSpelledAs(test.text) !== undefined) return undefined;
      return [this.field(operand.path), test.text];
    };
    for (const operand of operands) {
      const entry = inList(operand);
      if (entry) exactByField.set(entry[0], [...(exactByField.get(entry[0]) ?? []), entry[1]]);
    }
    const conditions: Condition[] = [];
    const done = new Set<string>();
    for (const operand of operands) {
      const entry = inList(operand);
      const values = entry && exactByField.get(entry[0]);
      if (!entry || !values || values.length < 2) {
        conditions.push(this.expression(operand));
      } else if (!done.has(entry[0])) {
        done.add(entry[0]);
        conditions.push(atom(`${entry[0]} in [${[...new Set(values)].map((value) => this.string(value)).join(', ')}]`));
      }
    }
    return conditions;
  }

  private stringCompare(path: readonly Segment[], op: CompareOp, value: Literal & { kind: 'string' }): Condition {
    const field = this.field(path);
    const test = stringTest(value.text);
    if (op === '=') return this.stringMatch(field, test);
    // op is '!=' (the parser takes only numbers for < > <= >=). The evaluator's != is false when the
    // selector finds no string or number (absent, object, array): see valueTest in filter-pattern.ts.
    // Whether Insights' != is true or false on an absent field is not documented, so the query asks
    // for the field to be present either way.
    const present = `ispresent(${field})`;
    switch (test.kind) {
      case 'any':
        // Every string or number equals "*", so != "*" holds for no event at all.
        return this.join('and', [atom(present), atom(`not ${present}`)]);
      case 'exact': {
        const number = numberSpelledAs(test.text);
        const differs = [atom(`${field} != ${this.string(test.text)}`), ...(number === undefined ? [] : [atom(`${field} != ${number}`)])];
        return this.join('and', [atom(present), ...differs]);
      }
      default:
        return this.join('and', [atom(present), atom(`${field} not like ${this.regex(this.wildcardRegex(test))}`)]);
    }
  }

  private stringMatch(field: string, test: StringTest): Condition {
    switch (test.kind) {
      case 'any':
        // "*" matches any string or number. Insights cannot tell those from a boolean or null, so
        // the query also shows events where the field holds one.
        return atom(`ispresent(${field})`);
      case 'exact': {
        const exact = atom(`${field} = ${this.string(test.text)}`);
        // "5" also matches the JSON number 5 in the evaluator; Insights does not document whether
        // a number field equals a string literal, so both spellings are asked for.
        const number = numberSpelledAs(test.text);
        return number === undefined ? exact : this.join('or', [exact, atom(`${field} = ${number}`)]);
      }
      default:
        return atom(`${field} like ${this.regex(this.wildcardRegex(test))}`);
    }
  }

  /** `*` only at the start and/or end of a value: an anchored regular expression around the literal text. */
  private wildcardRegex(test: StringTest & { kind: 'prefix' | 'suffix' | 'contains' }): string {
    const text = escapeRegex(this.literalText(test.text));
    return test.kind === 'prefix' ? `^${text}` : test.kind === 'suffix' ? `${text}$` : text;
  }

  /**
   * The evaluator compares a number with a JSON number, or with a string spelled as a number (CloudTrail
   * writes account ids as strings: "123456789012" = 123456789012 holds). A non-numeric string is only
   * ever != a number. For = the query asks for the number and its plain spelling ("5"); other
   * spellings of it in a string ("05", "5.0") are not asked for.
   */
  private numberCompare(path: readonly Segment[], op: CompareOp, value: number): Condition {
    const field = this.field(path);
    const present = atom(`ispresent(${field})`);
    const spelled = this.string(String(value));
    if (op === '=') return this.join('or', [atom(`${field} = ${value}`), atom(`${field} = ${spelled}`)]);
    if (op === '!=') return this.join('and', [present, atom(`${field} != ${value}`), atom(`${field} != ${spelled}`)]);
    // Ordering comparisons: Insights' comparison operators "accept all data types"; that a numeric
    // string compares as its number is assumed, not documented.
    return this.join('and', [present, atom(`${field} ${op} ${value}`)]);
  }

  /**
   * IS TRUE / IS FALSE / IS NULL test the JSON literal itself. Insights does not document how it types
   * JSON booleans and null; booleans are widely reported to read as 1 and 0 (`filter readOnly = 0`),
   * so both that and the literal's text are asked for. For null, which Insights may drop or keep as
   * an empty value, the query asks for the field to be missing or empty (`isempty`): a superset.
   */
  private isTest(path: readonly Segment[], test: 'NULL' | 'TRUE' | 'FALSE'): Condition {
    const field = this.field(path);
    if (test === 'NULL') return this.join('or', [atom(`isempty(${field})`), atom(`${field} = "null"`)]);
    const [number, text] = test === 'TRUE' ? [1, '"true"'] : [0, '"false"'];
    return this.join('or', [atom(`${field} = ${number}`), atom(`${field} = ${text}`)]);
  }

  /** `a.b.0.c`, in backticks when a step has characters other than letters and digits, or is a query word. */
  private field(path: readonly Segment[]): string {
    const name = path.map(String).join('.');
    const plain = path.every((segment) => typeof segment === 'number' || (/^[A-Za-z0-9]+$/.test(segment) && !QUERY_WORDS.has(segment.toLowerCase())));
    return plain ? name : `\`${name}\``;
  }

  /**
   * A string literal. Insights takes double or single quotes; which escapes it reads inside them is
   * not documented, so a value with `"` goes in single quotes, and one with both quotes or a
   * backslash is refused rather than guessed at.
   */
  private string(text: string): string {
    if (/[\\\n\r]/.test(text) || (text.includes('"') && text.includes("'"))) {
      throw new InsightsTranslationError(this.pattern, `the value ${JSON.stringify(text)} has a backslash, a line break or both kinds of quote`);
    }
    return text.includes('"') ? `'${text}'` : `"${text}"`;
  }

  private regex(source: string): string {
    return `/${source}/`;
  }

  /**
   * Literal text for a regular expression. A Terraform reference (a value known only at apply time,
   * such as the trail key's ARN) cannot be escaped for a regex here, so a wildcard around one is refused.
   */
  private literalText(text: string): string {
    if (text.includes('${')) throw new InsightsTranslationError(this.pattern, `a wildcard or term around a value known only at apply time (${text})`);
    if (/[\n\r]/.test(text)) throw new InsightsTranslationError(this.pattern, `the value ${JSON.stringify(text)} has a line break`);
    return text;
  }

  /** Joins conditions with `and` or `or`, parenthesising any whose top operator differs; a repeated one once. */
  private join(op: 'and' | 'or', conditions: readonly Condition[]): Condition {
    const parts = [...new Set(conditions.flatMap((c) => (c.top === op ? (c.parts ?? [c.text]) : [c.top === 'atom' ? c.text : `(${c.text})`])))];
    if (parts.length === 1) return conditions.find((c) => c.top === op) ?? conditions[0];
    return { text: parts.join(` ${op} `), top: op, parts };
  }
}

function escapeRegex(text: string): string {
  return text.replace(REGEX_SPECIAL, (c) => `\\${c}`);
}
