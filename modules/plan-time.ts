/**
 * A value only Terraform knows, at plan time: an input variable of the exported module, given
 * as a bare HCL expression (`var.watched_buckets`). Constructs that branch on a value in
 * TypeScript for the environment stacks write the same choice as a Terraform expression when
 * they are given one of these, so the stacks and the module come from the same code.
 */
export interface PlanTime {
  readonly planTimeExpression: string;
}

export function planTime(expression: string): PlanTime {
  return { planTimeExpression: expression };
}

export function isPlanTime(value: unknown): value is PlanTime {
  return typeof value === 'object' && value !== null && 'planTimeExpression' in value;
}

/** The expression as a Terraform string value, `${...}`, for any argument. */
export function interpolated(value: PlanTime): string {
  return `\${${value.planTimeExpression}}`;
}

/**
 * A string that carries cdktf tokens, ready to sit inside a quoted string within a Terraform
 * expression: cdktf writes a token inside `${...}` as a bare reference, which inside quotes would
 * be literal text, so each token is wrapped in an interpolation of its own.
 */
export function inExpressionString(text: string): string {
  return text.replace(/\$\{TfToken\[[^\]]+\]\}/g, (token) => `\${${token}}`);
}

/**
 * `text` cut into literal pieces and the Terraform expressions it holds: cdktf tokens, and `${...}`
 * expressions (balanced braces), each kept whole.
 */
function piecesOf(text: string): { readonly text: string; readonly expression: boolean }[] {
  const pieces: { text: string; expression: boolean }[] = [];
  const literal = (c: string) => {
    const last = pieces[pieces.length - 1];
    if (last && !last.expression) last.text += c;
    else pieces.push({ text: c, expression: false });
  };
  let i = 0;
  while (i < text.length) {
    const token = /^\$\{TfToken\[[^\]]+\]\}/.exec(text.slice(i));
    if (token) {
      pieces.push({ text: token[0], expression: true });
      i += token[0].length;
    } else if (text.startsWith('${', i)) {
      let depth = 0;
      let end = i + 1;
      for (; end < text.length; end += 1) {
        if (text[end] === '{') depth += 1;
        if (text[end] === '}' && --depth === 0) break;
      }
      if (end >= text.length) throw new Error(`unbalanced \${ in ${text}`);
      pieces.push({ text: text.slice(i, end + 1), expression: true });
      i = end + 1;
    } else {
      literal(text[i]);
      i += 1;
    }
  }
  return pieces;
}

/**
 * `text` as a quoted string inside a Terraform expression (`${cond ? "..." : "..."}`): quotes and
 * backslashes escaped, cdktf tokens wrapped as in `inExpressionString`, and `${...}` expressions the
 * text already holds kept as they are.
 */
export function hclQuoted(text: string): string {
  const quoted = piecesOf(text).map((piece) => {
    if (piece.expression) return piece.text.startsWith('${TfToken[') ? `\${${piece.text}}` : piece.text;
    return piece.text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/%\{/g, '%%{');
  });
  return `"${quoted.join('')}"`;
}

/**
 * `text` as a JSON string (JSON.stringify), but with the Terraform expressions and cdktf tokens it
 * holds left as they are, for Terraform to fill in: an argument that is JSON text (an input
 * template) with a value only Terraform knows in it. The values must need no JSON escaping: a
 * region, a partition, a URL the module's validation keeps to URL characters.
 */
export function jsonQuotedKeepingExpressions(text: string): string {
  // `%{` in a Terraform string starts a template directive; `%%{` is the literal.
  return `"${piecesOf(text).map((piece) => (piece.expression ? piece.text : JSON.stringify(piece.text).slice(1, -1).replace(/%\{/g, '%%{'))).join('')}"`;
}
