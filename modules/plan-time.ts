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
 * `text` as a quoted string inside a Terraform expression (`${cond ? "..." : "..."}`): quotes and
 * backslashes escaped, cdktf tokens wrapped as in `inExpressionString`, and `${...}` expressions the
 * text already holds kept as they are.
 */
export function hclQuoted(text: string): string {
  let quoted = '"';
  let i = 0;
  while (i < text.length) {
    const token = /^\$\{TfToken\[[^\]]+\]\}/.exec(text.slice(i));
    if (token) {
      quoted += `\${${token[0]}}`;
      i += token[0].length;
    } else if (text.startsWith('${', i)) {
      let depth = 0;
      let end = i + 1;
      for (; end < text.length; end += 1) {
        if (text[end] === '{') depth += 1;
        if (text[end] === '}' && --depth === 0) break;
      }
      if (end >= text.length) throw new Error(`unbalanced \${ in ${text}`);
      quoted += text.slice(i, end + 1);
      i = end + 1;
    } else {
      const c = text[i];
      quoted += c === '"' ? '\\"' : c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '%' && text[i + 1] === '{' ? '%%' : c;
      i += 1;
    }
  }
  return `${quoted}"`;
}
