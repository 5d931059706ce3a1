/**
 * Evaluates the Terraform expressions a synthesized stack writes into its attributes (`${...}`
 * templates), so the access proof can judge policies as Terraform would send them to AWS.
 *
 * Written by hand: no maintained library for Node evaluates HCL expressions (@cdktf/hcl2json
 * parses HCL into JSON and leaves every expression as a string). It covers the subset the stacks
 * and the exported module write: templates, literals, lists and objects, traversals and indexes,
 * `for` expressions, the comparison, logical and conditional operators, and a few functions. Anything
 * else is refused with the expression named, so nothing is guessed.
 *
 * Objects are evaluated lazily: an object's values (including a `for` expression's) are getters,
 * computed when first read. A `for_each` whose keys are needed reads no values, so a module local
 * whose values use functions this evaluator lacks still gives its keys.
 */

type Token =
  | { kind: 'number'; value: number }
  | { kind: 'string'; parts: TemplatePart[] }
  | { kind: 'identifier'; value: string }
  | { kind: 'symbol'; value: string };

type TemplatePart = string | { expression: Node };

export type Node =
  | { type: 'literal'; value: unknown }
  | { type: 'template'; parts: TemplatePart[] }
  | { type: 'variable'; name: string }
  | { type: 'attribute'; target: Node; name: string }
  | { type: 'index'; target: Node; key: Node }
  | { type: 'splat'; target: Node; name: string }
  | { type: 'call'; name: string; args: Node[] }
  | { type: 'list'; items: Node[] }
  | { type: 'object'; entries: { key: Node; value: Node }[] }
  | { type: 'unary'; operator: string; operand: Node }
  | { type: 'binary'; operator: string; left: Node; right: Node }
  | { type: 'conditional'; condition: Node; then: Node; otherwise: Node }
  | { type: 'for'; keyName?: string; valueName: string; collection: Node; key?: Node; value: Node; condition?: Node };

/** Raised for every expression the evaluator cannot or may not evaluate; names it. */
export class ExpressionError extends Error {}

const SYMBOLS = ['==', '!=', '<=', '>=', '&&', '||', '=>', '...', '?', ':', '!', '<', '>', '+', '-', '*', '/', '%', '(', ')', '[', ']', '{', '}', ',', '.', '='];

class Lexer {
  constructor(
    private readonly text: string,
    private position: number,
    private readonly end: number,
  ) {}

  tokens(): Token[] {
    const tokens: Token[] = [];
    for (;;) {
      this.skipSpace();
      if (this.position >= this.end) return tokens;
      tokens.push(this.next());
    }
  }

  private skipSpace(): void {
    while (this.position < this.end && /\s/.test(this.text[this.position])) this.position++;
  }

  private next(): Token {
    const rest = this.text.slice(this.position, this.end);
    const number = /^\d+(\.\d+)?/.exec(rest);
    if (number) {
      this.position += number[0].length;
      return { kind: 'number', value: Number(number[0]) };
    }
    const identifier = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    if (identifier) {
      this.position += identifier[0].length;
      return { kind: 'identifier', value: identifier[0] };
    }
    if (rest[0] === '"') {
      const { parts, end } = parseTemplate(this.text, this.position + 1, '"');
      this.position = end + 1;
      return { kind: 'string', parts };
    }
    const symbol = SYMBOLS.find((candidate) => rest.startsWith(candidate));
    if (!symbol) throw new ExpressionError(`unexpected ${JSON.stringify(rest.slice(0, 20))}`);
    this.position += symbol.length;
    return { kind: 'symbol', value: symbol };
  }
}

/**
 * The parts of a template from `start` up to `terminator` (`"` inside an expression, or the end of
 * the text for an attribute value): literal text and `${...}` interpolations.
 */
function parseTemplate(text: string, start: number, terminator: '"' | undefined): { parts: TemplatePart[]; end: number } {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = start;
  while (i < text.length) {
    const char = text[i];
    if (terminator && char === terminator) break;
    if (terminator && char === '\\') {
      const escaped = text[i + 1];
      const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
      if (escaped === 'u') {
        literal += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      if (!(escaped in escapes)) throw new ExpressionError(`unknown escape \\${escaped}`);
      literal += escapes[escaped];
      i += 2;
      continue;
    }
    if ((char === '$' || char === '%') && text[i + 1] === char && text[i + 2] === '{') {
      literal += `${char}{`;
      i += 3;
      continue;
    }
    if (char === '%' && text[i + 1] === '{') throw new ExpressionError(`template directives (%{...}) are not supported: ${text.slice(i, i + 40)}`);
    if (char === '$' && text[i + 1] === '{') {
      if (literal) parts.push(literal);
      literal = '';
      const close = closingBrace(text, i + 2);
      parts.push({ expression: new Parser(new Lexer(text, i + 2, close).tokens()).expressionToEnd() });
      i = close + 1;
      continue;
    }
    literal += char;
    i++;
  }
  if (terminator && text[i] !== terminator) throw new ExpressionError(`unterminated string: ${text.slice(start, start + 40)}`);
  if (literal) parts.push(literal);
  return { parts, end: i };
}

/** Index of the `}` that closes an interpolation whose expression starts at `start`. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      i = parseTemplate(text, i + 1, '"').end;
    } else if (char === '{' || char === '[' || char === '(') {
      depth++;
    } else if (char === ']' || char === ')') {
      depth--;
    } else if (char === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  throw new ExpressionError(`unterminated interpolation: ${text.slice(start - 2, start + 40)}`);
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  expressionToEnd(): Node {
    const node = this.expression();
    if (this.position < this.tokens.length) throw new ExpressionError(`unexpected ${describe(this.tokens[this.position])}`);
    return node;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }

  private isSymbol(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'symbol' && token.value === value;
  }

  private take(value: string): void {
    if (!this.isSymbol(value)) throw new ExpressionError(`expected ${value}, found ${describe(this.peek())}`);
    this.position++;
  }

  private identifier(): string {
    const token = this.peek();
    if (token?.kind !== 'identifier') throw new ExpressionError(`expected a name, found ${describe(token)}`);
    this.position++;
    return token.value;
  }

  private expression(): Node {
    const condition = this.binary(0);
    if (!this.isSymbol('?')) return condition;
    this.position++;
    const then = this.expression();
    this.take(':');
    return { type: 'conditional', condition, then, otherwise: this.expression() };
  }

  private static readonly PRECEDENCE: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];

  private binary(level: number): Node {
    if (level === Parser.PRECEDENCE.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const token = this.peek();
      if (token?.kind !== 'symbol' || !Parser.PRECEDENCE[level].includes(token.value)) return left;
      this.position++;
      left = { type: 'binary', operator: token.value, left, right: this.binary(level + 1) };
    }
  }

  private unary(): Node {
    if (this.isSymbol('!') || this.isSymbol('-')) {
      const operator = (this.peek() as { value: string }).value;
      this.position++;
      return { type: 'unary', operator, operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(target: Node): Node {
    for (;;) {
      if (this.isSymbol('.') && this.isSymbol('*', 1)) {
        this.position += 2;
        this.take('.');
        target = { type: 'splat', target, name: this.identifier() };
      } else if (this.isSymbol('.')) {
        this.position++;
        const token = this.peek();
        if (token?.kind === 'number') {
          this.position++;
          target = { type: 'index', target, key: { type: 'literal', value: token.value } };
        } else {
          target = { type: 'attribute', target, name: this.identifier() };
        }
      } else if (this.isSymbol('[')) {
        this.position++;
        const key = this.expression();
        this.take(']');
        target = { type: 'index', target, key };
      } else {
        return target;
      }
    }
  }

  private primary(): Node {
    const token = this.peek();
    if (!token) throw new ExpressionError('unexpected end of expression');
    this.position++;
    if (token.kind === 'number') return { type: 'literal', value: token.value };
    if (token.kind === 'string') return { type: 'template', parts: token.parts };
    if (token.kind === 'identifier') {
      if (token.value === 'true' || token.value === 'false') return { type: 'literal', value: token.value === 'true' };
      if (token.value === 'null') return { type: 'literal', value: null };
      if (this.isSymbol('(')) return this.call(token.value);
      return { type: 'variable', name: token.value };
    }
    if (token.value === '(') {
      const inner = this.expression();
      this.take(')');
      return inner;
    }
    if (token.value === '[') return this.isFor() ? this.forExpression(']') : this.list();
    if (token.value === '{') return this.isFor() ? this.forExpression('}') : this.object();
    throw new ExpressionError(`unexpected ${describe(token)}`);
  }

  private isFor(): boolean {
    const token = this.peek();
    return token?.kind === 'identifier' && token.value === 'for';
  }

  private call(name: string): Node {
    this.take('(');
    const args: Node[] = [];
    while (!this.isSymbol(')')) {
      args.push(this.expression());
      if (this.isSymbol('...')) throw new ExpressionError(`argument expansion (...) in ${name}() is not supported`);
      if (!this.isSymbol(')')) this.take(',');
    }
    this.take(')');
    return { type: 'call', name, args };
  }

  private list(): Node {
    const items: Node[] = [];
    while (!this.isSymbol(']')) {
      items.push(this.expression());
      if (!this.isSymbol(']')) this.take(',');
    }
    this.take(']');
    return { type: 'list', items };
  }

  private object(): Node {
    const entries: { key: Node; value: Node }[] = [];
    while (!this.isSymbol('}')) {
      const token = this.peek();
      const key: Node =
        token?.kind === 'identifier' && (this.isSymbol('=', 1) || this.isSymbol(':', 1))
          ? (this.position++, { type: 'literal', value: token.value })
          : this.expression();
      if (this.isSymbol('=')) this.take('=');
      else this.take(':');
      entries.push({ key, value: this.expression() });
      if (this.isSymbol(',')) this.position++;
    }
    this.take('}');
    return { type: 'object', entries };
  }

  private forExpression(closing: ']' | '}'): Node {
    this.position++; // for
    const first = this.identifier();
    let keyName: string | undefined;
    let valueName = first;
    if (this.isSymbol(',')) {
      this.position++;
      keyName = first;
      valueName = this.identifier();
    }
    const inKeyword = this.identifier();
    if (inKeyword !== 'in') throw new ExpressionError(`expected in, found ${inKeyword}`);
    const collection = this.expression();
    this.take(':');
    let key: Node | undefined;
    let value = this.expression();
    if (closing === '}') {
      this.take('=>');
      key = value;
      value = this.expression();
      if (this.isSymbol('...')) throw new ExpressionError('grouping for expressions (...) are not supported');
    }
    let condition: Node | undefined;
    const token = this.peek();
    if (token?.kind === 'identifier' && token.value === 'if') {
      this.position++;
      condition = this.expression();
    }
    this.take(closing);
    return { type: 'for', keyName, valueName, collection, key, value, condition };
  }
}

function describe(token: Token | undefined): string {
  if (!token) return 'the end of the expression';
  if (token.kind === 'string') return 'a string';
  return JSON.stringify(token.value);
}

/** Resolves the names an expression starts from (`var`, `local`, `data`, resource types, `each`). */
export type Scope = (name: string) => unknown;

type TerraformFunction = (args: unknown[]) => unknown;

/** The functions the stacks' policies, names and counts use. `try` gets its arguments unevaluated. */
const FUNCTIONS: Record<string, TerraformFunction> = {
  concat: (args) => args.flatMap((list) => asList(list, 'concat')),
  coalesce: (args) => {
    const found = args.find((value) => value !== null && value !== undefined && value !== '');
    if (found === undefined) throw new ExpressionError('coalesce(): every argument is null or empty');
    return found;
  },
  contains: ([list, value]) => asList(list, 'contains').some((item) => equal(item, value)),
  keys: ([map]) => Object.keys(asMap(map, 'keys')).sort(),
  length: ([value]) => (typeof value === 'string' ? [...value].length : Array.isArray(value) ? value.length : Object.keys(asMap(value, 'length')).length),
  merge: (args) => {
    const merged = {};
    // Copy the getters, not their values: merging must not evaluate what nobody reads.
    for (const map of args) if (map !== null) Object.defineProperties(merged, Object.getOwnPropertyDescriptors(asMap(map, 'merge')));
    return merged;
  },
  split: ([separator, text]) => asString(text, 'split').split(asString(separator, 'split')),
  join: ([separator, list]) => asList(list, 'join').map((item) => asString(item, 'join')).join(asString(separator, 'join')),
  startswith: ([text, prefix]) => asString(text, 'startswith').startsWith(asString(prefix, 'startswith')),
  endswith: ([text, suffix]) => asString(text, 'endswith').endsWith(asString(suffix, 'endswith')),
  tostring: ([value]) => (value === null ? null : String(value)),
};

function asList(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new ExpressionError(`${where}(): expected a list, got ${JSON.stringify(value)}`);
  return value;
}

function asMap(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ExpressionError(`${where}(): expected a map or object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

function asString(value: unknown, where: string): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') throw new ExpressionError(`${where}: expected a string, got ${JSON.stringify(value)}`);
  return value;
}

function equal(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/** An object whose values are computed when read. */
export function lazyObject(entries: Iterable<[string, () => unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, compute] of entries) {
    let cached: { value: unknown } | undefined;
    Object.defineProperty(object, key, {
      enumerable: true,
      configurable: true,
      get: () => (cached ??= { value: compute() }).value,
    });
  }
  return object;
}

export function evaluate(node: Node, scope: Scope): unknown {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'template': {
      if (node.parts.length === 1 && typeof node.parts[0] !== 'string') return evaluate(node.parts[0].expression, scope);
      return node.parts.map((part) => (typeof part === 'string' ? part : asString(evaluate(part.expression, scope), 'template'))).join('');
    }
    case 'variable':
      return scope(node.name);
    case 'attribute': {
      const target = evaluate(node.target, scope);
      if (target === null || typeof target !== 'object' || !(node.name in (target as object))) {
        throw new ExpressionError(`no attribute ${node.name} in ${render(node.target)}`);
      }
      return (target as Record<string, unknown>)[node.name];
    }
    case 'index': {
      const target = evaluate(node.target, scope);
      const key = evaluate(node.key, scope);
      if (Array.isArray(target) && typeof key === 'number') {
        if (key < 0 || key >= target.length) throw new ExpressionError(`index ${key} out of range in ${render(node.target)}`);
        return target[key];
      }
      const map = asMap(target, render(node.target));
      if (!(String(key) in map)) throw new ExpressionError(`no key ${JSON.stringify(key)} in ${render(node.target)}`);
      return map[String(key)];
    }
    case 'splat':
      return asList(evaluate(node.target, scope), 'splat').map((item) => asMap(item, 'splat')[node.name]);
    case 'call': {
      if (node.name === 'try') {
        for (const arg of node.args) {
          try {
            return evaluate(arg, scope);
          } catch (error) {
            if (!(error instanceof ExpressionError)) throw error;
          }
        }
        throw new ExpressionError('try(): every argument failed');
      }
      const fn = FUNCTIONS[node.name];
      if (!fn) throw new ExpressionError(`the function ${node.name}() is not supported by the access proof's evaluator`);
      return fn(node.args.map((arg) => evaluate(arg, scope)));
    }
    case 'list':
      return node.items.map((item) => evaluate(item, scope));
    case 'object':
      return lazyObject(node.entries.map((entry) => [asString(evaluate(entry.key, scope), 'object key'), () => evaluate(entry.value, scope)]));
    case 'unary': {
      const operand = evaluate(node.operand, scope);
      return node.operator === '!' ? !operand : -(operand as number);
    }
    case 'binary':
      return binary(node.operator, () => evaluate(node.left, scope), () => evaluate(node.right, scope));
    case 'conditional':
      return evaluate(node.condition, scope) ? evaluate(node.then, scope) : evaluate(node.otherwise, scope);
    case 'for':
      return forExpression(node, scope);
  }
}

function binary(operator: string, left: () => unknown, right: () => unknown): unknown {
  switch (operator) {
    case '&&':
      return Boolean(left()) && Boolean(right());
    case '||':
      return Boolean(left()) || Boolean(right());
    case '==':
      return equal(left(), right());
    case '!=':
      return !equal(left(), right());
  }
  const a = left() as number;
  const b = right() as number;
  if (typeof a !== 'number' || typeof b !== 'number') throw new ExpressionError(`${operator} needs numbers, got ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
  const results: Record<string, () => unknown> = {
    '<': () => a < b, '>': () => a > b, '<=': () => a <= b, '>=': () => a >= b,
    '+': () => a + b, '-': () => a - b, '*': () => a * b, '/': () => a / b, '%': () => a % b,
  };
  return results[operator]();
}

function forExpression(node: Extract<Node, { type: 'for' }>, scope: Scope): unknown {
  const collection = evaluate(node.collection, scope);
  const pairs: [unknown, unknown][] = Array.isArray(collection)
    ? collection.map((item, index) => [index, item])
    : Object.keys(asMap(collection, 'for')).sort().map((key) => [key, (collection as Record<string, unknown>)[key]]);
  const inner = (key: unknown, value: unknown): Scope => (name) => {
    if (name === node.valueName) return value;
    if (name === node.keyName) return key;
    return scope(name);
  };
  const kept = pairs.filter(([key, value]) => !node.condition || evaluate(node.condition, inner(key, value)));
  if (!node.key) return kept.map(([key, value]) => evaluate(node.value, inner(key, value)));
  return lazyObject(kept.map(([key, value]) => [asString(evaluate(node.key as Node, inner(key, value)), 'for key'), () => evaluate(node.value, inner(key, value))]));
}

function render(node: Node): string {
  switch (node.type) {
    case 'variable':
      return node.name;
    case 'attribute':
      return `${render(node.target)}.${node.name}`;
    case 'index':
      return `${render(node.target)}[${node.key.type === 'literal' ? JSON.stringify(node.key.value) : '…'}]`;
    default:
      return `(${node.type})`;
  }
}

/** Parses a synthesized attribute value: text with `${...}` interpolations. */
export function parseAttributeTemplate(text: string): Node {
  return { type: 'template', parts: parseTemplate(text, 0, undefined).parts };
}

/**
 * Evaluates a synthesized value: strings are templates, lists and objects are evaluated item by
 * item. Errors name the text that failed.
 */
export function evaluateValue(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${') && !value.includes('%{')) return value;
    try {
      return evaluate(parseAttributeTemplate(value), scope);
    } catch (error) {
      if (error instanceof ExpressionError) throw new ExpressionError(`${error.message}, in ${value.length > 160 ? `${value.slice(0, 160)}…` : value}`);
      throw error;
    }
  }
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, scope));
  if (value !== null && typeof value === 'object') {
    return lazyObject(Object.entries(value).map(([key, item]) => [key, () => evaluateValue(item, scope)]));
  }
  return value;
}

/** Parses a bare expression, such as a variable's `type` constraint. */
export function parseExpression(text: string): Node {
  return new Parser(new Lexer(text, 0, text.length).tokens()).expressionToEnd();
}

/**
 * Converts a variable's value to its type constraint as Terraform does before anything reads it:
 * an object attribute declared `optional(type, default)` and left out gets its default (or null).
 */
export function convertToType(value: unknown, type: Node, where: string): unknown {
  if (value === null || value === undefined) return null;
  if (type.type === 'variable') return value; // string, number, bool, any
  if (type.type !== 'call' || type.args.length === 0) throw new ExpressionError(`${where}: unknown type constraint`);
  const [inner] = type.args;
  switch (type.name) {
    case 'list':
    case 'set':
      return asList(value, where).map((item, index) => convertToType(item, inner, `${where}[${index}]`));
    case 'map':
      return Object.fromEntries(Object.entries(asMap(value, where)).map(([key, item]) => [key, convertToType(item, inner, `${where}["${key}"]`)]));
    case 'object': {
      if (inner.type !== 'object') throw new ExpressionError(`${where}: object() takes an object of attribute types`);
      const given = asMap(value, where);
      return Object.fromEntries(
        inner.entries.map(({ key, value: attributeType }) => {
          const name = evaluate(key, () => { throw new ExpressionError(`${where}: attribute names are literal`); }) as string;
          const optional = attributeType.type === 'call' && attributeType.name === 'optional';
          if (!(name in given) || given[name] === null) {
            if (!optional) throw new ExpressionError(`${where}.${name} is required by the variable's type`);
            const fallback = attributeType.args[1] ? evaluate(attributeType.args[1], () => { throw new ExpressionError(`${where}: defaults are literal`); }) : null;
            return [name, convertToType(fallback, attributeType.args[0], `${where}.${name}`)];
          }
          return [name, convertToType(given[name], optional ? attributeType.args[0] : attributeType, `${where}.${name}`)];
        }),
      );
    }
    case 'optional':
      return convertToType(value, inner, where);
  }
  throw new ExpressionError(`${where}: the type constraint ${type.name}() is not supported by the access proof's evaluator`);
}
