import { endOfInterpolation, quotedTemplate } from './hcl-scan';

/**
 * Terraform JSON values and nested blocks written as HCL, for the places where cdktf's renderer
 * cannot be mended line by line (object values in locals, dynamic blocks nested in blocks).
 * Written by hand: no maintained package turns Terraform JSON into HCL.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `"${expr}"` as `expr` when the string is nothing but one interpolation. */
export function bareExpression(value: string): string | undefined {
  if (!value.startsWith('${')) return undefined;
  try {
    return endOfInterpolation(value, 0) === value.length ? value.slice(2, -1) : undefined;
  } catch {
    return undefined;
  }
}

/** An HCL expression for a JSON value, indented for nesting at `indent`. */
export function hclValue(value: Json, indent = ''): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return bareExpression(value) ?? quotedTemplate(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => hclValue(item, indent)).join(', ')}]`;
  const inner = `${indent}  `;
  const entries = Object.entries(value).map(([key, item]) => `${inner}${IDENTIFIER.test(key) ? key : JSON.stringify(key)} = ${hclValue(item, inner)}`);
  return entries.length === 0 ? '{}' : `{\n${entries.join('\n')}\n${indent}}`;
}

const isBlockValue = (value: Json): value is { [key: string]: Json } | { [key: string]: Json }[] =>
  (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))) ||
  (typeof value === 'object' && value !== null && !Array.isArray(value));

/** A block body: attributes, nested blocks (objects and lists of objects) and `dynamic` blocks. */
export function hclBody(body: { [key: string]: Json }, indent: string): string[] {
  return Object.entries(body).flatMap(([key, value]) => {
    if (key === 'dynamic' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      // One dynamic block per label, or a list of them (several blocks of one type, in order).
      return Object.entries(value).flatMap(([name, dynamics]) =>
        (Array.isArray(dynamics) ? dynamics : [dynamics]).flatMap((dynamic) => {
          const { for_each: forEach, content } = dynamic as { for_each: string; content: { [key: string]: Json } };
          return [
            `${indent}dynamic "${name}" {`,
            `${indent}  for_each = ${hclValue(forEach, `${indent}  `)}`,
            `${indent}  content {`,
            ...hclBody(content, `${indent}    `),
            `${indent}  }`,
            `${indent}}`,
          ];
        }),
      );
    }
    if (isBlockValue(value)) return hclBlocks(key, value, indent);
    return [`${indent}${key} = ${hclValue(value, indent)}`];
  });
}

/** Nested blocks of one type, from an object or a list of objects. */
export function hclBlocks(name: string, value: { [key: string]: Json } | { [key: string]: Json }[], indent: string): string[] {
  return (Array.isArray(value) ? value : [value]).flatMap((body) => [`${indent}${name} {`, ...hclBody(body, `${indent}  `), `${indent}}`]);
}
