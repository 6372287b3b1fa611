import { canonicalDateTime } from './literals.ts';

/**
 * A date literal resolved to a half-open range of days [start, end). Against a date field the
 * bounds are 'YYYY-MM-DD'; against a datetime field they are the instants of local midnight in
 * the org's time zone, in canonical stored form.
 */
export interface DateRange {
  startDate: string;
  endDate: string;
  start: string;
  end: string;
}

const DAY_MS = 86_400_000;

export function resolveDateLiteral(literal: string, nowMs: number, timeZone: string): DateRange | null {
  const [rawName, rawN] = literal.toUpperCase().split(':');
  const name = rawName.replace('_FISCAL_', '_');
  const n = rawN === undefined ? 0 : Number(rawN);
  if (!Number.isInteger(n) || n < 0) return null;
  const tz = timeZone;
  const today = civilToday(nowMs, tz);
  const days = dayRange(name, n, today);
  if (!days) return null;
  return {
    startDate: dayToDate(days[0]),
    endDate: dayToDate(days[1]),
    start: canonicalDateTime(localMidnight(days[0], tz)),
    end: canonicalDateTime(localMidnight(days[1], tz)),
  };
}

/** [first day, day after the last) as days since 1970-01-01. */
function dayRange(name: string, n: number, today: number): [number, number] | null {
  // 1970-01-01 was a Thursday; US-locale weeks (Salesforce's default) start on Sunday.
  const weekStart = today - ((today + 4) % 7);
  const month = monthIndexOf(today);
  const quarter = month - (month % 3);
  const year = month - (month % 12);
  switch (name) {
    case 'TODAY':
      return [today, today + 1];
    case 'YESTERDAY':
      return [today - 1, today];
    case 'TOMORROW':
      return [today + 1, today + 2];
    case 'THIS_WEEK':
      return [weekStart, weekStart + 7];
    case 'LAST_WEEK':
      return [weekStart - 7, weekStart];
    case 'NEXT_WEEK':
      return [weekStart + 7, weekStart + 14];
    case 'LAST_90_DAYS':
      return [today - 90, today + 1];
    case 'NEXT_90_DAYS':
      return [today + 1, today + 91];
    // LAST_N_DAYS counts back n days from today and includes today itself.
    case 'LAST_N_DAYS':
      return [today - n, today + 1];
    case 'NEXT_N_DAYS':
      return [today + 1, today + 1 + n];
    case 'N_DAYS_AGO':
      return [today - n, today - n + 1];
    case 'LAST_N_WEEKS':
      return [weekStart - 7 * n, weekStart];
    case 'NEXT_N_WEEKS':
      return [weekStart + 7, weekStart + 7 + 7 * n];
    case 'N_WEEKS_AGO':
      return [weekStart - 7 * n, weekStart - 7 * n + 7];
  }
  const unit = name.includes('MONTH') ? 1 : name.includes('QUARTER') ? 3 : name.includes('YEAR') ? 12 : 0;
  if (unit === 0) return null;
  const base = unit === 1 ? month : unit === 3 ? quarter : year;
  const span = (from: number, count: number): [number, number] => [
    monthStart(base + from * unit),
    monthStart(base + (from + count) * unit),
  ];
  if (name.startsWith('THIS_')) return span(0, 1);
  if (name === 'LAST_MONTH' || name === 'LAST_QUARTER' || name === 'LAST_YEAR') return span(-1, 1);
  if (name === 'NEXT_MONTH' || name === 'NEXT_QUARTER' || name === 'NEXT_YEAR') return span(1, 1);
  if (name.startsWith('LAST_N_')) return span(-n, n);
  if (name.startsWith('NEXT_N_')) return span(1, n);
  if (name.startsWith('N_') && name.endsWith('_AGO')) return span(-n, 1);
  return null;
}

function monthIndexOf(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

function monthStart(monthIndex: number): number {
  return Date.UTC(Math.floor(monthIndex / 12), monthIndex % 12, 1) / DAY_MS;
}

function dayToDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Local wall-clock time at `ms`, expressed as if it were UTC. */
function wallClock(ms: number, tz: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
}

function civilToday(nowMs: number, tz: string): number {
  return Math.floor(wallClock(nowMs, tz) / DAY_MS);
}

/** The instant local midnight starts `day` in `tz` (two passes settle DST transitions). */
function localMidnight(day: number, tz: string): number {
  const wall = day * DAY_MS;
  let t = wall - (wallClock(wall, tz) - wall);
  t = wall - (wallClock(t, tz) - Math.floor(t / 1000) * 1000);
  return t;
}
