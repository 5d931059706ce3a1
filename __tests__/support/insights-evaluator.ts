/**
 * A small evaluator of the Logs Insights `filter` conditions the translator writes
 * (modules/detections/insights-query.ts), over CloudTrail records, so that a test can compare its
 * verdict with the filter-pattern evaluator's on the same records. It reads the query text itself,
 * so quoting, escaping and precedence mistakes in the translation show up.
 *
 * It covers only what the translator writes: and/or/not, parentheses, = != < <= > >=, `in [...]`,
 * `like` / `not like` with a /regex/, ispresent(), isempty(), string and number literals, backtick
 * field names, @message. Anything else is an error.
 *
 * Documented Insights behaviour it follows: JSON fields flattened in dot notation with array items by
 * index ("Supported logs and discovered fields"); `in` as complete string matches and `like` as a
 * case-sensitive regex search ("filter"); ispresent true when the field exists; isempty true when it
 * is missing or an empty string (archived "CloudWatch Logs Insights query syntax").
 *
 * What AWS does not document is a `InsightsBehaviour` to choose: the test runs every combination, so
 * the translation cannot lean on a guess.
 */

export interface InsightsBehaviour {
  /** How a JSON true/false reads: 1 and 0 (widely reported for CloudTrail's readOnly), or their text. */
  readonly booleans: 'numbers' | 'text';
  /** Whether a JSON null becomes no field at all, or an empty value. */
  readonly nulls: 'absent' | 'empty';
  /** Whether a string compares equal to a number with the same text (and regex searches a number's text). */
  readonly types: 'strict' | 'loose';
  /** What `field != value` gives when the field is absent. */
  readonly absentNotEqual: boolean;
}

/** The behaviour the translation is designed around, where evidence points. */
export const LIKELY_BEHAVIOUR: InsightsBehaviour = { booleans: 'numbers', nulls: 'absent', types: 'strict', absentNotEqual: false };

/** Every combination of the undocumented choices. */
export const EVERY_BEHAVIOUR: readonly InsightsBehaviour[] = (['numbers', 'text'] as const).flatMap((booleans) =>
  (['absent', 'empty'] as const).flatMap((nulls) =>
    (['strict', 'loose'] as const).flatMap((types) => [false, true].map((absentNotEqual) => ({ booleans, nulls, types, absentNotEqual }))),
  ),
);

type Scalar = string | number;

/** One log event as Insights sees it: the raw message and its flattened fields. */
export interface InsightsEvent {
  readonly message: string;
  readonly fields: ReadonlyMap<string, Scalar>;
}

export function insightsEvent(record: object, behaviour: InsightsBehaviour): InsightsEvent {
  const fields = new Map<string, Scalar>();
  const visit = (value: unknown, name: string): void => {
    if (value === null) {
      if (behaviour.nulls === 'empty') fields.set(name, '');
    } else if (typeof value === 'boolean') {
      fields.set(name, behaviour.booleans === 'numbers' ? (value ? 1 : 0) : String(value));
    } else if (typeof value === 'string' || typeof value === 'number') {
      fields.set(name, value);
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${name}.${index}`));
    } else if (typeof value === 'object') {
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) visit(item, name === '' ? key : `${name}.${key}`);
    }
  };
  visit(record, '');
  return { message: JSON.stringify(record), fields };
}

/** The condition of the query's `| filter ...` line, compiled; a query without one matches every event. */
export function compileInsightsQuery(query: string, behaviour: InsightsBehaviour): (event: InsightsEvent) => boolean {
  const filters = query.split('\n').filter((line) => line.startsWith('| filter '));
  if (filters.length > 1) throw new Error(`expected at most one filter line in:\n${query}`);
  if (filters.length === 0) return () => true;
  return compileCondition(filters[0].slice('| filter '.length), behaviour);
}

function compileCondition(text: string, behaviour: InsightsBehaviour): (event: InsightsEvent) => boolean {
  return new ConditionParser(text, behaviour).parse();
}

type Predicate = (event: InsightsEvent) => boolean;
type Value = { kind: 'string'; text: string } | { kind: 'number'; value: number } | { kind: 'regex'; regex: RegExp };

class ConditionParser {
  private i = 0;

  constructor(private readonly text: string, private readonly behaviour: InsightsBehaviour) {}

  parse(): Predicate {
    const predicate = this.or();
    this.space();
    if (this.i !== this.text.length) this.fail('unexpected text');
    return predicate;
  }

  private or(): Predicate {
    const operands = [this.and()];
    while (this.keyword('or')) operands.push(this.and());
    return operands.length === 1 ? operands[0] : (event) => operands.some((p) => p(event));
  }

  private and(): Predicate {
    const operands = [this.unary()];
    while (this.keyword('and')) operands.push(this.unary());
    return operands.length === 1 ? operands[0] : (event) => operands.every((p) => p(event));
  }

  private unary(): Predicate {
    if (this.keyword('not')) {
      const inner = this.unary();
      return (event) => !inner(event);
    }
    this.space();
    if (this.text[this.i] === '(') {
      this.i += 1;
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    for (const fn of ['ispresent', 'isempty'] as const) {
      if (this.text.startsWith(`${fn}(`, this.i)) {
        this.i += fn.length + 1;
        const field = this.field();
        this.expect(')');
        return fn === 'ispresent'
          ? (event) => event.fields.has(field)
          : (event) => !event.fields.has(field) || event.fields.get(field) === '';
      }
    }
    return this.comparison();
  }

  private comparison(): Predicate {
    const field = this.field();
    const read = (event: InsightsEvent): Scalar | undefined => (field === '@message' ? event.message : event.fields.get(field));
    if (this.keyword('in')) {
      this.expect('[');
      const values: Value[] = [this.value()];
      while (this.punct(',')) values.push(this.value());
      this.expect(']');
      return (event) => values.some((value) => this.equals(read(event), value));
    }
    const negated = this.keyword('not');
    if (this.keyword('like')) {
      const value = this.value();
      if (value.kind !== 'regex') this.fail('expected a /regex/ after like');
      return (event) => this.searches(read(event), value.regex) !== negated;
    }
    if (negated) this.fail('expected like after not');
    this.space();
    const op = (/^(!=|<=|>=|=|<|>)/.exec(this.text.slice(this.i)) ?? [])[0];
    if (!op) this.fail('expected an operator');
    this.i += op.length;
    const value = this.value();
    return (event) => {
      const actual = read(event);
      if (actual === undefined) return op === '!=' ? this.behaviour.absentNotEqual : false;
      if (op === '=') return this.equals(actual, value);
      if (op === '!=') return !this.equals(actual, value);
      const [a, b] = [this.asNumber(actual), value.kind === 'number' ? value.value : undefined];
      if (a === undefined || b === undefined) return false;
      return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
    };
  }

  private equals(actual: Scalar | undefined, value: Value): boolean {
    if (actual === undefined || value.kind === 'regex') return false;
    if (this.behaviour.types === 'loose') return String(actual) === (value.kind === 'string' ? value.text : String(value.value));
    return value.kind === 'string' ? actual === value.text : actual === value.value;
  }

  private searches(actual: Scalar | undefined, regex: RegExp): boolean {
    if (actual === undefined) return false;
    if (typeof actual === 'number' && this.behaviour.types === 'strict') return false;
    return regex.test(String(actual));
  }

  private asNumber(actual: Scalar): number | undefined {
    if (typeof actual === 'number') return actual;
    return this.behaviour.types === 'loose' && /^[+-]?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?$/.test(actual) ? Number(actual) : undefined;
  }

  private field(): string {
    this.space();
    if (this.text[this.i] === '`') {
      const end = this.text.indexOf('`', this.i + 1);
      if (end === -1) this.fail('unterminated backtick field');
      const name = this.text.slice(this.i + 1, end);
      this.i = end + 1;
      return name;
    }
    const match = /^@?[A-Za-z0-9]+(\.[A-Za-z0-9]+)*/.exec(this.text.slice(this.i));
    if (!match) this.fail('expected a field name');
    if (['and', 'or', 'not', 'in', 'like'].includes(match[0])) this.fail(`${match[0]} is a query word, not a field`);
    this.i += match[0].length;
    return match[0];
  }

  private value(): Value {
    this.space();
    const c = this.text[this.i];
    if (c === '"' || c === "'") {
      const end = this.text.indexOf(c, this.i + 1);
      if (end === -1) this.fail('unterminated string');
      const text = this.text.slice(this.i + 1, end);
      if (text.includes('\\')) this.fail('a backslash in a string: the translator never writes one');
      this.i = end + 1;
      return { kind: 'string', text };
    }
    if (c === '/') {
      let source = '';
      let j = this.i + 1;
      while (j < this.text.length && this.text[j] !== '/') {
        source += this.text[j] === '\\' ? this.text.slice(j, j + 2) : this.text[j];
        j += this.text[j] === '\\' ? 2 : 1;
      }
      if (j >= this.text.length) this.fail('unterminated regex');
      this.i = j + 1;
      return { kind: 'regex', regex: new RegExp(source, 'u') };
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.i));
    if (!number) this.fail('expected a string, number or /regex/');
    this.i += number[0].length;
    return { kind: 'number', value: Number(number[0]) };
  }

  private keyword(word: string): boolean {
    this.space();
    const after = this.text[this.i + word.length];
    if (this.text.startsWith(word, this.i) && (after === undefined || /[\s(]/.test(after))) {
      this.i += word.length;
      return true;
    }
    return false;
  }

  private punct(c: string): boolean {
    this.space();
    if (this.text[this.i] !== c) return false;
    this.i += 1;
    return true;
  }

  private expect(c: string): void {
    if (!this.punct(c)) this.fail(`expected '${c}'`);
  }

  private space(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i += 1;
  }

  private fail(reason: string): never {
    throw new Error(`${reason} at ${this.i} in: ${this.text}`);
  }
}
