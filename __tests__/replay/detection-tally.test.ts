/** What replay keeps per detection: counts per period, first and last match, principals (bounded). */
import { DetectionTally, MAX_TRACKED_PRINCIPALS } from '../../scripts/lib/replay/detection-tally';

const at = (clock: string): number => Date.parse(`2026-11-20T${clock}Z`);

describe('DetectionTally', () => {
  test('GIVEN matches out of order WHEN tallied THEN first, last and counts per period are right', () => {
    const tally = new DetectionTally(300);
    tally.add(at('14:07:00'), 'a');
    tally.add(at('14:01:00'), 'b');
    tally.add(at('14:09:59'), 'a');
    expect(tally.matches).toBe(3);
    expect(tally.firstMatch).toBe(at('14:01:00'));
    expect(tally.lastMatch).toBe(at('14:09:59'));
    expect([...tally.countsByPeriod]).toEqual([
      [at('14:05:00'), 2],
      [at('14:00:00'), 1],
    ]);
  });

  test('GIVEN principals WHEN the top ones are asked for THEN most matches first, ties by name', () => {
    const tally = new DetectionTally(300);
    for (const principal of ['c', 'b', 'a', 'b', 'c', 'c']) tally.add(at('14:00:00'), principal);
    tally.add(at('14:00:00'), 'd');
    expect(tally.topPrincipals(3)).toEqual([
      { principal: 'c', count: 3 },
      { principal: 'b', count: 2 },
      { principal: 'a', count: 1 },
    ]);
  });

  test('GIVEN more distinct principals than are tracked WHEN tallied THEN the others are counted together and nothing is lost', () => {
    const tally = new DetectionTally(300);
    for (let i = 0; i < MAX_TRACKED_PRINCIPALS + 5; i += 1) tally.add(at('14:00:00'), `p${i}`);
    tally.add(at('14:00:00'), 'p0');
    expect(tally.principals.size).toBe(MAX_TRACKED_PRINCIPALS);
    expect(tally.untrackedPrincipalMatches).toBe(5);
    expect(tally.topPrincipals(1)).toEqual([{ principal: 'p0', count: 2 }]);
    expect(tally.matches).toBe(MAX_TRACKED_PRINCIPALS + 6);
  });
});
