/**
 * Tag rules common to every service the stack tags (AWS "Tagging AWS resources" best practices,
 * https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions).
 * Written by hand: no maintained library carries them.
 */

export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;
/** User tags per resource; the stack's own tags count too. */
export const MAX_TAGS_PER_RESOURCE = 50;
/** Unicode letters, digits, spaces and `_ . : / = + - @`: the set every tagged service here accepts. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function tagKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'is an empty tag key; a key needs at least one character';
  // Lengths count Unicode characters, not UTF-16 units.
  const length = [...key].length;
  if (length > MAX_TAG_KEY_LENGTH) return `is a tag key of ${length} characters; AWS accepts at most ${MAX_TAG_KEY_LENGTH}`;
  if (/^aws:/i.test(key)) return 'is a tag key starting with "aws:", a prefix AWS reserves for its own tags';
  if (!TAG_CHARACTERS.test(key)) return 'has characters AWS refuses in a tag key; accepted: letters, digits, spaces and _ . : / = + - @';
  return undefined;
}

export function tagValueProblem(value: string): string | undefined {
  const length = [...value].length;
  if (length > MAX_TAG_VALUE_LENGTH) return `is a tag value of ${length} characters; AWS accepts at most ${MAX_TAG_VALUE_LENGTH}`;
  if (!TAG_CHARACTERS.test(value)) return 'has characters AWS refuses in a tag value; accepted: letters, digits, spaces and _ . : / = + - @';
  return undefined;
}
