/**
 * Patterns the evaluator cannot parse must throw FilterPatternSyntaxError, never silently match or
 * miss: a detection test passing on a mis-parsed pattern would prove nothing. The grammar checked is
 * the one in AWS's "Filter pattern syntax for metric filters, subscription filters, filter log events,
 * and Live Tail", https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html.
 */
import { FilterPatternSyntaxError, matchesFilterPattern, parseFilterPattern } from '../../modules/detections/filter-pattern';

function syntaxError(pattern: string): FilterPatternSyntaxError {
  try {
    parseFilterPattern(pattern);
  } catch (error) {
    if (error instanceof FilterPatternSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a FilterPatternSyntaxError for ${pattern}`);
}

describe('filter pattern syntax errors', () => {
  test.each([
    // unbalanced parentheses and braces
    ['{ ($.a = 1 }', 'missing )'],
    ['{ $.a = 1) }', 'extra )'],
    ['{ (($.a = 1) }', 'missing one of two )'],
    ['{ $.a = 1', 'missing }'],
    ['{ $.a = 1 }}', 'extra }'],
    ['{ }', 'empty JSON pattern'],
    ['{ () }', 'empty parentheses'],
    // missing operator / value
    ['{ $.a "x" }', 'missing operator'],
    ['{ $.a }', 'selector alone'],
    ['{ $.a = }', 'missing value'],
    ['{ $.a != && $.b = 1 }', 'missing value before &&'],
    ['{ $.a == 1 }', 'double ='],
    ['{ $.a =! 1 }', 'reversed !='],
    ['{ = 1 }', 'missing selector'],
    // bad selectors
    ['{ $. = 1 }', '$.'],
    ['{ $..a = 1 }', '$..a'],
    ['{ $.a[x] = 1 }', 'non-numeric index'],
    ['{ $.a[] = 1 }', 'empty index'],
    ['{ $.a[-1] = 1 }', 'negative index'],
    ['{ $.a[0 = 1 }', 'unclosed index'],
    ['{ $ = 1 }', 'bare $'],
    ['{ $[0] = 1 }', 'index not following a property'],
    ['{ $.a.b. = 1 }', 'trailing dot'],
    ['{ $.a@b = 1 }', 'invalid property character'],
    ['{ a.b = 1 }', 'selector without $'],
    // dangling and malformed logical operators
    ['{ $.a = 1 && }', 'dangling &&'],
    ['{ $.a = 1 || }', 'dangling ||'],
    ['{ && $.a = 1 }', 'leading &&'],
    ['{ $.a = 1 & $.b = 2 }', 'single &'],
    ['{ $.a = 1 | $.b = 2 }', 'single |'],
    ['{ $.a = 1 $.b = 2 }', 'missing logical operator'],
    // keywords
    ['{ $.a IS MAYBE }', 'unknown IS keyword'],
    ['{ $.a IS }', 'IS without keyword'],
    ['{ $.a NOT NULL }', 'NOT without EXISTS'],
    ['{ $.a EXISTS }', 'EXISTS without NOT'],
    ['{ $.a is null }', 'lower-case keyword'],
    // trailing garbage
    ['{ $.a = 1 } x', 'text after }'],
    ['{ $.a = 1 } { $.b = 2 }', 'second JSON pattern'],
    // values
    ['{ $.a = "x }', 'unterminated string'],
    ['{ $.a = "\\n" }', 'unsupported escape'],
    ['{ $.a > "5" }', 'numeric operator with a string'],
    ['{ $.a > abc }', 'numeric operator with a word'],
    ['{ $.a >= * }', 'numeric operator with a wildcard'],
    ['{ $.a = foo@bar }', 'unquoted special character'],
    ['{ $.a = %ERR% }', 'regex value'],
    // unsupported pattern kinds
    ['[w1, w2=ERROR]', 'space-delimited pattern'],
    ['[ip, user, ..., status_code = 4*, bytes]', 'space-delimited pattern with ellipsis'],
    ['%AUTHORIZED%', 'regex pattern'],
    // term patterns
    ['ERROR:', 'unquoted punctuation'],
    ['ERROR-CODE', 'unquoted hyphen'],
    ['-', 'lone minus'],
    ['? ERROR', 'detached ?'],
    ['?ERROR WARN', 'OR term mixed with AND term'],
    ['?ERROR -WARN', 'OR term mixed with exclusion'],
    ['"unterminated', 'unterminated phrase'],
    ['$.a = 1', 'JSON expression without braces'],
  ])('GIVEN %s (%s) WHEN parsed THEN it throws FilterPatternSyntaxError', (pattern) => {
    expect(() => parseFilterPattern(pattern)).toThrow(FilterPatternSyntaxError);
  });

  test('GIVEN an unknown keyword WHEN parsed THEN the error names the position and the offending text', () => {
    const error = syntaxError('{ $.a IS MAYBE }');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FilterPatternSyntaxError');
    expect(error.position).toBe(9);
    expect(error.found).toBe('MAYBE');
    expect(error.message).toContain('position 9');
    expect(error.message).toContain('"MAYBE"');
    expect(error.message).toContain('IS');
  });

  test('GIVEN a bad selector WHEN parsed THEN the error points into the selector', () => {
    const error = syntaxError('{ $.a[x] = 1 }');
    expect(error.position).toBe(5);
    expect(error.message).toContain('$.a[x]');
  });

  test('GIVEN a missing closing brace WHEN parsed THEN the error is reported at the end of the pattern', () => {
    const error = syntaxError('{ $.a = 1');
    expect(error.position).toBe(9);
    expect(error.message).toContain('end of pattern');
  });

  test('GIVEN a missing ) WHEN parsed THEN the error says which ( is unclosed', () => {
    expect(syntaxError('{ ($.a = 1 }').message).toContain("'(' at position 2");
  });

  test('GIVEN a space-delimited pattern WHEN parsed THEN the error says it is unsupported', () => {
    expect(syntaxError('[w1=ERROR, w2]').message).toMatch(/space-delimited.*not supported/);
  });

  test('GIVEN an invalid pattern WHEN matchesFilterPattern is called THEN it throws instead of returning false', () => {
    expect(() => matchesFilterPattern('{ $.a = 1 && }', { a: 1 })).toThrow(FilterPatternSyntaxError);
    expect(() => matchesFilterPattern('{ $.a IS MAYBE }', 'not json')).toThrow(FilterPatternSyntaxError);
  });
});
