/**
 * JSON filter patterns. Semantics follow AWS's "Filter pattern syntax for metric filters, subscription
 * filters, filter log events, and Live Tail",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html, JSON section
 * (#matching-terms-json-log-events); its source text is archived at
 * github.com/awsdocs/amazon-cloudwatch-logs-user-guide, doc_source/FilterAndPatternSyntax.md.
 */
import { matchesFilterPattern, parseFilterPattern } from '../../modules/detections/filter-pattern';

/** The example event from the docs' "JSON metric filter examples". */
const DOC_EVENT = {
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
};

/** The example event from the docs' "JSON compound conditions". */
const COMPOUND_EVENT = {
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [
    { id: 2, email: 'John.Doe@example.com' },
    { id: 3, email: 'Jane.Doe@example.com' },
  ],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
};

describe('JSON filter patterns: documented examples', () => {
  // Docs: "The following filters would match" the example event.
  test.each([
    '{ $.eventType = "UpdateTrail" }',
    '{ $.sourceIPAddress != 123.123.* }',
    '{ $.arrayKey[0] = "value" }',
    '{ $.objectList[1].id = 2 }',
    '{ $.SomeObject IS NULL }',
    '{ $.SomeOtherObject NOT EXISTS }',
    '{ $.ThisFlag IS TRUE }',
  ])('GIVEN the documented event WHEN filtered with %s THEN it matches', (pattern) => {
    expect(matchesFilterPattern(pattern, DOC_EVENT)).toBe(true);
  });

  test.each([
    ['{ $.eventType = "UpdateTrails" }', 'value differs'],
    ['{ $.sourceIPAddress != 111.111.* }', 'value is inside the excluded prefix'],
    ['{ $.arrayKey[1] = "value" }', 'second element differs'],
    ['{ $.objectList[0].id = 2 }', 'first object has id 1'],
    ['{ $.ThisFlag IS FALSE }', 'flag is true'],
    ['{ $.eventType IS NULL }', 'value is a string, not null'],
    ['{ $.SomeObject NOT EXISTS }', 'a null property exists'],
    ['{ $.SomeOtherObject IS NULL }', 'an absent property is not null'],
  ])('GIVEN the documented event WHEN filtered with %s THEN it does not match (%s)', (pattern) => {
    expect(matchesFilterPattern(pattern, DOC_EVENT)).toBe(false);
  });

  // Docs, "JSON compound conditions": the four examples with their documented outcomes.
  test.each([
    ['{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', true],
    ['{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', false],
    ['{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', true],
    ['{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', false],
  ])('GIVEN the documented compound event WHEN filtered with %s THEN match is %s', (pattern, expected) => {
    expect(matchesFilterPattern(pattern, COMPOUND_EVENT)).toBe(expected);
  });

  // Docs, "OR pattern matching" in JSON filters.
  test('GIVEN {$.foo = bar || $.foo = baz} WHEN foo is bar, baz or qux THEN only bar and baz match', () => {
    const pattern = parseFilterPattern('{$.foo = bar || $.foo = baz }');
    expect(pattern.matches('{"foo": "bar"}')).toBe(true);
    expect(pattern.matches('{"foo": "baz"}')).toBe(true);
    expect(pattern.matches('{"foo": "qux"}')).toBe(false);
  });
});

describe('JSON filter patterns: && / || precedence and nesting', () => {
  // Docs, "JSON compound conditions": "the syntax follows standard order of operations () > && > ||".
  test('GIVEN a || b && c WHEN only a holds THEN it matches, because && binds tighter than ||', () => {
    expect(matchesFilterPattern('{ $.a = 1 || $.b = 1 && $.c = 1 }', { a: 1, b: 0, c: 0 })).toBe(true);
  });

  test('GIVEN (a || b) && c WHEN only a holds THEN parentheses override precedence and it does not match', () => {
    expect(matchesFilterPattern('{ ($.a = 1 || $.b = 1) && $.c = 1 }', { a: 1, b: 0, c: 0 })).toBe(false);
  });

  test('GIVEN a && b || c WHEN only c holds THEN it matches', () => {
    expect(matchesFilterPattern('{ $.a = 1 && $.b = 1 || $.c = 1 }', { a: 0, b: 0, c: 1 })).toBe(true);
  });

  test.each([
    [{ eventName: 'A' }, true],
    [{ eventName: 'Z', eventSource: 'b', x: 'd' }, true],
    [{ eventName: 'Z', eventSource: 'b', x: 'c' }, false],
    [{ eventName: 'Z', eventSource: 'q', x: 'd' }, false],
    [{ eventName: 'Z', eventSource: 'b' }, false],
  ])('GIVEN a nested pattern WHEN the event is %j THEN match is %s', (event, expected) => {
    const pattern = '{ ($.eventName = "A") || (($.eventSource = "b") && ($.x != "c")) }';
    expect(matchesFilterPattern(pattern, event)).toBe(expected);
  });

  test('GIVEN deeply redundant parentheses WHEN evaluated THEN they are transparent', () => {
    expect(matchesFilterPattern('{ ((($.a = 1))) && (($.b = 2) || (($.c = 3))) }', { a: 1, c: 3 })).toBe(true);
  });

  test('GIVEN no whitespace around operators WHEN parsed THEN it evaluates like the spaced form', () => {
    const pattern = '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}';
    expect(matchesFilterPattern(pattern, { userIdentity: { type: 'Root' }, eventType: 'AwsApiCall' })).toBe(true);
    expect(matchesFilterPattern('{($.a=1)&&($.b!=2)||($.c>=3)}', { a: 1, b: 3, c: 0 })).toBe(true);
    expect(matchesFilterPattern('{$.a<=1&&$.b>2}', { a: 1, b: 3 })).toBe(true);
  });

  test('GIVEN line breaks and tabs inside the pattern WHEN parsed THEN they count as whitespace', () => {
    expect(matchesFilterPattern('{\n\t($.a = 1)\n\t&& ($.b = 2)\n}', { a: 1, b: 2 })).toBe(true);
  });
});

describe('JSON filter patterns: selectors', () => {
  const event = {
    a: { b: 'x', 'c-d_e': 'y', list: [[0, 1], [2, 3, 4]] },
    arr: [{ b: 'first' }, { b: 'second' }],
    scalars: ['s0', 's1'],
  };

  test.each([
    ['{ $.a.b = "x" }', true],
    ['{ $.a.c-d_e = "y" }', true],
    ['{ $.scalars[0] = "s0" }', true],
    ['{ $.scalars[1] = "s1" }', true],
    ['{ $.arr[0].b = "first" }', true],
    ['{ $.arr[1].b = "second" }', true],
    ['{ $.a.list[1][2] = 4 }', true],
    ['{ $.a.list[0][1] = 1 }', true],
  ])('GIVEN nested data WHEN selecting with %s THEN match is %s', (pattern, expected) => {
    expect(matchesFilterPattern(pattern, event)).toBe(expected);
  });

  // Docs: "If arrayKey is not an array this will be false"; "If the items in objectList are not
  // objects or do not have an id property, this will be false."
  test.each([
    '{ $.scalars[2] = * }',
    '{ $.a[0] = * }',
    '{ $.scalars.b = * }',
    '{ $.scalars[0].b = * }',
    '{ $.a.b.c = * }',
    '{ $.a.list[5][0] = * }',
  ])('GIVEN a path that does not resolve (%s) WHEN evaluated THEN it does not match', (pattern) => {
    expect(matchesFilterPattern(pattern, event)).toBe(false);
  });

  test('GIVEN a property named like an Object.prototype member WHEN absent THEN it is absent', () => {
    expect(matchesFilterPattern('{ $.constructor NOT EXISTS }', { a: 1 })).toBe(true);
    expect(matchesFilterPattern('{ $.toString = * }', { a: 1 })).toBe(false);
  });
});

describe('JSON filter patterns: absent properties, objects and arrays', () => {
  // Docs, "JSON special considerations": "The SELECTOR must point to a value node (string or number)
  // in the JSON. If it points to an array or object, the filter will not be applied ... both
  // {$.users = 1} and {$.users != 1} will fail to match". A property that does not exist has no value
  // node either, so != does not match it; AWS's "Test pattern" behaves the same way
  // (github.com/DataBiosphere/azul/issues/5884). NOT EXISTS is the documented way to test absence.
  test('GIVEN $.x != "y" WHEN x is absent THEN it does not match', () => {
    expect(matchesFilterPattern('{ $.x != "y" }', { other: 'z' })).toBe(false);
  });

  test('GIVEN $.x != "y" WHEN x holds another value THEN it matches', () => {
    expect(matchesFilterPattern('{ $.x != "y" }', { x: 'z' })).toBe(true);
  });

  test('GIVEN $.a.b != "y" WHEN the parent a is absent THEN it does not match', () => {
    expect(matchesFilterPattern('{ $.a.b != "y" }', { x: 1 })).toBe(false);
  });

  test('GIVEN $.x = "y" WHEN x is absent THEN it does not match', () => {
    expect(matchesFilterPattern('{ $.x = "y" }', {})).toBe(false);
  });

  test.each(['{ $.x > 1 }', '{ $.x < 1 }', '{ $.x != 1 }', '{ $.x = * }', '{ $.x IS NULL }', '{ $.x IS TRUE }', '{ $.x IS FALSE }'])(
    'GIVEN %s WHEN x is absent THEN it does not match',
    (pattern) => {
      expect(matchesFilterPattern(pattern, { y: 1 })).toBe(false);
    },
  );

  test('GIVEN NOT EXISTS WHEN the property or its parent is absent THEN it matches', () => {
    expect(matchesFilterPattern('{ $.x NOT EXISTS }', { y: 1 })).toBe(true);
    expect(matchesFilterPattern('{ $.a.b.c NOT EXISTS }', { y: 1 })).toBe(true);
    expect(matchesFilterPattern('{ $.list[3] NOT EXISTS }', { list: [1] })).toBe(true);
  });

  test.each([
    ['an array', { users: [1, 2, 3] }],
    ['an object', { users: { id: 1 } }],
  ])('GIVEN $.users = 1 and $.users != 1 WHEN users is %s THEN neither matches', (_kind, event) => {
    expect(matchesFilterPattern('{ $.users = 1 }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.users != 1 }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.users != "x" }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.users = * }', event)).toBe(false);
  });

  test('GIVEN a selector pointing to an object or array WHEN tested for existence THEN it exists and is not null', () => {
    const event = { obj: {}, arr: [] };
    expect(matchesFilterPattern('{ $.obj NOT EXISTS }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.arr NOT EXISTS }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.obj IS NULL }', event)).toBe(false);
  });

  test('GIVEN the CIS console-login-without-MFA pattern WHEN MFAUsed is absent THEN it does not match', () => {
    const pattern = '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }';
    expect(matchesFilterPattern(pattern, { eventName: 'ConsoleLogin', additionalEventData: { MFAUsed: 'No' } })).toBe(true);
    expect(matchesFilterPattern(pattern, { eventName: 'ConsoleLogin', additionalEventData: { MFAUsed: 'Yes' } })).toBe(false);
    expect(matchesFilterPattern(pattern, { eventName: 'ConsoleLogin', additionalEventData: {} })).toBe(false);
    expect(matchesFilterPattern(pattern, { eventName: 'ConsoleLogin' })).toBe(false);
  });
});

describe('JSON filter patterns: null and booleans', () => {
  // Docs: "{ $.SomeObject IS NULL } ... will only be true is the specified object is set to null";
  // "{ $.ThisFlag IS TRUE } ... also works for boolean filters which check for FALSE value".
  test('GIVEN IS NULL WHEN the value is JSON null THEN it matches, and not for "null" the string', () => {
    expect(matchesFilterPattern('{ $.x IS NULL }', { x: null })).toBe(true);
    expect(matchesFilterPattern('{ $.x IS NULL }', { x: 'null' })).toBe(false);
    expect(matchesFilterPattern('{ $.x IS NULL }', { x: 0 })).toBe(false);
  });

  test('GIVEN IS TRUE / IS FALSE WHEN the value is a JSON boolean THEN it matches the right one', () => {
    expect(matchesFilterPattern('{ $.f IS FALSE }', { f: false })).toBe(true);
    expect(matchesFilterPattern('{ $.f IS TRUE }', { f: false })).toBe(false);
    expect(matchesFilterPattern('{ $.f IS TRUE }', { f: true })).toBe(true);
  });

  test('GIVEN IS TRUE WHEN the value is the string "true" (as in CloudTrail mfaAuthenticated) THEN it does not match', () => {
    expect(matchesFilterPattern('{ $.f IS TRUE }', { f: 'true' })).toBe(false);
    expect(matchesFilterPattern('{ $.f = "true" }', { f: 'true' })).toBe(true);
  });

  // Docs: the selector "must point to a value node (string or number)"; booleans and null are
  // tested with IS TRUE / IS FALSE / IS NULL, so string comparisons on them do not apply.
  test('GIVEN = or != with a string WHEN the value is a boolean or null THEN neither matches', () => {
    expect(matchesFilterPattern('{ $.f = "true" }', { f: true })).toBe(false);
    expect(matchesFilterPattern('{ $.f = true }', { f: true })).toBe(false);
    expect(matchesFilterPattern('{ $.f != "x" }', { f: true })).toBe(false);
    expect(matchesFilterPattern('{ $.n != "x" }', { n: null })).toBe(false);
    expect(matchesFilterPattern('{ $.n = * }', { n: null })).toBe(false);
  });
});

describe('JSON filter patterns: strings, case and wildcards', () => {
  // Docs: "The items in the JSON log event data must exactly match the metric filter"; "Metric
  // filters are case sensitive".
  test('GIVEN = "Root" WHEN the value differs only in case THEN it does not match, and != does', () => {
    expect(matchesFilterPattern('{ $.t = "Root" }', { t: 'root' })).toBe(false);
    expect(matchesFilterPattern('{ $.t != "Root" }', { t: 'root' })).toBe(true);
    expect(matchesFilterPattern('{ $.t = Root }', { t: 'Root' })).toBe(true);
  });

  test('GIVEN an exact string WHEN the value only contains it THEN it does not match (no substring match)', () => {
    expect(matchesFilterPattern('{ $.e = "AccessDenied" }', { e: 'AccessDeniedException' })).toBe(false);
    expect(matchesFilterPattern('{ $.e = "AccessDenied" }', { e: 'AccessDenied ' })).toBe(false);
  });

  // Docs: "'*Event' will match 'PutEvent' and 'GetEvent'. 'Event*' will match 'EventId' and
  // 'EventName'. 'Ev*ent' will only match the actual string 'Ev*ent'."
  test.each([
    ['"AccessDenied*"', 'AccessDenied', true],
    ['"AccessDenied*"', 'AccessDeniedException', true],
    ['"AccessDenied*"', 'Client.AccessDenied', false],
    ['"*UnauthorizedOperation"', 'Client.UnauthorizedOperation', true],
    ['"*UnauthorizedOperation"', 'UnauthorizedOperation', true],
    ['"*UnauthorizedOperation"', 'UnauthorizedOperationX', false],
    ['*Event', 'PutEvent', true],
    ['Event*', 'EventName', true],
    ['"*html*"', 'GET /index.html HTTP/1.0', true],
    ['"*html*"', 'GET /index.htm', false],
    ['"Ev*ent"', 'Ev*ent', true],
    ['"Ev*ent"', 'Event', false],
    ['"Ev*ent"', 'EvXent', false],
    ['*', 'anything', true],
    ['*', '', true],
    ['"*"', 'anything', true],
  ])('GIVEN = %s WHEN the value is %j THEN match is %s', (value, actual, expected) => {
    expect(matchesFilterPattern(`{ $.v = ${value} }`, { v: actual })).toBe(expected);
  });

  test('GIVEN != with a wildcard WHEN evaluated THEN it is the negation of the wildcard match', () => {
    expect(matchesFilterPattern('{ $.ip != 123.123.* }', { ip: '123.123.1.1' })).toBe(false);
    expect(matchesFilterPattern('{ $.ip != 123.123.* }', { ip: '10.0.0.1' })).toBe(true);
  });

  test('GIVEN = * WHEN the value is a number THEN it matches (the docs use { $.latency = * })', () => {
    expect(matchesFilterPattern('{ $.latency = * }', { latency: 12 })).toBe(true);
  });

  test('GIVEN a quoted value with escaped quotes and backslashes WHEN compared THEN escapes are decoded', () => {
    expect(matchesFilterPattern('{ $.m = "say \\"hi\\" C:\\\\x" }', { m: 'say "hi" C:\\x' })).toBe(true);
  });

  test('GIVEN a quoted value with special characters WHEN compared THEN it matches exactly', () => {
    expect(matchesFilterPattern('{ $.arn = "arn:aws:iam::123456789012:root" }', { arn: 'arn:aws:iam::123456789012:root' })).toBe(true);
    expect(matchesFilterPattern('{ $.e = "a b && c || (d)" }', { e: 'a b && c || (d)' })).toBe(true);
  });

  test('GIVEN a quoted string value WHEN the JSON value is a number THEN it compares with the number as text', () => {
    expect(matchesFilterPattern('{ $.id = "2" }', { id: 2 })).toBe(true);
    expect(matchesFilterPattern('{ $.status = "4*" }', { status: 404 })).toBe(true);
    expect(matchesFilterPattern('{ $.id != "2" }', { id: 3 })).toBe(true);
  });
});

describe('JSON filter patterns: numbers', () => {
  // Docs, "Numeric comparisons": <, >, >=, <=, =, != with integers, decimals, optional sign and
  // scientific notation; examples { $.latency >= 500 }, { $.numbers[0] < 10e3 }, { $.latency > +1000 }.
  test.each([
    ['{ $.latency >= 500 }', { latency: 500 }, true],
    ['{ $.latency >= 500 }', { latency: 499.9 }, false],
    ['{ $.latency > 500 }', { latency: 500 }, false],
    ['{ $.latency < 500 }', { latency: -1 }, true],
    ['{ $.latency <= 500 }', { latency: 500 }, true],
    ['{ $.numbers[0] < 10e3 }', { numbers: [9999] }, true],
    ['{ $.numbers[0] < 10e3 }', { numbers: [10000] }, false],
    ['{ $.numbers[0] < 10e-3 }', { numbers: [0.001] }, true],
    ['{ $.numbers[0] < 10e-3 }', { numbers: [0.01] }, false],
    ['{ $.processes[4].averageRuntime <= 55.5 }', { processes: [{}, {}, {}, {}, { averageRuntime: 55.5 }] }, true],
    ['{ $.errorCode = 400 }', { errorCode: 400 }, true],
    ['{ $.errorCode != 500 }', { errorCode: 400 }, true],
    ['{ $.errorCode != 500 }', { errorCode: 500 }, false],
    ['{ $.latency > +1000 }', { latency: 1001 }, true],
    ['{ $.t > -5 }', { t: -4 }, true],
    ['{ $.t = -2.5 }', { t: -2.5 }, true],
    ['{ $.t = 1E2 }', { t: 100 }, true],
    ['{ $.t = 100 }', { t: 100.0 }, true],
  ])('GIVEN %s WHEN the event is %j THEN match is %s', (pattern, event, expected) => {
    expect(matchesFilterPattern(pattern, event)).toBe(expected);
  });

  test('GIVEN a numeric value WHEN the JSON holds the number as a string (CloudTrail recipientAccountId) THEN it compares numerically', () => {
    expect(matchesFilterPattern('{ $.recipientAccountId = 123456789012 }', { recipientAccountId: '123456789012' })).toBe(true);
    expect(matchesFilterPattern('{ $.code >= 400 }', { code: '404' })).toBe(true);
    expect(matchesFilterPattern('{ $.code = 404 }', { code: '404.0' })).toBe(true);
  });

  test('GIVEN a numeric comparison WHEN the value is a non-numeric string THEN only != matches', () => {
    const event = { errorCode: 'AccessDenied' };
    expect(matchesFilterPattern('{ $.errorCode = 500 }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.errorCode != 500 }', event)).toBe(true);
    expect(matchesFilterPattern('{ $.errorCode > 500 }', event)).toBe(false);
    expect(matchesFilterPattern('{ $.errorCode < 500 }', event)).toBe(false);
  });
});

describe('JSON filter patterns: messages that are not JSON objects', () => {
  test.each([
    ['plain text', 'ERROR something happened'],
    ['truncated JSON', '{"eventName": "ConsoleLogin"'],
    ['a JSON array', '[{"eventName": "ConsoleLogin"}]'],
    ['a JSON string', '"ConsoleLogin"'],
    ['an empty message', ''],
  ])('GIVEN a JSON pattern WHEN the message is %s THEN nothing matches, not even NOT EXISTS', (_kind, message) => {
    expect(matchesFilterPattern('{ $.eventName = * }', message)).toBe(false);
    expect(matchesFilterPattern('{ $.missing NOT EXISTS }', message)).toBe(false);
  });

  test('GIVEN an object event WHEN passed to matchesFilterPattern THEN it is evaluated as its JSON text', () => {
    expect(matchesFilterPattern('{ $.a.b = 1 }', { a: { b: 1 } })).toBe(true);
    expect(matchesFilterPattern('{ $.a.b = 1 }', JSON.stringify({ a: { b: 1 } }))).toBe(true);
  });

  test('GIVEN a parsed pattern WHEN reused on several messages THEN each is evaluated independently', () => {
    const pattern = parseFilterPattern('{ $.n > 1 }');
    expect(pattern.kind).toBe('json');
    expect(pattern.source).toBe('{ $.n > 1 }');
    expect(['{"n":0}', '{"n":2}', 'n 2', '{"n":3}'].map((m) => pattern.matches(m))).toEqual([false, true, false, true]);
  });
});
