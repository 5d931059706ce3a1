/**
 * Term patterns for unstructured text. Semantics follow AWS's "Filter pattern syntax for metric
 * filters, subscription filters, filter log events, and Live Tail",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html, sections on
 * matching terms in unstructured log events and OR pattern matching.
 */
import { matchesFilterPattern, parseFilterPattern } from '../../modules/detections/filter-pattern';

describe('term patterns', () => {
  // Docs: the filter pattern ERROR matches "[ERROR] A fatal exception has occurred" and
  // "Exiting with ERRORCODE: -1" - a term matches anywhere in the message, inside words too.
  test('GIVEN ERROR WHEN the messages are the documented ones THEN both match', () => {
    expect(matchesFilterPattern('ERROR', '[ERROR] A fatal exception has occurred')).toBe(true);
    expect(matchesFilterPattern('ERROR', 'Exiting with ERRORCODE: -1')).toBe(true);
    expect(matchesFilterPattern('ERROR', 'all good')).toBe(false);
  });

  // Docs: "Filter patterns are case sensitive" / "Metric filters are case sensitive".
  test('GIVEN ERROR WHEN the message has error in another case THEN it does not match', () => {
    expect(matchesFilterPattern('ERROR', 'an error occurred')).toBe(false);
    expect(matchesFilterPattern('error', 'an ERROR occurred')).toBe(false);
  });

  // Docs: "To exclude a term, use a minus sign (-) before the term"; the pattern "ERROR" - "Exiting"
  // excludes "Exiting with ERRORCODE: -1".
  test.each(['"ERROR" - "Exiting"', 'ERROR -Exiting', 'ERROR - Exiting'])(
    'GIVEN %s WHEN the message contains the excluded term THEN it does not match',
    (pattern) => {
      expect(matchesFilterPattern(pattern, 'Exiting with ERRORCODE: -1')).toBe(false);
      expect(matchesFilterPattern(pattern, '[ERROR] A fatal exception has occurred')).toBe(true);
    },
  );

  // Docs: "You can specify multiple terms ... but all terms must appear in a log event".
  test('GIVEN ERROR Exception WHEN messages contain both or one THEN only both match', () => {
    expect(matchesFilterPattern('ERROR Exception', '[ERROR] Caught IllegalArgumentException')).toBe(true);
    expect(matchesFilterPattern('ERROR Exception', '[ERROR] Unhandled Exception')).toBe(true);
    expect(matchesFilterPattern('ERROR Exception', '[ERROR] Unhandled failure')).toBe(false);
  });

  test('GIVEN unquoted words WHEN they appear in another order THEN they still match, unlike the quoted phrase', () => {
    expect(matchesFilterPattern('Failed to process the request', '[WARN] Failed to process the request')).toBe(true);
    expect(matchesFilterPattern('Failed to process the request', 'the request: Failed to process')).toBe(true);
    expect(matchesFilterPattern('"Failed to process the request"', '[WARN] Failed to process the request')).toBe(true);
    expect(matchesFilterPattern('"Failed to process the request"', 'the request: Failed to process')).toBe(false);
  });

  // Docs, "OR pattern matching": for messages 1 "ERROR WARN message", 2 "ERROR message",
  // 3 "WARN message": ERROR matches 1 and 2; ?ERROR ?WARN matches all three; ERROR WARN matches
  // only 1; ERROR -WARN matches only 2.
  test.each([
    ['ERROR', [true, true, false]],
    ['?ERROR ?WARN', [true, true, true]],
    ['ERROR WARN', [true, false, false]],
    ['ERROR -WARN', [false, true, false]],
  ])('GIVEN %s WHEN matched against the three documented messages THEN the results are %j', (pattern, expected) => {
    const parsed = parseFilterPattern(pattern);
    expect(['ERROR WARN message', 'ERROR message', 'WARN message'].map((m) => parsed.matches(m))).toEqual(expected);
  });

  test('GIVEN ?-terms with quoted phrases WHEN one phrase appears THEN it matches', () => {
    expect(matchesFilterPattern('?"access denied" ?Throttling', 'request access denied for user')).toBe(true);
    expect(matchesFilterPattern('?"access denied" ?Throttling', 'access was denied')).toBe(false);
  });

  // Docs: 'The filter pattern "" matches all log events.'
  test.each(['""', '', '   '])('GIVEN the empty pattern %j WHEN matched THEN every message matches', (pattern) => {
    expect(matchesFilterPattern(pattern, 'anything at all')).toBe(true);
    expect(matchesFilterPattern(pattern, '')).toBe(true);
    expect(matchesFilterPattern(pattern, { eventName: 'ConsoleLogin' })).toBe(true);
  });

  // Docs: "terms that include characters other than alphanumeric or underscore must be placed
  // inside double quotes".
  test('GIVEN a quoted term with punctuation WHEN matched THEN it is a case-sensitive substring match', () => {
    expect(matchesFilterPattern('"[ERROR 401]"', '[ERROR 401] UNAUTHORIZED REQUEST')).toBe(true);
    expect(matchesFilterPattern('"[error 401]"', '[ERROR 401] UNAUTHORIZED REQUEST')).toBe(false);
    expect(matchesFilterPattern('"say \\"hi\\""', 'they say "hi" twice')).toBe(true);
    expect(matchesFilterPattern('snake_case_term', 'found snake_case_term here')).toBe(true);
  });

  test('GIVEN a term pattern WHEN the event is a JSON object THEN terms match its JSON text', () => {
    expect(matchesFilterPattern('ConsoleLogin', { eventName: 'ConsoleLogin' })).toBe(true);
    expect(matchesFilterPattern('"\\"eventName\\":\\"ConsoleLogin\\""', { eventName: 'ConsoleLogin' })).toBe(true);
    expect(parseFilterPattern('ERROR').kind).toBe('terms');
  });

  test('GIVEN only an excluded term WHEN matched THEN messages without it match', () => {
    expect(matchesFilterPattern('-DEBUG', 'INFO started')).toBe(true);
    expect(matchesFilterPattern('-DEBUG', 'DEBUG started')).toBe(false);
  });
});
