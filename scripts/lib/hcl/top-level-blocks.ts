import { endOfBlock } from './hcl-scan';

export interface TopLevelBlock {
  /** `terraform`, `provider`, `variable`, `locals`, `data`, `resource`, `output`, ... */
  readonly kind: string;
  /** The labels, e.g. `["aws_s3_bucket", "AuditTrail_LogBucket_F5552923"]`. */
  readonly labels: readonly string[];
  /** The block's whole text, header to closing brace. */
  readonly text: string;
}

const HEADER = /^([a-z_]+)((?:\s+"[^"]*")*)\s*\{/;

/** The top-level blocks of an HCL body, in order; anything between them must be blank. */
export function topLevelBlocks(hcl: string): TopLevelBlock[] {
  const blocks: TopLevelBlock[] = [];
  let position = 0;
  while (position < hcl.length) {
    const rest = hcl.slice(position);
    const leading = /^\s*/.exec(rest)?.[0].length ?? 0;
    if (leading === rest.length) break;
    const start = position + leading;
    const header = HEADER.exec(hcl.slice(start));
    if (!header) throw new Error(`expected a top-level block at: ${hcl.slice(start, start + 80)}`);
    const end = endOfBlock(hcl, start + header[0].length - 1);
    const labels = [...header[2].matchAll(/"([^"]*)"/g)].map((match) => match[1]);
    blocks.push({ kind: header[1], labels, text: hcl.slice(start, end) });
    position = end;
  }
  return blocks;
}
