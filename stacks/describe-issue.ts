import { z } from 'zod';
import { show } from './show-value';

/**
 * One schema issue as a line a person can act on: `environment "<name>", field <path>: <message>`.
 * The schema's own messages say what was given and what is accepted; this adds where.
 */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const [index, ...fieldPath] = issue.path;
  if (typeof index !== 'number') return issue.message;
  const entry = Array.isArray(raw) ? raw[index] : undefined;
  const name = entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string'
    ? `"${(entry as { name: string }).name}"`
    : `#${index + 1}`;
  const where = `environment ${name}${fieldPath.length === 0 ? '' : `, field ${formatPath(fieldPath)}`}`;
  if (issue.code === 'unrecognized_keys') {
    return `${where}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  }
  if (entry !== undefined && (typeof entry !== 'object' || entry === null || Array.isArray(entry)) && fieldPath.length === 0) {
    return `${where}: ${show(entry)} is not an environment; expected an object with name, accountId, region, ...`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${where}: is missing (${issue.expected} required)`;
  if (issue.code === 'invalid_key') {
    // zod reports a bad record key with a generic message; the key schema's own message says why.
    const inner = issue.issues[0]?.message ?? issue.message;
    return `${where}: ${inner}`;
  }
  return `${where}: ${issue.message}`;
}

/** `tags["Cost Center"]`, `detections.trail-tampering.threshold`, `watchedBuckets[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, position) => {
      if (typeof part === 'number') return `[${part}]`;
      const key = String(part);
      if (/^[A-Za-z_$][\w$-]*$/.test(key)) return `${position === 0 ? '' : '.'}${key}`;
      return `[${JSON.stringify(key)}]`;
    })
    .join('');
}
