/**
 * A given value as an error message quotes it. JSON.stringify alone would print a number too large
 * for a double (`1e400` in a JSON file parses as Infinity) as `null`, and drop `undefined`.
 */
export function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? 'NaN' : `${value < 0 ? '-' : ''}Infinity (a number too large to represent)`;
  }
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text;
}

/** Beyond this many characters a value is abbreviated where it only names something (an environment). */
const BRIEF_LENGTH = 40;

/** `"dev"`, or for a long string its start and length: a 200-character name is not echoed whole. */
export function brief(text: string): string {
  return text.length <= BRIEF_LENGTH ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, BRIEF_LENGTH))}… (${text.length} characters)`;
}
