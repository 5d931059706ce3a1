/**
 * The first and last of a series of event times, kept without parsing each one: CloudTrail writes
 * event times as `YYYY-MM-DDTHH:MM:SSZ`, which orders correctly as text. Any other form is parsed.
 */

const CLOUDTRAIL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

export class TimeRange {
  private firstText: string | undefined;
  private lastText: string | undefined;
  private firstTime = Infinity;
  private lastTime = -Infinity;

  /** Adds an event time; false when it is not a time at all. */
  include(eventTime: string): boolean {
    if (CLOUDTRAIL_TIME.test(eventTime)) {
      if (this.firstText === undefined || eventTime < this.firstText) this.firstText = eventTime;
      if (this.lastText === undefined || eventTime > this.lastText) this.lastText = eventTime;
      return true;
    }
    const time = Date.parse(eventTime);
    if (Number.isNaN(time)) return false;
    this.firstTime = Math.min(this.firstTime, time);
    this.lastTime = Math.max(this.lastTime, time);
    return true;
  }

  merge(other: TimeRange): void {
    const first = other.first();
    const last = other.last();
    if (first !== undefined) this.firstTime = Math.min(this.firstTime, first);
    if (last !== undefined) this.lastTime = Math.max(this.lastTime, last);
  }

  /** Epoch milliseconds, or undefined when no time was added. */
  first(): number | undefined {
    const time = Math.min(this.firstTime, this.firstText === undefined ? Infinity : Date.parse(this.firstText));
    return time === Infinity ? undefined : time;
  }

  last(): number | undefined {
    const time = Math.max(this.lastTime, this.lastText === undefined ? -Infinity : Date.parse(this.lastText));
    return time === -Infinity ? undefined : time;
  }
}
