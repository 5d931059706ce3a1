import { parseFilterPattern } from '../../modules/detections/filter-pattern';
import { insightsFilter, insightsQuery, InsightsTranslationError } from '../../modules/detections/insights-query';
import { compileInsightsQuery, EVERY_BEHAVIOUR, insightsEvent, InsightsBehaviour, LIKELY_BEHAVIOUR } from '../support/insights-evaluator';

/**
 * The filter-pattern to Logs Insights translation, one grammar construct at a time: the query text it
 * writes, and, over records that put every kind of JSON value at the selected path, the events the
 * query selects against the events the filter-pattern evaluator matches. With the Insights behaviour
 * the translation is designed around the two agree except where a difference is named below (and is
 * always one event too many); with any behaviour AWS leaves undocumented, the query never misses an
 * event the pattern counts, except where named.
 */

/** Records with each kind of value at `$.a.b`, by label. */
const AT_A_B: Readonly<Record<string, object>> = {
  'no a': {},
  'a without b': { a: {} },
  'a is a string': { a: 'x' },
  'b = "x"': { a: { b: 'x' } },
  'b = "other"': { a: { b: 'other' } },
  'b = ""': { a: { b: '' } },
  'b = "pre-x"': { a: { b: 'pre-x' } },
  'b = "prefix"': { a: { b: 'prefix' } },
  'b = "a-y-z"': { a: { b: 'a-y-z' } },
  'b = "PRE-x"': { a: { b: 'PRE-x' } },
  'b = 5': { a: { b: 5 } },
  'b = "5"': { a: { b: '5' } },
  'b = "05"': { a: { b: '05' } },
  'b = 123': { a: { b: 123 } },
  'b = 1': { a: { b: 1 } },
  'b = 0': { a: { b: 0 } },
  'b = "123456789012"': { a: { b: '123456789012' } },
  'b = 123456789012': { a: { b: 123456789012 } },
  'b = true': { a: { b: true } },
  'b = false': { a: { b: false } },
  'b = "true"': { a: { b: 'true' } },
  'b = "false"': { a: { b: 'false' } },
  'b = null': { a: { b: null } },
  'b = "null"': { a: { b: 'null' } },
  'b is an object': { a: { b: { c: 'x' } } },
  'b is an empty object': { a: { b: {} } },
  'b is an array': { a: { b: ['x'] } },
};

interface Case {
  readonly pattern: string;
  readonly query: string;
  readonly records?: Readonly<Record<string, object>>;
  /** Records the query shows although the pattern does not match them, with the likely behaviour. */
  readonly extra?: readonly string[];
  /** Records the pattern matches that the query may miss, and with which behaviour. */
  readonly missed?: readonly { readonly record: string; readonly when: (b: InsightsBehaviour) => boolean; readonly why: string }[];
}

const strictTypes = (b: InsightsBehaviour) => b.types === 'strict';

const CASES: Readonly<Record<string, Case>> = {
  'an exact string': { pattern: '{ $.a.b = "x" }', query: 'a.b = "x"' },
  'an unquoted value': { pattern: '{ $.a.b = x }', query: 'a.b = "x"' },
  'a string spelled as a number, which also equals that JSON number': {
    pattern: '{ $.a.b = "5" }',
    query: 'a.b = "5" or a.b = 5',
  },
  'a trailing wildcard (prefix)': { pattern: '{ $.a.b = "pre*" }', query: 'a.b like /^pre/' },
  'a leading wildcard (suffix)': { pattern: '{ $.a.b = "*-x" }', query: 'a.b like /-x$/' },
  'wildcards at both ends (contains)': { pattern: '{ $.a.b = "*-y-*" }', query: 'a.b like /-y-/' },
  'a wildcard on a JSON number': {
    pattern: '{ $.a.b = "12*" }',
    query: 'a.b like /^12/',
    missed: ['b = 123', 'b = 123456789012'].map((record) => ({
      record,
      when: strictTypes,
      why: 'whether Insights searches a number field with a regex is not documented',
    })),
  },
  'a lone wildcard (any string or number)': {
    pattern: '{ $.a.b = "*" }',
    query: 'ispresent(a.b)',
    extra: ['b = true', 'b = false'],
  },
  '!= on a string, false where the field is absent': {
    pattern: '{ $.a.b != "x" }',
    query: 'ispresent(a.b) and a.b != "x"',
    extra: ['b = true', 'b = false'],
  },
  '!= on a string spelled as a number': {
    pattern: '{ $.a.b != "5" }',
    query: 'ispresent(a.b) and a.b != "5" and a.b != 5',
    extra: ['b = true', 'b = false'],
  },
  '!= with a wildcard': {
    pattern: '{ $.a.b != "pre*" }',
    query: 'ispresent(a.b) and a.b not like /^pre/',
    extra: ['b = true', 'b = false'],
  },
  '!= a lone wildcard, which nothing satisfies': {
    pattern: '{ $.a.b != "*" }',
    query: 'ispresent(a.b) and not ispresent(a.b)',
  },
  '= a number, which numeric strings equal': {
    pattern: '{ $.a.b = 5 }',
    query: 'a.b = 5 or a.b = "5"',
    missed: [{ record: 'b = "05"', when: () => true, why: 'only the plain spelling of the number is asked for' }],
  },
  '= an account id written as a number, against CloudTrail\'s string': {
    pattern: '{ $.a.b = 123456789012 }',
    query: 'a.b = 123456789012 or a.b = "123456789012"',
  },
  '!= a number': {
    pattern: '{ $.a.b != 5 }',
    query: 'ispresent(a.b) and a.b != 5 and a.b != "5"',
    extra: ['b = "05"', 'b = true', 'b = false'],
  },
  '> a number': {
    pattern: '{ $.a.b > 4 }',
    query: 'ispresent(a.b) and a.b > 4',
    missed: ['b = "5"', 'b = "05"', 'b = "123456789012"'].map((record) => ({
      record,
      when: strictTypes,
      why: 'whether Insights compares a numeric string as its number is not documented',
    })),
  },
  '<= a number': {
    pattern: '{ $.a.b <= 1 }',
    query: 'ispresent(a.b) and a.b <= 1',
    extra: ['b = true', 'b = false'],
  },
  'IS TRUE': { pattern: '{ $.a.b IS TRUE }', query: 'a.b = 1 or a.b = "true"', extra: ['b = 1', 'b = "true"'] },
  'IS FALSE': { pattern: '{ $.a.b IS FALSE }', query: 'a.b = 0 or a.b = "false"', extra: ['b = 0', 'b = "false"'] },
  'IS NULL': {
    pattern: '{ $.a.b IS NULL }',
    query: 'isempty(a.b) or a.b = "null"',
    extra: ['no a', 'a without b', 'a is a string', 'b = ""', 'b = "null"', 'b is an object', 'b is an empty object', 'b is an array'],
  },
  'NOT EXISTS': {
    pattern: '{ $.a.b NOT EXISTS }',
    query: 'not ispresent(a.b)',
    extra: ['b = null', 'b is an object', 'b is an empty object', 'b is an array'],
  },
  'an array index': {
    pattern: '{ $.r[0].ARN = "x" }',
    query: 'r.0.ARN = "x"',
    records: {
      'first item matches': { r: [{ ARN: 'x' }] },
      'second item matches': { r: [{ ARN: 'y' }, { ARN: 'x' }] },
      'empty array': { r: [] },
      'an object keyed "0"': { r: { 0: { ARN: 'x' } } },
    },
    extra: ['an object keyed "0"'],
  },
  '&& and || with the documented precedence': {
    pattern: '{ $.p = "y" || $.q = "y" && $.s = "y" }',
    query: 'p = "y" or (q = "y" and s = "y")',
    records: precedenceRecords(),
  },
  'parentheses overriding precedence': {
    pattern: '{ ($.p = "y" || $.q = "y") && $.s = "y" }',
    query: '(p = "y" or q = "y") and s = "y"',
    records: precedenceRecords(),
  },
  'exact alternatives on one field, as one in [...]': {
    pattern: '{ ($.e = "A") || ($.f = "C") || ($.e = "B") || ($.e = "A*") }',
    query: 'e in ["A", "B"] or f = "C" or e like /^A/',
    records: { A: { e: 'A' }, B: { e: 'B' }, AB: { e: 'AB' }, C: { f: 'C' }, 'e = C': { e: 'C' }, none: {} },
  },
  'field names with - and _, in backticks': {
    pattern: '{ $.x-amz.y_z = "v" && $.in = "w" }',
    query: '`x-amz.y_z` = "v" and `in` = "w"',
    records: { both: { 'x-amz': { y_z: 'v' }, in: 'w' }, one: { 'x-amz': { y_z: 'v' } }, neither: {} },
  },
  'a value with a double quote, in single quotes': {
    pattern: '{ $.a.b = "say \\"hi\\"" }',
    query: 'a.b = \'say "hi"\'',
    records: { quoted: { a: { b: 'say "hi"' } }, plain: { a: { b: 'say hi' } } },
  },
  'regex characters in a wildcard value, escaped': {
    pattern: '{ $.a.b = "S3AuditTrail/a.b(c)*" }',
    query: 'a.b like /^S3AuditTrail\\/a\\.b\\(c\\)/',
    records: { literal: { a: { b: 'S3AuditTrail/a.b(c)-x' } }, 'any character for the dot': { a: { b: 'S3AuditTrail/aXb(c)-x' } } },
  },
  'terms: all of them, none of the excluded': {
    pattern: '"disk full" ERROR -retry',
    query: '@message like /disk full/ and @message like /ERROR/ and @message not like /retry/',
    records: { both: { m: 'ERROR: disk full' }, 'with retry': { m: 'ERROR: disk full, retry' }, 'one term': { m: 'disk full' } },
  },
  'terms: any of them': {
    pattern: '?ERROR ?WARN',
    query: '@message like /ERROR/ or @message like /WARN/',
    records: { error: { m: 'ERROR' }, warn: { m: 'WARN' }, neither: { m: 'INFO' } },
  },
};

function precedenceRecords(): Record<string, object> {
  const records: Record<string, object> = {};
  for (const p of ['y', 'n']) for (const q of ['y', 'n']) for (const s of ['y', 'n']) records[`p=${p} q=${q} s=${s}`] = { p, q, s };
  return records;
}

describe.each(Object.entries(CASES))('GIVEN a pattern with %s', (_name, c) => {
  const records = c.records ?? AT_A_B;
  const query = insightsQuery(c.pattern);
  const pattern = parseFilterPattern(c.pattern);
  const matched = (label: string) => pattern.matches(JSON.stringify(records[label]));

  test(`WHEN translated THEN the filter is: ${c.query}`, () => {
    expect(insightsFilter(c.pattern)).toBe(c.query);
    for (const label of [...(c.extra ?? []), ...(c.missed ?? []).map((m) => m.record)]) expect(Object.keys(records)).toContain(label);
  });

  test('WHEN Insights behaves as the translation expects THEN the query selects what the pattern matches, plus only the named extras', () => {
    const selects = compileInsightsQuery(query, LIKELY_BEHAVIOUR);
    const differences = Object.keys(records).filter((label) => selects(insightsEvent(records[label], LIKELY_BEHAVIOUR)) !== matched(label));
    const expected = [...(c.extra ?? []), ...(c.missed ?? []).filter((m) => m.when(LIKELY_BEHAVIOUR)).map((m) => m.record)];
    expect(differences.sort()).toEqual([...expected].sort());
    for (const label of c.extra ?? []) expect({ label, matched: matched(label) }).toEqual({ label, matched: false });
  });

  test.each(EVERY_BEHAVIOUR.map((b) => [JSON.stringify(b), b] as const))('WHEN Insights behaves as %s THEN the query misses no matching event but the named ones', (_b, behaviour) => {
    const selects = compileInsightsQuery(query, behaviour);
    const missed = Object.keys(records).filter((label) => matched(label) && !selects(insightsEvent(records[label], behaviour)));
    expect(missed.sort()).toEqual((c.missed ?? []).filter((m) => m.when(behaviour)).map((m) => m.record).sort());
  });
});

test('GIVEN a query WHEN it is built THEN it lists who, what, where and when, newest first', () => {
  expect(insightsQuery('{ $.eventName = "DeleteObject" }').split('\n')).toEqual([
    'fields @timestamp, recipientAccountId, userIdentity.arn, userIdentity.sessionContext.sessionIssuer.arn, eventName, requestParameters.bucketName, requestParameters.key, sourceIPAddress, userAgent',
    '| filter eventName = "DeleteObject"',
    '| sort @timestamp desc',
  ]);
});

test('GIVEN the empty pattern, which matches every event, WHEN translated THEN the query has no filter line', () => {
  expect(insightsFilter('')).toBeUndefined();
  expect(insightsQuery('')).not.toContain('filter');
});

test.each([
  ['a value with both kinds of quote', '{ $.a = "it\'s \\"x\\"" }', /both kinds of quote/],
  ['a value with a backslash', '{ $.a = "C:\\\\x" }', /backslash/],
  ['a wildcard around an apply-time reference', '{ $.a = "${aws_kms_key.k.arn}*" }', /known only at apply time/],
])('GIVEN %s WHEN translated THEN it is refused, naming the pattern, not guessed at', (_what, pattern, reason) => {
  expect(() => insightsQuery(pattern)).toThrow(InsightsTranslationError);
  expect(() => insightsQuery(pattern)).toThrow(reason);
  expect(() => insightsQuery(pattern)).toThrow(pattern);
});

test('GIVEN an exact value that is an apply-time reference WHEN translated THEN the reference is kept for Terraform to fill in', () => {
  expect(insightsFilter('{ $.resources[0].ARN = "${aws_kms_key.k.arn}" }')).toBe('resources.0.ARN = "${aws_kms_key.k.arn}"');
});
