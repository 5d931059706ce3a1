/**
 * What replay keeps per detection while it reads: counts per period, first and last match, and
 * counts per principal. Memory grows with the periods that have matches and, up to a cap, with the
 * distinct principals, never with the number of records read.
 */
import { periodStart } from './alarm-simulation';

/** Distinct principals counted by name per detection; matches by any further principal are counted together. */
export const MAX_TRACKED_PRINCIPALS = 1000;

export class DetectionTally {
  matches = 0;
  firstMatch: number | undefined;
  lastMatch: number | undefined;
  readonly countsByPeriod = new Map<number, number>();
  readonly principals = new Map<string, number>();
  /** Matches by principals beyond the first MAX_TRACKED_PRINCIPALS. */
  untrackedPrincipalMatches = 0;
  /** For a metric split by a dimension: the same tally per value (per bucket), which is what each alarm sees. */
  readonly byValue = new Map<string, DetectionTally>();

  constructor(private readonly periodSeconds: number) {}

  add(time: number, principal: string, splitValue?: string): void {
    if (splitValue !== undefined) {
      let part = this.byValue.get(splitValue);
      if (!part) this.byValue.set(splitValue, (part = new DetectionTally(this.periodSeconds)));
      part.add(time, principal);
    }
    this.matches += 1;
    if (this.firstMatch === undefined || time < this.firstMatch) this.firstMatch = time;
    if (this.lastMatch === undefined || time > this.lastMatch) this.lastMatch = time;
    const period = periodStart(time, this.periodSeconds);
    this.countsByPeriod.set(period, (this.countsByPeriod.get(period) ?? 0) + 1);
    const counted = this.principals.get(principal);
    if (counted !== undefined) this.principals.set(principal, counted + 1);
    else if (this.principals.size < MAX_TRACKED_PRINCIPALS) this.principals.set(principal, 1);
    else this.untrackedPrincipalMatches += 1;
  }

  /** The `limit` principals with the most matches, ties by name. */
  topPrincipals(limit: number): { principal: string; count: number }[] {
    return [...this.principals]
      .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit)
      .map(([principal, count]) => ({ principal, count }));
  }
}
