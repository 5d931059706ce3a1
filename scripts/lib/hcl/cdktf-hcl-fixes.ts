import { endOfBlock, quotedTemplate } from './hcl-scan';

/**
 * Repairs for what cdktf 0.21's HCL renderer (`toHclTerraform()`, the `cdktf synth --hcl`
 * machinery) gets wrong, each checked against the stack's own JSON, which cdktf renders right:
 *
 * - a string holding both a `"` (or `\`) and a token is written between quotes unescaped
 *   (terraform-cdk#3911): `"{ ($.x = "a") && ${...} }"`; one without a token gets its quotes
 *   escaped but not its backslashes, so the JSON text `"a\nb"` of a dashboard body becomes a line break;
 * - a variable's falsy attributes (`default = false`, `default = 0`, `default = null`,
 *   `nullable = false`, `sensitive = false`) are dropped, so an optional input becomes required;
 * - every attribute of the `terraform {}` block but providers, backend and cloud is written as
 *   `0 = "required_version"` (cdk-terrain#313), so the block is written here from the JSON;
 * - `depends_on` entries are quoted strings, which Terraform accepts with a deprecation warning;
 * - a string holding a line break is written as a heredoc (`<<EOF`), which adds a line break at
 *   its end that the JSON value does not have: a saved query then differs from the stack's.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every string value in the stack JSON. */
function stringsIn(value: Json, found: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') found.add(value);
  else if (Array.isArray(value)) value.forEach((item) => stringsIn(item, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => stringsIn(item, found));
  return found;
}

export function fixTokenStringQuoting(hcl: string, stackJson: object): string {
  let fixed = hcl;
  for (const value of stringsIn(stackJson as Json)) {
    if (!value.includes('${') && !value.includes('\\')) continue;
    if (value.includes('\n') || value.includes('\r')) continue; // a heredoc: fixHeredocStrings
    // As cdktf's renderer writes it (escapeQuotes in cdktf/lib/hcl/render.js).
    const naive = value.includes('${') ? `"${value}"` : `"${value.replace(/(?<!\\)"/g, '\\"')}"`;
    const correct = quotedTemplate(value);
    if (naive !== correct) fixed = fixed.split(naive).join(correct);
  }
  return fixed;
}

export function fixHeredocStrings(hcl: string, stackJson: object): string {
  let fixed = hcl;
  for (const value of stringsIn(stackJson as Json)) {
    if (value.includes('\n')) fixed = fixed.split(`<<EOF\n${value}\nEOF`).join(quotedTemplate(value));
  }
  return fixed;
}

export function fixFalsyVariableAttributes(hcl: string, variables: Record<string, Record<string, unknown>>): string {
  let fixed = hcl;
  for (const [name, variable] of Object.entries(variables)) {
    const missing = (['default', 'nullable', 'sensitive'] as const).filter(
      (attribute) => attribute in variable && (variable[attribute] === false || variable[attribute] === 0 || variable[attribute] === '' || variable[attribute] === null),
    );
    if (missing.length === 0) continue;
    const header = `variable "${name}" {\n`;
    const start = fixed.indexOf(header);
    if (start < 0) throw new Error(`the rendered HCL has no variable "${name}" block`);
    const block = fixed.slice(start, endOfBlock(fixed, start + header.length - 2));
    const absent = missing.filter((attribute) => !new RegExp(`\\n\\s*${attribute} =`).test(block));
    const lines = absent.map((attribute) => `${attribute} = ${JSON.stringify(variable[attribute])}\n`).join('');
    fixed = fixed.replace(header, `${header}${lines}`);
  }
  return fixed;
}

/** The `terraform {}` block, written from the stack JSON's `terraform` object. */
export function renderTerraformBlock(terraform: Record<string, any>): string {
  const lines = ['terraform {'];
  if (terraform.required_version) lines.push(`  required_version = ${JSON.stringify(terraform.required_version)}`);
  const providers = Object.entries(terraform.required_providers ?? {}) as [string, { source?: string; version?: string }][];
  if (providers.length > 0) {
    lines.push('  required_providers {');
    for (const [name, { source, version }] of providers) {
      const attributes = [source && `source = ${JSON.stringify(source.includes('/') ? source : `hashicorp/${source}`)}`, version && `version = ${JSON.stringify(version)}`];
      lines.push(`    ${name} = { ${attributes.filter(Boolean).join(', ')} }`);
    }
    lines.push('  }');
  }
  for (const [type, settings] of Object.entries(terraform.backend ?? {})) {
    lines.push(`  backend "${type}" {`, ...attributeLines(settings as Record<string, unknown>, '    '), '  }');
  }
  if (terraform.cloud) lines.push('  cloud {', ...attributeLines(terraform.cloud, '    '), '  }');
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Attributes as `key = value` lines; nested objects become blocks (`assume_role`, `workspaces`). */
function attributeLines(settings: Record<string, unknown>, indent: string): string[] {
  return Object.entries(settings).flatMap(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? [`${indent}${key} {`, ...attributeLines(value as Record<string, unknown>, `${indent}  `), `${indent}}`]
      : [`${indent}${key} = ${typeof value === 'string' ? quotedTemplate(value) : JSON.stringify(value)}`],
  );
}

/** `depends_on = ["aws_x.y"]` → `depends_on = [aws_x.y]`. */
export function fixQuotedDependsOn(hcl: string): string {
  return hcl.replace(/depends_on = \[([^\]]*)\]/g, (_whole, entries: string) =>
    `depends_on = [${entries.replace(/"((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)"/g, '$1')}]`,
  );
}
