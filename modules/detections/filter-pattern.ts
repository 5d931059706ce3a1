/**
 * CloudWatch Logs filter pattern evaluator: decides, without an AWS account, which log events a
 * metric filter pattern matches. The tests prove the detection patterns with it, and
 * `npm run replay` evaluates an environment's detections over CloudTrail log files with it.
 *
 * Why this is hand-written: no maintained npm package implements the CloudWatch Logs filter
 * pattern language. The AWS SDK only sends patterns to the service, and the console's "Test
 * pattern" and the TestMetricFilter API need an AWS account and take 50 events a call. So the
 * syntax is implemented here, following AWS's own text:
 * "Filter pattern syntax for metric filters, subscription filters, filter log events, and Live
 * Tail", https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 * (JSON section: .../logs/FilterAndPatternSyntax.html#matching-terms-json-log-events).
 *
 * Why it is strict: an evaluation that silently mis-reads a pattern proves nothing, so anything this
 * module cannot evaluate the way the documentation describes (space-delimited `[...]` and regex
 * `%...%` patterns, unknown keywords, malformed selectors) is a FilterPatternSyntaxError, never
 * a guessed match or miss. Semantic choices are explained where they are made below.
 *
 * Why patterns are compiled: replay tests every record of a log archive against every detection,
 * so a pattern is parsed once into a predicate, and a record is parsed once (`LogEvent`) for all
 * the patterns that test it.
 */

/** Thrown for any pattern this evaluator cannot parse; names the position and offending text. */
export class FilterPatternSyntaxError extends Error {
  /** 0-based character offset into the pattern. */
  readonly position: number;
  readonly pattern: string;
  /** The text found at `position` (empty at the end of the pattern). */
  readonly found: string;

  constructor(pattern: string, position: number, found: string, reason: string) {
    const where = found === '' ? 'at end of pattern' : `near ${JSON.stringify(found)}`;
    super(`Invalid filter pattern at position ${position} ${where}: ${reason}. Pattern: ${pattern}`);
    this.name = 'FilterPatternSyntaxError';
    this.position = position;
    this.pattern = pattern;
    this.found = found;
  }
}

/** A parsed filter pattern. */
export interface FilterPattern {
  readonly kind: 'json' | 'terms';
  readonly source: string;
  /** Whether one log event message (a CloudTrail record arrives as a JSON string) matches. */
  matches(message: string): boolean;
  /** The same test on an event whose message may already be parsed. */
  matchesEvent(event: LogEvent): boolean;
  /**
   * Conditions every event this pattern matches meets, all of them; possibly none. They let a
   * caller rule an event out without parsing it.
   */
  necessaryConditions(): readonly NecessaryCondition[];
}

/**
 * The JSON value at `path` is a string or number equal to one of `values`, each compared as the
 * pattern compares it: a leading or trailing `*` is a wildcard.
 */
export interface NecessaryCondition {
  readonly path: readonly (string | number)[];
  readonly values: readonly string[];
}

const NOT_PARSED: unique symbol = Symbol('not parsed');

/**
 * One log event message, parsed as JSON at most once however many patterns test it. A caller
 * that has already parsed the message passes the result, and it is not parsed again.
 */
export class LogEvent {
  private parsed: unknown;

  constructor(readonly message: string, parsed: unknown = NOT_PARSED) {
    this.parsed = parsed;
  }

  /** The message as a JSON object, or undefined when it is not one (then no JSON pattern matches it). */
  jsonObject(): object | undefined {
    if (this.parsed === NOT_PARSED) {
      try {
        this.parsed = JSON.parse(this.message);
      } catch {
        this.parsed = undefined;
      }
    }
    const value = this.parsed;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  }
}

/** Parses `pattern`, throwing FilterPatternSyntaxError on anything it cannot parse. */
export function parseFilterPattern(pattern: string): FilterPattern {
  const syntax = parseFilterPatternSyntax(pattern);
  return syntax.kind === 'json' ? new JsonFilterPattern(pattern, syntax.expression) : new TermFilterPattern(pattern, syntax.terms);
}

/**
 * The syntax tree of `pattern`, for code that turns a pattern into another language
 * (modules/detections/insights-query.ts); the same parse, and the same errors, as `parseFilterPattern`.
 */
export type FilterPatternSyntax =
  | { readonly kind: 'json'; readonly expression: JsonExpr }
  | { readonly kind: 'terms'; readonly terms: readonly Term[] };

export function parseFilterPatternSyntax(pattern: string): FilterPatternSyntax {
  const start = pattern.search(/\S/);
  const first = start === -1 ? '' : pattern[start];
  if (first === '{') return { kind: 'json', expression: new JsonParser(pattern).parse() };
  if (first === '[') {
    throw new FilterPatternSyntaxError(pattern, start, '[',
      'space-delimited patterns ([field, ...]) are not supported by this evaluator');
  }
  if (first === '%') {
    throw new FilterPatternSyntaxError(pattern, start, '%',
      'regular expression patterns (%...%) are not supported by this evaluator');
  }
  return { kind: 'terms', terms: parseTerms(pattern) };
}

/** Convenience: parse `pattern` and test one event (an object is JSON.stringify'd first). */
export function matchesFilterPattern(pattern: string, event: string | object): boolean {
  const message = typeof event === 'string' ? event : JSON.stringify(event);
  return parseFilterPattern(pattern).matches(message);
}

// ---------------------------------------------------------------------------------------------
// Shared lexical helpers
// ---------------------------------------------------------------------------------------------

/** Reads a double-quoted string starting at `start` (the opening quote). Supports \" and \\. */
function readQuoted(pattern: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '"') return { value, end: i + 1 };
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== '"' && next !== '\\') {
        throw new FilterPatternSyntaxError(pattern, i, pattern.slice(i, i + 2),
          'only \\" and \\\\ escapes are supported inside double quotes');
      }
      value += next;
      i += 2;
    } else {
      value += c;
      i += 1;
    }
  }
  throw new FilterPatternSyntaxError(pattern, start, pattern.slice(start, start + 20), 'unterminated double-quoted string');
}

/** Number syntax from the docs' "Numeric comparisons": optional sign, integer or decimal, optional exponent. */
export const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;

// ---------------------------------------------------------------------------------------------
// Term patterns (unstructured text): ERROR, "exact phrase", ?ERROR ?WARN, ERROR -Exiting, ""
// ---------------------------------------------------------------------------------------------

export interface Term {
  readonly mode: 'include' | 'exclude' | 'any';
  readonly text: string;
  readonly pos: number;
}

function parseTerms(pattern: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < pattern.length && /\s/.test(pattern[i])) i += 1;
  };
  for (;;) {
    skipSpace();
    if (i >= pattern.length) break;
    const pos = i;
    let mode: Term['mode'] = 'include';
    if (pattern[i] === '?' || pattern[i] === '-') {
      mode = pattern[i] === '?' ? 'any' : 'exclude';
      i += 1;
      // The docs write exclusion both as `ERROR -Exiting` and as `"ERROR" - "Exiting"`.
      if (mode === 'exclude') skipSpace();
    }
    const termStart = i;
    if (pattern[i] === '"') {
      const { value, end } = readQuoted(pattern, i);
      terms.push({ mode, text: value, pos });
      i = end;
    } else {
      while (i < pattern.length && /[A-Za-z0-9_]/.test(pattern[i])) i += 1;
      if (i === termStart) {
        throw new FilterPatternSyntaxError(pattern, i, pattern.slice(i, i + 1),
          mode === 'include' ? 'expected a term' : `expected a term after '${mode === 'any' ? '?' : '-'}'`);
      }
      terms.push({ mode, text: pattern.slice(termStart, i), pos });
    }
    if (i < pattern.length && !/\s/.test(pattern[i])) {
      throw new FilterPatternSyntaxError(pattern, i, pattern.slice(i, i + 1),
        'terms containing characters other than letters, digits and underscore must be enclosed in double quotes');
    }
  }
  // The docs define ?a ?b (any) and a b -c (all, none of); a mix of the two is not defined.
  const offender = terms.find((t) => (t.mode === 'any') !== (terms[0].mode === 'any'));
  if (offender) {
    throw new FilterPatternSyntaxError(pattern, offender.pos, pattern.slice(offender.pos).split(/\s/)[0],
      'OR terms (?term) cannot be mixed with plain or excluded (-term) terms');
  }
  return terms;
}

class TermFilterPattern implements FilterPattern {
  readonly kind = 'terms' as const;

  constructor(readonly source: string, private readonly terms: readonly Term[]) {}

  matchesEvent(event: LogEvent): boolean {
    return this.matches(event.message);
  }

  necessaryConditions(): readonly NecessaryCondition[] {
    return [];
  }

  /** Case-sensitive substring matching: the docs' "ERROR" matches "Exiting with ERRORCODE: -1". */
  matches(message: string): boolean {
    if (this.terms.length === 0) return true;
    if (this.terms[0].mode === 'any') return this.terms.some((t) => message.includes(t.text));
    return this.terms.every((t) => message.includes(t.text) === (t.mode === 'include'));
  }
}

// ---------------------------------------------------------------------------------------------
// JSON patterns: { SELECTOR OP VALUE && (... || ...) }
// ---------------------------------------------------------------------------------------------

type TokenType = 'lbrace' | 'rbrace' | 'lparen' | 'rparen' | 'and' | 'or' | 'op' | 'string' | 'word' | 'eof';

interface Token {
  readonly type: TokenType;
  /** Raw text as written (for errors); for 'string', the unescaped contents. */
  readonly text: string;
  readonly pos: number;
}

export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';
export type Segment = string | number;
export type Literal = { readonly kind: 'string'; readonly text: string } | { readonly kind: 'number'; readonly value: number };

export type JsonExpr =
  | { readonly type: 'and' | 'or'; readonly operands: readonly JsonExpr[] }
  | { readonly type: 'compare'; readonly path: readonly Segment[]; readonly op: CompareOp; readonly value: Literal }
  | { readonly type: 'is'; readonly path: readonly Segment[]; readonly test: 'NULL' | 'TRUE' | 'FALSE' }
  | { readonly type: 'notExists'; readonly path: readonly Segment[] };

const DELIMITERS = new Set([' ', '\t', '\n', '\r', '{', '}', '(', ')', '&', '|', '!', '=', '<', '>', '"']);

function tokenizeJson(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const single: Record<string, TokenType> = { '{': 'lbrace', '}': 'rbrace', '(': 'lparen', ')': 'rparen' };
  while (i < pattern.length) {
    const c = pattern[i];
    const two = pattern.slice(i, i + 2);
    if (/\s/.test(c)) {
      i += 1;
    } else if (single[c] !== undefined) {
      tokens.push({ type: single[c], text: c, pos: i });
      i += 1;
    } else if (two === '&&' || two === '||') {
      tokens.push({ type: two === '&&' ? 'and' : 'or', text: two, pos: i });
      i += 2;
    } else if (two === '!=' || two === '<=' || two === '>=') {
      tokens.push({ type: 'op', text: two, pos: i });
      i += 2;
    } else if (c === '=' || c === '<' || c === '>') {
      tokens.push({ type: 'op', text: c, pos: i });
      i += 1;
    } else if (c === '&' || c === '|' || c === '!') {
      const expected = c === '!' ? "'!='" : `'${c}${c}'`;
      throw new FilterPatternSyntaxError(pattern, i, c, `unexpected '${c}', expected ${expected}`);
    } else if (c === '"') {
      const { value, end } = readQuoted(pattern, i);
      tokens.push({ type: 'string', text: value, pos: i });
      i = end;
    } else {
      const start = i;
      while (i < pattern.length && !DELIMITERS.has(pattern[i]) && !/\s/.test(pattern[i])) i += 1;
      tokens.push({ type: 'word', text: pattern.slice(start, i), pos: start });
    }
  }
  tokens.push({ type: 'eof', text: '', pos: pattern.length });
  return tokens;
}

/** Characters allowed in an unquoted value; the docs require quotes for '@', '$', '\' and the like. */
const UNQUOTED_VALUE_RE = /^[A-Za-z0-9_.*+-]+$/;

/** Recursive descent over the documented grammar; precedence "() > && > ||" as the docs state. */
class JsonParser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(private readonly pattern: string) {
    this.tokens = tokenizeJson(pattern);
  }

  parse(): JsonExpr {
    this.expect('lbrace', "expected '{' to start a JSON pattern");
    const expr = this.parseOr();
    this.expect('rbrace', "expected '&&', '||' or '}'");
    this.expect('eof', "unexpected text after the closing '}'");
    return expr;
  }

  private parseOr(): JsonExpr {
    const operands = [this.parseAnd()];
    while (this.peek().type === 'or') {
      this.next();
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? operands[0] : { type: 'or', operands };
  }

  private parseAnd(): JsonExpr {
    const operands = [this.parsePrimary()];
    while (this.peek().type === 'and') {
      this.next();
      operands.push(this.parsePrimary());
    }
    return operands.length === 1 ? operands[0] : { type: 'and', operands };
  }

  private parsePrimary(): JsonExpr {
    const token = this.peek();
    if (token.type === 'lparen') {
      this.next();
      const inner = this.parseOr();
      this.expect('rparen', `expected ')' to close the '(' at position ${token.pos}`);
      return inner;
    }
    if (token.type === 'word' && token.text.startsWith('$')) {
      this.next();
      return this.parseCondition(this.parseSelector(token));
    }
    throw this.error(token, "expected a selector such as $.eventName, or '('");
  }

  private parseCondition(path: Segment[]): JsonExpr {
    const token = this.next();
    if (token.type === 'op') {
      const op = token.text as CompareOp;
      return { type: 'compare', path, op, value: this.parseValue(op) };
    }
    if (token.type === 'word' && token.text === 'IS') {
      const test = this.next();
      if (test.type === 'word' && (test.text === 'NULL' || test.text === 'TRUE' || test.text === 'FALSE')) {
        return { type: 'is', path, test: test.text };
      }
      throw this.error(test, 'expected NULL, TRUE or FALSE after IS');
    }
    if (token.type === 'word' && token.text === 'NOT') {
      const exists = this.next();
      if (exists.type === 'word' && exists.text === 'EXISTS') return { type: 'notExists', path };
      throw this.error(exists, 'expected EXISTS after NOT');
    }
    throw this.error(token, 'expected an operator (=, !=, <, >, <=, >=), IS NULL, IS TRUE, IS FALSE or NOT EXISTS');
  }

  private parseValue(op: CompareOp): Literal {
    const token = this.next();
    const numericOnly = op !== '=' && op !== '!=';
    let value: Literal;
    if (token.type === 'string') {
      value = { kind: 'string', text: token.text };
    } else if (token.type === 'word' && NUMBER_RE.test(token.text)) {
      value = { kind: 'number', value: Number(token.text) };
    } else if (token.type === 'word') {
      if (token.text.startsWith('%')) throw this.error(token, 'regular expression values (%...%) are not supported by this evaluator');
      if (!UNQUOTED_VALUE_RE.test(token.text)) {
        throw this.error(token, 'values containing characters other than letters, digits, _ . - + * must be enclosed in double quotes');
      }
      value = { kind: 'string', text: token.text };
    } else {
      throw this.error(token, `expected a value after '${op}'`);
    }
    if (numericOnly && value.kind !== 'number') throw this.error(token, `operator '${op}' requires a number`);
    return value;
  }

  /** `$.a.b`, `$.a[0]`, `$.a[0].b`, `$.a.b[1][2]`: properties are [A-Za-z0-9_-]+, indexes follow a property. */
  private parseSelector(token: Token): Segment[] {
    const text = token.text;
    const fail = (offset: number, reason: string): FilterPatternSyntaxError =>
      new FilterPatternSyntaxError(this.pattern, token.pos + offset, text.slice(offset) || text, `invalid selector ${JSON.stringify(text)}: ${reason}`);
    const segments: Segment[] = [];
    let i = 1;
    if (text[i] !== '.') throw fail(i, "expected '.' and a property name after '$'");
    while (i < text.length) {
      if (text[i] === '.') {
        const name = /^[A-Za-z0-9_-]+/.exec(text.slice(i + 1));
        if (!name) throw fail(i, "expected a property name (letters, digits, '_' or '-') after '.'");
        segments.push(name[0]);
        i += 1 + name[0].length;
      } else if (text[i] === '[') {
        const index = /^\[(\d+)\]/.exec(text.slice(i));
        if (!index) throw fail(i, 'expected an array index of the form [NUMBER]');
        segments.push(Number(index[1]));
        i += index[0].length;
      } else {
        throw fail(i, "expected '.' or '['");
      }
    }
    return segments;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.type !== 'eof') this.index += 1;
    return token;
  }

  private expect(type: TokenType, reason: string): Token {
    const token = this.next();
    if (token.type !== type) throw this.error(token, reason);
    return token;
  }

  private error(token: Token, reason: string): FilterPatternSyntaxError {
    const found = token.type === 'string' ? JSON.stringify(token.text) : token.text;
    return new FilterPatternSyntaxError(this.pattern, token.pos, found, reason);
  }
}

const ABSENT: unique symbol = Symbol('absent');

function resolve(root: unknown, path: readonly Segment[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return ABSENT;
      current = current[segment];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return ABSENT;
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return ABSENT;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/** A JSON string holding a number in the documented numeric syntax, e.g. CloudTrail's "123456789012". */
function asNumber(value: string | number): number | undefined {
  if (typeof value === 'number') return value;
  return NUMBER_RE.test(value) ? Number(value) : undefined;
}

/**
 * `*` is a wildcard only at the start and/or end of a value: the docs say "*Event" matches
 * PutEvent, "Event*" matches EventId, and "Ev*ent" matches only the literal string "Ev*ent".
 * A lone `*` matches any value.
 */
export function wildcardMatcher(pattern: string): (text: string) => boolean {
  if (pattern === '*') return () => true;
  const leading = pattern.startsWith('*');
  const trailing = pattern.length > 1 && pattern.endsWith('*');
  const core = pattern.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return (text) => text.includes(core);
  if (leading) return (text) => text.endsWith(core);
  if (trailing) return (text) => text.startsWith(core);
  return (text) => text === core;
}

function numberComparison(op: CompareOp, value: number): (n: number) => boolean {
  switch (op) {
    case '=': return (n) => n === value;
    case '!=': return (n) => n !== value;
    case '<': return (n) => n < value;
    case '>': return (n) => n > value;
    case '<=': return (n) => n <= value;
    case '>=': return (n) => n >= value;
  }
}

/** What `SELECTOR op literal` asks of the value the selector resolves to. */
function valueTest(op: CompareOp, literal: Literal): (actual: unknown) => boolean {
  // The docs ("JSON special considerations"): the selector must point to a value node (string or
  // number); on an array or object "the filter will not be applied", so both = and != fail. An
  // absent property likewise has no value node, so every comparison on it - != included - is
  // false. AWS's "Test pattern" agrees: $.x != "y" does not match a record without x
  // (github.com/DataBiosphere/azul/issues/5884); NOT EXISTS is the documented test for absence.
  // Booleans and null are tested only with IS TRUE / IS FALSE / IS NULL.
  if (literal.kind === 'number') {
    const holds = numberComparison(op, literal.value);
    return (actual) => {
      if (typeof actual !== 'string' && typeof actual !== 'number') return false;
      const n = asNumber(actual);
      // A non-numeric string never equals a number.
      return n === undefined ? op === '!=' : holds(n);
    };
  }
  // String values match exactly and case-sensitively ("must exactly match"; "case sensitive").
  const equals = wildcardMatcher(literal.text);
  const wantEqual = op === '=';
  return (actual) => {
    if (typeof actual === 'string') return equals(actual) === wantEqual;
    if (typeof actual === 'number') return equals(String(actual)) === wantEqual;
    return false;
  };
}

type Predicate = (root: object) => boolean;

/** Turns the parsed expression into one predicate, so that testing an event walks no syntax tree. */
function compile(expr: JsonExpr): Predicate {
  switch (expr.type) {
    case 'and': {
      const operands = expr.operands.map(compile);
      return (root) => operands.every((operand) => operand(root));
    }
    case 'or': {
      const operands = expr.operands.map(compile);
      return (root) => operands.some((operand) => operand(root));
    }
    case 'notExists': {
      const path = expr.path;
      return (root) => resolve(root, path) === ABSENT;
    }
    case 'is': {
      const path = expr.path;
      const expected = expr.test === 'NULL' ? null : expr.test === 'TRUE';
      return (root) => resolve(root, path) === expected;
    }
    case 'compare': {
      const path = expr.path;
      const test = valueTest(expr.op, expr.value);
      return (root) => test(resolve(root, path));
    }
  }
}

type Conditions = Map<string, { readonly path: readonly Segment[]; readonly values: ReadonlySet<string> }>;

/**
 * What every match of `expr` must satisfy, by path: an equality on a string literal requires it;
 * `&&` requires what any operand requires; `||` requires, on a path every operand constrains, one
 * of the values any operand allows. Nothing else (!=, numbers, IS, NOT EXISTS, a lone `*`) requires
 * anything a caller could check without evaluating.
 */
function conditionsOf(expr: JsonExpr): Conditions {
  switch (expr.type) {
    case 'compare': {
      if (expr.op !== '=' || expr.value.kind !== 'string' || expr.value.text === '*') return new Map();
      return new Map([[JSON.stringify(expr.path), { path: expr.path, values: new Set([expr.value.text]) }]]);
    }
    case 'and': {
      const all: Conditions = new Map();
      for (const operand of expr.operands) {
        for (const [key, condition] of conditionsOf(operand)) {
          const known = all.get(key);
          if (!known || condition.values.size < known.values.size) all.set(key, condition);
        }
      }
      return all;
    }
    case 'or': {
      const [first, ...rest] = expr.operands.map(conditionsOf);
      const shared: Conditions = new Map();
      for (const [key, condition] of first) {
        const others = rest.map((conditions) => conditions.get(key));
        if (others.some((other) => other === undefined)) continue;
        const values = new Set(condition.values);
        for (const other of others) for (const value of other!.values) values.add(value);
        shared.set(key, { path: condition.path, values });
      }
      return shared;
    }
    default:
      return new Map();
  }
}

class JsonFilterPattern implements FilterPattern {
  readonly kind = 'json' as const;
  private readonly predicate: Predicate;
  private readonly conditions: readonly NecessaryCondition[];

  constructor(readonly source: string, expr: JsonExpr) {
    this.predicate = compile(expr);
    this.conditions = [...conditionsOf(expr).values()].map(({ path, values }) => ({ path, values: [...values] }));
  }

  necessaryConditions(): readonly NecessaryCondition[] {
    return this.conditions;
  }

  matches(message: string): boolean {
    return this.matchesEvent(new LogEvent(message));
  }

  /** A message that is not a JSON object matches no JSON pattern, not even NOT EXISTS. */
  matchesEvent(event: LogEvent): boolean {
    const root = event.jsonObject();
    return root !== undefined && this.predicate(root);
  }
}
