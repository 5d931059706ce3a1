import { distance } from 'fastest-levenshtein';
import { z } from 'zod';

/**
 * What a definition's unknown field gets told: the field it most likely meant, and every field that
 * object accepts. A typo (`acountId`) is the commonest mistake in a hand-written JSON definition.
 */

/** The accepted field a misspelled one most likely meant: at most a third of its letters off, case aside. */
export function nearestField(key: string, accepted: readonly string[]): string | undefined {
  const wanted = key.toLowerCase();
  let best: { field: string; edits: number } | undefined;
  for (const field of accepted) {
    const edits = distance(wanted, field.toLowerCase());
    if (edits <= Math.max(1, Math.floor(field.length / 3)) && (!best || edits < best.edits)) best = { field, edits };
  }
  return best?.field;
}

/** ` (did you mean "x"?)` when one of `accepted` is near `given`, else nothing. */
export function didYouMean(given: string, accepted: readonly string[]): string {
  const meant = nearestField(given, accepted);
  return meant ? ` (did you mean ${JSON.stringify(meant)}?)` : '';
}

export function unknownFieldsMessage(keys: readonly string[], accepted: readonly string[]): string {
  const named = keys.map((key) => `${JSON.stringify(key)}${didYouMean(key, accepted)}`);
  return `unknown field${keys.length > 1 ? 's' : ''} ${named.join(', ')}; accepted: ${accepted.join(', ')}`;
}

type ObjectIssue = z.core.$ZodRawIssue & { inst?: unknown };

/**
 * The error map of a strict object: unknown fields as `unknownFieldsMessage` words them, anything
 * else (the input is not an object at all) as `otherwise` says.
 */
export function strictObjectError(otherwise?: (issue: ObjectIssue) => string): (issue: ObjectIssue) => string | undefined {
  return (issue) => {
    if (issue.code === 'unrecognized_keys') {
      const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape ?? {};
      return unknownFieldsMessage(issue.keys, Object.keys(shape));
    }
    return otherwise?.(issue);
  };
}
