/**
 * Which detections could match a record, decided before it is parsed, so that the records no
 * detection can match (most of a trail) never are. It only rules out: every detection it keeps is
 * then evaluated in full, so a record kept for nothing costs time, never a wrong count.
 *
 * It works from each pattern's necessary conditions (modules/detections/filter-pattern.ts). One on
 * a top-level field is checked against that field's value, which the log-file reader notes while it
 * cuts the record out; a pattern that requires `$.eventName` is looked up by the record's event
 * name. A condition on a nested field is checked by looking for the values it allows in the text.
 * (This relies on keys written without escapes, as CloudTrail writes them.)
 */
import { FilterPattern, NecessaryCondition, wildcardMatcher } from '../../../modules/detections/filter-pattern';
import type { TopLevelStrings } from './cloudtrail-log-file';

/** Characters no JSON writer escapes, so that a value made of them appears in the text as it is. */
const LITERAL_IN_JSON_TEXT = /^[A-Za-z0-9 ._:@+=,-]+$/;

type Screen = (text: string, topLevel: TopLevelStrings) => boolean;

/** A cheap test the record must pass for the condition to hold, or undefined when there is none. */
function screenFor(condition: NecessaryCondition): Screen | undefined {
  if (condition.path.length === 1 && typeof condition.path[0] === 'string') {
    const field = condition.path[0];
    const tests = condition.values.map(wildcardMatcher);
    return (_text, topLevel) => {
      const value = topLevel[field];
      // Absent: no comparison on it holds. Not a string: the text alone cannot tell.
      if (value === undefined) return false;
      return value === null || tests.some((test) => test(value));
    };
  }
  const cores = condition.values.map((value) => value.replace(/^\*/, '').replace(/\*$/, ''));
  if (!cores.every((core) => LITERAL_IN_JSON_TEXT.test(core))) return undefined;
  return (text) => cores.some((core) => text.includes(core));
}

const isEventName = (condition: NecessaryCondition): boolean =>
  condition.path.length === 1 && condition.path[0] === 'eventName' && condition.values.every((value) => !value.includes('*'));

interface Screened {
  readonly index: number;
  readonly screens: readonly Screen[];
}

export class RecordTriage {
  /** The top-level fields whose values the triage reads: give them to the log-file reader. */
  readonly topLevelFields: readonly string[];
  private readonly byEventName = new Map<string, Screened[]>();
  private readonly lookedUp: Screened[] = [];
  private readonly screened: Screened[] = [];
  private readonly always: number[] = [];

  constructor(filters: readonly FilterPattern[]) {
    const fields = new Set<string>(['eventName']);
    filters.forEach((filter, index) => {
      const conditions = filter.necessaryConditions();
      const eventNames = conditions.find(isEventName);
      // Top-level fields first: reading a noted value is cheaper than searching the text.
      const others = conditions
        .filter((condition) => condition !== eventNames)
        .sort((a, b) => Number(a.path.length !== 1) - Number(b.path.length !== 1));
      for (const condition of others) if (condition.path.length === 1) fields.add(String(condition.path[0]));
      const entry = { index, screens: others.map(screenFor).filter((screen): screen is Screen => screen !== undefined) };
      if (eventNames) {
        this.lookedUp.push(entry);
        for (const name of eventNames.values) this.byEventName.set(name, [...(this.byEventName.get(name) ?? []), entry]);
      } else if (entry.screens.length > 0) {
        this.screened.push(entry);
      } else {
        this.always.push(index);
      }
    });
    this.topLevelFields = [...fields];
  }

  /** The indexes of the detections that could match the record; no other can. */
  candidates(text: string, topLevel: TopLevelStrings): number[] {
    const found = [...this.always];
    const name = topLevel.eventName;
    const keep = ({ index, screens }: Screened) => {
      if (screens.every((screen) => screen(text, topLevel))) found.push(index);
    };
    if (name === null) this.lookedUp.forEach(keep);
    else if (name !== undefined) this.byEventName.get(name)?.forEach(keep);
    this.screened.forEach(keep);
    return found;
  }
}
