/**
 * Just enough of HCL's lexical structure to edit cdktf's rendered HCL safely: where a quoted
 * template ends, where an interpolation ends, where a block's braces close. Written by hand: the
 * maintained HCL parsers for Node (@cdktf/hcl2json) parse to JSON and cannot give positions back.
 */

/** Index just past the `}` that closes the interpolation whose `${` starts at `start`. */
export function endOfInterpolation(text: string, start: number): number {
  let depth = 0;
  for (let i = start + 2; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      i = endOfQuotedTemplate(text, i) - 1;
    } else if (char === '{' || char === '[' || char === '(') {
      depth++;
    } else if (char === ']' || char === ')') {
      depth--;
    } else if (char === '}') {
      if (depth === 0) return i + 1;
      depth--;
    }
  }
  throw new Error(`unterminated interpolation at ${start}: ${text.slice(start, start + 60)}`);
}

/** Index just past the `"` that closes the quoted template whose `"` is at `start`. */
export function endOfQuotedTemplate(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      i++;
    } else if ((char === '$' || char === '%') && text[i + 1] === '{') {
      if (text[i - 1] === char) continue; // `$${` and `%%{` are literal
      i = endOfInterpolation(text, i) - 1;
    } else if (char === '"') {
      return i + 1;
    }
  }
  throw new Error(`unterminated string at ${start}: ${text.slice(start, start + 60)}`);
}

/** Index just past the `}` closing the block body whose `{` is at `open`, skipping strings and comments. */
export function endOfBlock(text: string, open: number): number {
  return endOfBracketed(text, open, '{', '}');
}

/** Index just past the bracket that closes the one at `open` (`{` or `[`), skipping strings and comments. */
export function endOfBracketed(text: string, open: number, opening: '{' | '[', closing: '}' | ']'): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      i = endOfQuotedTemplate(text, i) - 1;
    } else if (char === '#' || (char === '/' && text[i + 1] === '/')) {
      i = text.indexOf('\n', i);
      if (i < 0) break;
    } else if (char === opening) {
      depth++;
    } else if (char === closing) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error(`unterminated ${opening} at ${open}: ${text.slice(open, open + 60)}`);
}

/**
 * A Terraform string value (as the JSON syntax holds it, `${...}` interpolations included) as an
 * HCL quoted template: quotes, backslashes and control characters outside interpolations are
 * escaped, interpolations are kept as written.
 */
export function quotedTemplate(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if ((char === '$' || char === '%') && value[i + 1] === '{' && value[i - 1] !== char) {
      const end = endOfInterpolation(value, i);
      out += value.slice(i, end);
      i = end - 1;
      continue;
    }
    if (char === '\\') out += '\\\\';
    else if (char === '"') out += '\\"';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else out += char;
  }
  return `${out}"`;
}
