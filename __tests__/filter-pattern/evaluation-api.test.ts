/**
 * What the evaluator offers callers that test many events against many patterns: a message parsed
 * once for all of them (LogEvent), and the conditions a match requires (necessaryConditions).
 */
import { LogEvent, parseFilterPattern } from '../../modules/detections/filter-pattern';

describe('LogEvent', () => {
  test('GIVEN an event tested by several patterns WHEN matched THEN its message is parsed once', () => {
    const parse = jest.spyOn(JSON, 'parse');
    const event = new LogEvent('{"eventName":"DeleteObject","errorCode":"AccessDenied"}');
    parse.mockClear();
    expect(parseFilterPattern('{ $.eventName = "DeleteObject" }').matchesEvent(event)).toBe(true);
    expect(parseFilterPattern('{ $.errorCode = "AccessDenied*" }').matchesEvent(event)).toBe(true);
    expect(parseFilterPattern('{ $.eventName NOT EXISTS }').matchesEvent(event)).toBe(false);
    expect(parse).toHaveBeenCalledTimes(1);
    parse.mockRestore();
  });

  test('GIVEN an event given with its parsed value WHEN matched THEN that value is what is tested', () => {
    const event = new LogEvent('ignored text', { eventName: 'PutObject' });
    expect(parseFilterPattern('{ $.eventName = "PutObject" }').matchesEvent(event)).toBe(true);
  });

  test('GIVEN a message that is not a JSON object WHEN matched by a JSON pattern THEN nothing matches; a term pattern still reads the text', () => {
    const event = new LogEvent('[1, 2] ERROR');
    expect(parseFilterPattern('{ $.x NOT EXISTS }').matchesEvent(event)).toBe(false);
    expect(parseFilterPattern('ERROR').matchesEvent(event)).toBe(true);
  });
});

describe('necessaryConditions', () => {
  const conditions = (pattern: string) => parseFilterPattern(pattern).necessaryConditions().map((c) => [c.path.join('.'), [...c.values].sort()]);

  test('GIVEN && of equalities WHEN asked THEN each path with its value is required', () => {
    expect(conditions('{ ($.eventSource = "s3.amazonaws.com") && (($.eventName = "DeleteObject") || ($.eventName = "DeleteObjects")) }')).toEqual([
      ['eventSource', ['s3.amazonaws.com']],
      ['eventName', ['DeleteObject', 'DeleteObjects']],
    ]);
  });

  test('GIVEN || of branches on different fields WHEN asked THEN only a path every branch constrains is required, with all their values', () => {
    expect(
      conditions('{ (($.eventSource = "logs.amazonaws.com") && ($.eventName = "DeleteMetricFilter")) || (($.eventSource = "monitoring.amazonaws.com") && ($.eventName = "DeleteAlarms")) || ($.errorCode = "X") }'),
    ).toEqual([]);
    expect(conditions('{ ($.eventName = "A" && $.x = "1") || ($.eventName = "B") }')).toEqual([['eventName', ['A', 'B']]]);
  });

  test.each([
    ['!=', '{ $.eventType != "AwsServiceEvent" }'],
    ['a number', '{ $.bytes > 10 }'],
    ['NOT EXISTS', '{ $.invokedBy NOT EXISTS }'],
    ['IS TRUE', '{ $.readOnly IS TRUE }'],
    ['a lone wildcard', '{ $.resources[0].ARN = "*" }'],
    ['a term pattern', 'ERROR'],
  ])('GIVEN %s WHEN asked THEN nothing is required', (_what, pattern) => {
    expect(conditions(pattern)).toEqual([]);
  });

  test('GIVEN a wildcard value WHEN asked THEN it is given as written, for the caller to compare as the pattern does', () => {
    expect(conditions('{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }')).toEqual([
      ['errorCode', ['*UnauthorizedOperation', 'AccessDenied*']],
    ]);
  });
});
