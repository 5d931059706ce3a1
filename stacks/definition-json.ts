import { JSONPath, ParseErrorCode, printParseErrorCode, visit } from 'jsonc-parser';
import { formatPath } from './describe-issue';

/**
 * What the JSON text of a definition holds, or what is wrong with it, each problem at its line and
 * column. JSON.parse alone gives no line (on Node 20 often not even a position), and it silently
 * keeps the last of two equal keys: a definition with `"accountId"` twice would deploy to whichever
 * came last. jsonc-parser (the scanner VS Code uses) reports both, in strict JSON mode.
 */
export type DefinitionJson = { readonly value: unknown; readonly problems?: undefined } | { readonly value?: undefined; readonly problems: readonly string[] };

/** How a person reads jsonc-parser's error codes. */
const SYNTAX_ERRORS: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'not a number JSON accepts',
  [ParseErrorCode.PropertyNameExpected]: 'expected a field name in double quotes (a trailing comma, or a name without quotes?)',
  [ParseErrorCode.ValueExpected]: 'expected a value (a trailing comma, or a missing value?)',
  [ParseErrorCode.ColonExpected]: 'expected ":" after the field name',
  [ParseErrorCode.CommaExpected]: 'expected "," between two entries',
  [ParseErrorCode.CloseBraceExpected]: 'expected "}" to close the object',
  [ParseErrorCode.CloseBracketExpected]: 'expected "]" to close the list',
  [ParseErrorCode.EndOfFileExpected]: 'expected the end of the file after the definition',
  [ParseErrorCode.InvalidCommentToken]: 'comments are not JSON',
  [ParseErrorCode.UnexpectedEndOfString]: 'a string is not closed',
  [ParseErrorCode.InvalidEscapeCharacter]: 'an escape JSON does not know',
  [ParseErrorCode.InvalidCharacter]: 'a control character inside a string (write it escaped, e.g. \\n)',
};

/** `line 3, column 7`, counting from 1 as editors do. */
function at(line: number, character: number): string {
  return `line ${line + 1}, column ${character + 1}`;
}

/** `environment #1, field tags`: a path into the definition, before any environment has a name. */
function where(path: JSONPath): string {
  const [index, ...field] = path;
  if (typeof index !== 'number') return 'the top level';
  return `environment #${index + 1}${field.length === 0 ? '' : `, field ${formatPath(field)}`}`;
}

export function parseDefinitionJson(text: string): DefinitionJson {
  if (text.trim() === '') return { problems: ['the file is empty; expected a JSON list of environments, e.g. [{ "name": "dev", ... }]'] };
  const problems: string[] = [];
  let syntaxError: string | undefined;
  // One set of keys per object being read, innermost last.
  const objects: Map<string, string>[] = [];
  visit(
    text,
    {
      onObjectBegin: () => void objects.push(new Map()),
      onObjectEnd: () => void objects.pop(),
      onObjectProperty: (key, _offset, _length, line, character, pathSupplier) => {
        const keys = objects[objects.length - 1];
        const first = keys.get(key);
        if (first === undefined) {
          keys.set(key, at(line, character));
          return;
        }
        problems.push(
          `${at(line, character)}: the field ${JSON.stringify(key)} appears twice in ${where(pathSupplier())} (first at ${first}); ` +
            'JSON would keep only the last value. Keep one',
        );
      },
      // Only the first: the parser's errors after it mostly follow from it.
      onError: (error, _offset, _length, line, character) => {
        syntaxError ??= `${at(line, character)}: ${SYNTAX_ERRORS[error] ?? printParseErrorCode(error)}`;
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (syntaxError !== undefined) return { problems: [syntaxError] };
  if (problems.length > 0) return { problems };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    // Whatever the strict scan let through that JSON.parse still refuses: its own words.
    return { problems: [(error as Error).message] };
  }
}
