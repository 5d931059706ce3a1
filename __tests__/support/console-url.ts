/**
 * Reads back a Logs Insights console URL as modules/console-urls.ts writes it, so that tests check
 * what the console would read (region, log group, window, query), not the encoded text.
 */

export interface DecodedLogsInsightsUrl {
  readonly origin: string;
  readonly path: string;
  readonly region: string | null;
  /** The `queryDetail` object: end, start, timeType, unit, editorString, source. */
  readonly detail: Record<string, unknown>;
}

export function decodeLogsInsightsUrl(url: string): DecodedLogsInsightsUrl {
  const hash = url.indexOf('#');
  if (hash === -1) throw new Error(`no fragment in ${url}`);
  const base = new URL(url.slice(0, hash));
  const fragment = url.slice(hash + 1);
  const page = 'logsV2:logs-insights';
  if (!fragment.startsWith(page)) throw new Error(`not a Logs Insights fragment: ${fragment}`);
  const query = decodeURIComponent(fragment.slice(page.length).replace(/\$/g, '%'));
  if (!query.startsWith('?queryDetail=')) throw new Error(`no queryDetail in ${query}`);
  const detail = new JsurlReader(query.slice('?queryDetail='.length)).read();
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) throw new Error(`queryDetail is not an object: ${query}`);
  return { origin: base.origin, path: base.pathname, region: base.searchParams.get('region'), detail: detail as Record<string, unknown> };
}

/** The console's JSURL-like notation: `~(key~value...)` objects, `(~a~b)` arrays, `'` strings with `*xx` escapes. */
class JsurlReader {
  private i = 0;

  constructor(private readonly text: string) {}

  read(): unknown {
    this.expect('~');
    const value = this.value();
    if (this.i !== this.text.length) throw new Error(`unexpected text at ${this.i}: ${this.text.slice(this.i)}`);
    return value;
  }

  private value(): unknown {
    const c = this.text[this.i];
    if (c === '(') {
      this.i += 1;
      if (this.text[this.i] === '~') {
        const items: unknown[] = [];
        while (this.text[this.i] === '~') {
          this.i += 1;
          items.push(this.value());
        }
        this.expect(')');
        return items;
      }
      const object: Record<string, unknown> = {};
      while (this.text[this.i] !== ')') {
        if (Object.keys(object).length > 0) this.expect('~');
        const key = this.raw();
        this.expect('~');
        object[key] = this.value();
      }
      this.expect(')');
      return object;
    }
    if (c === "'") {
      this.i += 1;
      return this.raw();
    }
    const word = this.raw();
    if (word === 'true' || word === 'false') return word === 'true';
    if (!/^-?\d+(\.\d+)?$/.test(word)) throw new Error(`not a value: ${word}`);
    return Number(word);
  }

  /** Text up to the next `~` or `)`, with `*xx` decoded. */
  private raw(): string {
    let out = '';
    while (this.i < this.text.length && this.text[this.i] !== '~' && this.text[this.i] !== ')') {
      if (this.text[this.i] === '*') {
        out += String.fromCharCode(parseInt(this.text.slice(this.i + 1, this.i + 3), 16));
        this.i += 3;
      } else {
        out += this.text[this.i];
        this.i += 1;
      }
    }
    return out;
  }

  private expect(c: string): void {
    if (this.text[this.i] !== c) throw new Error(`expected '${c}' at ${this.i}: ${this.text.slice(this.i, this.i + 20)}`);
    this.i += 1;
  }
}
