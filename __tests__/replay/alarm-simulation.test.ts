/**
 * When a static-threshold alarm would have been in ALARM: Sum over each period, at or above the
 * threshold, missing data not breaching, over `evaluationPeriods` consecutive periods (M of N when
 * datapointsToAlarm is set), periods aligned to the period since the Unix epoch.
 */
import type { ThresholdRule } from '../../scripts/lib/replay/alarm-rule';
import { alarmEpisodes, periodStart } from '../../scripts/lib/replay/alarm-simulation';

const FIVE_MINUTES = 300;
const at = (clock: string): number => Date.parse(`2026-11-20T${clock}Z`);
const rule = (overrides: Partial<ThresholdRule> = {}): ThresholdRule => ({
  kind: 'threshold',
  alarmName: 'acme-test-x',
  periodSeconds: FIVE_MINUTES,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  threshold: 1,
  ...overrides,
});
/** Counts per five-minute period, keyed by the period's start clock time. */
const counts = (entries: Record<string, number>): Map<number, number> => new Map(Object.entries(entries).map(([clock, n]) => [at(clock), n]));
const asClock = (episodes: ReturnType<typeof alarmEpisodes>) =>
  episodes.map((e) => [new Date(e.from).toISOString().slice(11, 16), new Date(e.until).toISOString().slice(11, 16), e.periods]);

describe('periodStart', () => {
  test.each([
    ['14:07:31', 300, '14:05'],
    ['14:05:00', 300, '14:05'],
    ['14:04:59', 300, '14:00'],
    ['14:07:31', 60, '14:07'],
    ['14:07:31', 3600, '14:00'],
  ])('GIVEN an event at %s and a %i s period WHEN binned THEN its period starts at %s', (clock, seconds, start) => {
    expect(new Date(periodStart(at(clock), seconds)).toISOString().slice(11, 16)).toBe(start);
  });
});

describe('alarmEpisodes', () => {
  test('GIVEN any matching event fires (threshold 1) WHEN periods with matches are adjacent THEN they make one episode, separate ones another', () => {
    const episodes = alarmEpisodes(counts({ '14:05:00': 3, '14:10:00': 1, '14:30:00': 2 }), rule());
    expect(asClock(episodes)).toEqual([
      ['14:05', '14:15', 2],
      ['14:30', '14:35', 1],
    ]);
  });

  test('GIVEN threshold 10 WHEN a period has 9 and another 10 THEN only the period with 10 is in ALARM', () => {
    expect(asClock(alarmEpisodes(counts({ '14:05:00': 9, '14:10:00': 10 }), rule({ threshold: 10 })))).toEqual([['14:10', '14:15', 1]]);
  });

  test('GIVEN 3 consecutive periods must breach WHEN 4 breach in a row THEN the alarm is in ALARM from the third to the fourth', () => {
    const episodes = alarmEpisodes(
      counts({ '14:00:00': 1, '14:05:00': 1, '14:10:00': 1, '14:15:00': 1 }),
      rule({ evaluationPeriods: 3, datapointsToAlarm: 3 }),
    );
    expect(asClock(episodes)).toEqual([['14:10', '14:20', 2]]);
  });

  test('GIVEN 3 consecutive periods must breach WHEN a period without matches breaks the run THEN it never fires (missing data does not breach)', () => {
    const episodes = alarmEpisodes(counts({ '14:00:00': 5, '14:05:00': 5, '14:15:00': 5, '14:20:00': 5 }), rule({ evaluationPeriods: 3, datapointsToAlarm: 3 }));
    expect(episodes).toEqual([]);
  });

  test('GIVEN 2 of 3 periods must breach WHEN breaching periods have a gap of one THEN it is in ALARM while two of the last three breach', () => {
    const episodes = alarmEpisodes(counts({ '14:00:00': 1, '14:10:00': 1 }), rule({ evaluationPeriods: 3, datapointsToAlarm: 2 }));
    expect(asClock(episodes)).toEqual([['14:10', '14:15', 1]]);
  });

  test('GIVEN no matches WHEN evaluated THEN there is no episode', () => {
    expect(alarmEpisodes(new Map(), rule())).toEqual([]);
  });
});
