import { TerraformStack } from 'cdktf';
import { endOfBracketed, endOfQuotedTemplate } from './hcl-scan';
import { fixFalsyVariableAttributes, fixHeredocStrings, fixQuotedDependsOn, fixTokenStringQuoting, renderTerraformBlock } from './cdktf-hcl-fixes';
import { bareExpression, hclBlocks, hclBody, hclValue } from './json-to-hcl';
import { TopLevelBlock, topLevelBlocks } from './top-level-blocks';

type Json = Record<string, any>;

/**
 * A stack as HCL: cdktf's own rendering (`toHclTerraform()`, what `cdktf synth --hcl` writes),
 * with what it renders wrong repaired from the stack's JSON. Returns the top-level blocks, for
 * the caller to arrange in files; `terraform fmt` does the indentation.
 */
export function stackHclBlocks(stack: TerraformStack): TopLevelBlock[] {
  const json = stack.toTerraform() as Json;
  let hcl = stack.toHclTerraform().hcl;
  hcl = fixTokenStringQuoting(hcl, json);
  hcl = fixHeredocStrings(hcl, json);
  hcl = fixFalsyVariableAttributes(hcl, json.variable ?? {});
  hcl = fixQuotedDependsOn(hcl);
  return topLevelBlocks(hcl).map((block) => {
    if (block.kind === 'terraform') return { ...block, text: renderTerraformBlock(json.terraform ?? {}).trimEnd() };
    // cdktf writes object values of locals as if they were blocks, and strings in them unquoted.
    if (block.kind === 'locals') return { ...block, text: renderLocals(json.locals ?? {}) };
    if (block.kind === 'resource') {
      const body = json.resource?.[block.labels[0]]?.[block.labels[1]];
      return body ? { ...block, text: unwrapInterpolationOnly(fixLifecycle(fixDynamicBlocks(fixNestedDynamicBlocks(block.text, body), body), body)) } : block;
    }
    return { ...block, text: unwrapInterpolationOnly(block.text) };
  });
}

/** The whole stack as one HCL file. */
export function stackHcl(stack: TerraformStack): string {
  return `${stackHclBlocks(stack).map((block) => block.text).join('\n\n')}\n`;
}

function renderLocals(locals: Json): string {
  return ['locals {', ...Object.entries(locals).map(([name, value]) => `  ${name} = ${hclValue(value, '  ')}`), '}'].join('\n');
}

const containsDynamic = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && (Array.isArray(value) ? value.some(containsDynamic) : 'dynamic' in value || Object.values(value).some(containsDynamic));

/**
 * A dynamic block nested in a block (only Terraform JSON's syntax can carry it through cdktf) is
 * rendered by cdktf as attributes; the attribute holding it is written again from the JSON.
 */
function fixNestedDynamicBlocks(text: string, body: Json): string {
  let fixed = text;
  for (const [attribute, value] of Object.entries(body)) {
    // The block's own dynamic blocks are fixDynamicBlocks' to write.
    if (attribute === 'dynamic' || !containsDynamic(value)) continue;
    const start = new RegExp(`\\n\\s*${attribute} = \\[`).exec(fixed);
    if (!start) throw new Error(`cannot find ${attribute} in the rendered resource to write its dynamic blocks`);
    const open = start.index + start[0].length - 1;
    const end = endOfBracketed(fixed, open, '[', ']');
    fixed = `${fixed.slice(0, start.index)}\n${hclBlocks(attribute, value, '  ').join('\n')}${fixed.slice(end)}`;
  }
  return fixed;
}

/**
 * A resource's own dynamic blocks (the module trail's selectors, one of them optional): cdktf
 * writes a list of them as one block with `for_each = undefined`, and the blocks nested in their
 * content as attributes. Its rendering of them is dropped and they are written again from the
 * JSON, at the end of the block, where Terraform reads them in the same order.
 */
function fixDynamicBlocks(text: string, body: Json): string {
  if (!body.dynamic) return text;
  let fixed = text;
  for (let found = /\n\s*dynamic "[^"]+" \{/.exec(fixed); found; found = /\n\s*dynamic "[^"]+" \{/.exec(fixed)) {
    const end = endOfBracketed(fixed, found.index + found[0].length - 1, '{', '}');
    fixed = `${fixed.slice(0, found.index)}${fixed.slice(end)}`;
  }
  const close = fixed.lastIndexOf('\n}');
  if (close === -1) throw new Error('cannot find the end of the rendered block to write its dynamic blocks');
  return `${fixed.slice(0, close)}\n${hclBody({ dynamic: body.dynamic }, '  ').join('\n')}${fixed.slice(close)}`;
}

/** cdktf writes `precondition` blocks inside `lifecycle` as a list attribute; written again from the JSON. */
function fixLifecycle(text: string, body: Json): string {
  if (!body.lifecycle?.precondition && !body.lifecycle?.postcondition) return text;
  const start = /\n\s*lifecycle \{/.exec(text);
  if (!start) throw new Error('cannot find the lifecycle block in the rendered resource');
  const end = endOfBracketed(text, start.index + start[0].length - 1, '{', '}');
  return `${text.slice(0, start.index)}\n${hclBlocks('lifecycle', body.lifecycle, '  ').join('\n')}${text.slice(end)}`;
}

/** `count = "${var.x ? 1 : 0}"` → `count = var.x ? 1 : 0`: the same value, without the deprecated wrapping. */
function unwrapInterpolationOnly(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const match = /^(\s*[A-Za-z_][\w-]* = )"/.exec(line);
      if (!match) return line;
      const quote = match[1].length;
      if (endOfQuotedTemplate(line, quote) !== line.length) return line;
      const bare = bareExpression(line.slice(quote + 1, -1));
      return bare === undefined ? line : `${match[1]}${bare}`;
    })
    .join('\n');
}
