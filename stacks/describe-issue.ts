import { z } from 'zod';
import { brief, show } from './show-value';
import { nearestField } from './unknown-fields';

/**
 * One schema issue as a line a person can act on: `environment "<name>", field <path>: <message>`.
 * The schema's own messages say what was given and what is accepted; this adds where.
 */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const [index, ...fieldPath] = issue.path;
  if (typeof index !== 'number') return issue.message;
  const entry = Array.isArray(raw) ? raw[index] : undefined;
  const name = entry && typeof entry === 'object' && typeof (entry as { name?: unknown }).name === 'string'
    ? brief((entry as { name: string }).name)
    : `#${index + 1}`;
  const where = `environment ${name}${fieldPath.length === 0 ? '' : `, field ${formatPath(fieldPath)}`}`;
  // The strict objects' error map (unknown-fields.ts) words these, naming the fields accepted.
  if (issue.code === 'unrecognized_keys') return `${where}: ${issue.message}`;
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

const samePath = (a: readonly PropertyKey[], b: readonly PropertyKey[]) => a.length === b.length && a.every((part, i) => part === b[i]);

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, part) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined), raw);
}

/**
 * Drops what is said about a field left out where the same object has an unknown field that is
 * that field misspelled ("is missing", "is not set and ..."): the unknown field's message already
 * says "did you mean", and one typo is one problem.
 */
export function withoutMisspelledMissing(issues: readonly z.core.$ZodIssue[], raw: unknown): z.core.$ZodIssue[] {
  const unknown = issues.filter((issue): issue is z.core.$ZodIssueUnrecognizedKeys => issue.code === 'unrecognized_keys');
  return issues.filter((issue) => {
    if (issue.code === 'unrecognized_keys' || issue.path.length === 0 || valueAt(raw, issue.path) !== undefined) return true;
    const field = String(issue.path[issue.path.length - 1]);
    const parent = issue.path.slice(0, -1);
    return !unknown.some((other) => samePath(other.path, parent) && other.keys.some((key) => nearestField(key, [field]) === field));
  });
}
