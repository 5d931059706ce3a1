/**
 * The replay report for people: a summary line, one row per detection, then the periods in which
 * each alarm would have fired, the counts per period of alarms replay does not simulate, notes on
 * patterns that differ from the deployed ones, and the files skipped.
 */
import { formatPeriod, formatTrigger } from '../alarm-text';
import type { DetectionReport, ReplayReport } from './replay-report';

const TABLE_PRINCIPALS = 3;
/** Alarm periods listed per detection; `--json` has them all. */
const LISTED_EPISODES = 12;
/** Periods listed for a detection reported as counts: the busiest; `--json` has every count. */
const LISTED_BUSIEST_PERIODS = 5;
const NONE = '—';

const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;

/** `arn:aws:iam::123456789012:role/x` → `role/x` in the environment's own account, `123456789012:role/x` in another. */
export function shortPrincipal(principal: string, accountId: string | undefined): string {
  const arn = /^arn:[^:]+:[^:]+:[^:]*:(\d{12})?:(.+)$/.exec(principal);
  if (!arn) return principal;
  const [, account, resource] = arn;
  return account === undefined || account === accountId ? resource : `${account}:${resource}`;
}

function alarmText(detection: DetectionReport): string {
  const alarm = detection.alarm;
  return alarm.kind === 'threshold' ? formatTrigger(alarm) : `counts per ${formatPeriod(alarm.periodSeconds)}`;
}

function firedText(detection: DetectionReport): string {
  if (detection.alarmPeriods === null) return 'n/a';
  const episodes = detection.alarmPeriods.length;
  return episodes === 0 ? 'no' : plural(episodes, 'time');
}

function principalsText(detection: DetectionReport, accountId: string | undefined): string {
  if (detection.topPrincipals.length === 0) return NONE;
  const shown = detection.topPrincipals.slice(0, TABLE_PRINCIPALS).map((p) => `${shortPrincipal(p.principal, accountId)} (${count(p.count)})`);
  const more = detection.topPrincipals.length > TABLE_PRINCIPALS || detection.otherPrincipalMatches > 0;
  return `${shown.join(', ')}${more ? ', ...' : ''}`;
}

function table(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const numeric = new Set([3]);
  return rows.map((row) =>
    row
      .map((text, column) => (column === row.length - 1 ? text : numeric.has(column) ? text.padStart(widths[column]) : text.padEnd(widths[column])))
      .join('  ')
      .trimEnd(),
  );
}

/** `2026-11-20T14:05:00Z – 2026-11-20T14:35:00Z` as `2026-11-20 14:05–14:35 UTC` when both fall on one day. */
export function periodRange(from: string, until: string): string {
  const [fromDay, fromTime] = [from.slice(0, 10), from.slice(11, 16)];
  const [untilDay, untilTime] = [until.slice(0, 10), until.slice(11, 16)];
  return fromDay === untilDay ? `${fromDay} ${fromTime}–${untilTime} UTC` : `${fromDay} ${fromTime} – ${untilDay} ${untilTime} UTC`;
}

export function renderReplayTable(report: ReplayReport, accountId?: string): string {
  const lines: string[] = [];
  const events = report.events ? `, events from ${report.events.first} to ${report.events.last}` : '';
  const skipped = report.files.skipped.length > 0 ? ` (${plural(report.files.skipped.length, 'file')} skipped)` : '';
  lines.push(
    `Replay for environment ${report.environment}: ${plural(report.files.read, 'file')} read${skipped}, ` +
      `${plural(report.records, 'record')}${events}`,
    '',
  );

  const header = ['DETECTION', 'PAGES', 'ALARM', 'MATCHES', 'WOULD HAVE FIRED', 'FIRST MATCH', 'LAST MATCH', 'TOP PRINCIPALS'];
  const rows = report.detections.map((d) => [
    d.patternNote ? `${d.id} *` : d.id,
    d.pages ? 'yes' : 'no',
    alarmText(d),
    count(d.matches),
    firedText(d),
    d.firstMatch ?? NONE,
    d.lastMatch ?? NONE,
    principalsText(d, accountId),
  ]);
  lines.push(...table([header, ...rows]));

  const fired = report.detections.filter((d) => (d.alarmPeriods ?? []).length > 0);
  if (fired.length > 0) {
    const episodes = (ds: readonly DetectionReport[]) => ds.reduce((sum, d) => sum + (d.alarmPeriods ?? []).length, 0);
    const paging = fired.filter((d) => d.pages);
    lines.push(
      '',
      `Would have fired: ${plural(fired.length, 'alarm')}, ${plural(episodes(fired), 'time')}; ` +
        `${plural(paging.length, 'paging alarm')}, ${plural(episodes(paging), 'page')}:`,
    );
    for (const d of fired) {
      const episodes = d.alarmPeriods ?? [];
      lines.push(`  ${d.id} (${alarmText(d)}${d.pages ? ', pages' : ''}), ${plural(episodes.length, 'time')}:`);
      for (const e of episodes.slice(0, LISTED_EPISODES)) lines.push(`    ${periodRange(e.from, e.until)} (${plural(e.periods, 'period')})`);
      if (episodes.length > LISTED_EPISODES) lines.push(`    and ${count(episodes.length - LISTED_EPISODES)} more (--json lists them all)`);
    }
  }

  const countsOnly = report.detections.filter((d) => d.alarm.kind === 'counts-per-period' && d.matches > 0);
  if (countsOnly.length > 0) {
    lines.push('', 'Counts per period (alarms replay does not simulate):');
    for (const d of countsOnly) {
      const reason = d.alarm.kind === 'counts-per-period' ? d.alarm.reason : '';
      const busiest = [...d.countsPerPeriod].sort((a, b) => b.count - a.count || (a.start < b.start ? -1 : 1)).slice(0, LISTED_BUSIEST_PERIODS);
      lines.push(
        `  ${d.id} (${reason}): ${plural(d.countsPerPeriod.length, 'period')} with matches; the busiest ` +
          `${busiest.map((p) => `${p.start.slice(0, 16).replace('T', ' ')} UTC ${count(p.count)}`).join(', ')} (--json has every period)`,
      );
    }
  }

  const noted = report.detections.filter((d) => d.patternNote);
  if (noted.length > 0) {
    lines.push('');
    for (const d of noted) lines.push(`* ${d.id}: ${d.patternNote}`);
  }
  if (report.undatedRecords > 0) {
    lines.push('', `${plural(report.undatedRecords, 'record')} without a readable eventTime, not evaluated.`);
  }
  if (report.files.digestFilesLeftOut > 0) {
    lines.push('', `${plural(report.files.digestFilesLeftOut, 'digest file')} left out (they hold hashes, not events).`);
  }
  if (report.files.skipped.length > 0) {
    lines.push('', `Skipped (${plural(report.files.skipped.length, 'file')}, nothing in them counted):`);
    for (const s of report.files.skipped) lines.push(`  ${s.file}: ${s.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
