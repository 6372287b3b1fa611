import { fail } from './errors.ts';

/**
 * Billing periods and plain-date arithmetic. Dates are ISO `YYYY-MM-DD` strings interpreted as UTC
 * calendar days: a billing run for a date must give the same periods on every machine, whatever its
 * time zone, so nothing here reads the local zone or the wall clock.
 */

export type BillingCycle = 'monthly' | 'quarterly' | 'semiannual' | 'annual';

/** Months in one period of each cycle. */
export const CYCLE_MONTHS: Readonly<Record<BillingCycle, number>> = {
  monthly: 1,
  quarterly: 3,
  semiannual: 6,
  annual: 12,
};

/** A billing period; both `start` and `end` are billed days (end inclusive). */
export interface BillingPeriod {
  start: string;
  end: string;
}

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface PlainDate {
  year: number;
  month: number; // 1–12
  day: number;
}

/** The year, month and day of an ISO date (`validation_failed` when it is not one). */
export function dateParts(date: string): PlainDate {
  return parse(date);
}

function parse(date: string): PlainDate {
  const m = ISO_DATE.exec(date);
  const parts = m && { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (!parts || parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > daysInMonth(parts)) {
    fail('validation_failed', `"${date}" is not a calendar date written as YYYY-MM-DD.`, { value: date });
  }
  return parts;
}

/** Milliseconds since the epoch; setUTCFullYear keeps years below 100 literal (Date.UTC maps them to 19xx). */
function epochMs({ year, month, day }: PlainDate): number {
  return new Date(0).setUTCFullYear(year, month - 1, day);
}

function format(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month of the proleptic Gregorian calendar (what Date uses), by arithmetic: it is called in loops. */
export function daysInMonth({ year, month }: Pick<PlainDate, 'year' | 'month'>): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

/** The day `day` of the month at absolute index `monthIndex` (year * 12 + month - 1), clamped to month end. */
function clampedDate(monthIndex: number, day: number): PlainDate {
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return { year, month, day: Math.min(day, daysInMonth({ year, month })) };
}

function toString(date: PlainDate): string {
  return format(epochMs(date));
}

export function isIsoDate(date: string): boolean {
  try {
    parse(date);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs a whole number of days, got ${n}`);
  return format(epochMs(parse(date)) + n * MS_PER_DAY);
}

/**
 * The same day `n` months later (or earlier), clamped to the end of a shorter month:
 * 2026-01-31 + 1 month is 2026-02-28, because an invoice cannot fall on a day the month lacks.
 */
export function addMonths(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addMonths needs a whole number of months, got ${n}`);
  const d = parse(date);
  return toString(clampedDate(d.year * 12 + d.month - 1 + n, d.day));
}

/** Calendar days from `start` to `end`, both counted: 2026-03-01..2026-03-31 is 31. */
export function daysInclusive(start: string, end: string): number {
  const days = (epochMs(parse(end)) - epochMs(parse(start))) / MS_PER_DAY + 1;
  if (days < 1) fail('invalid_period', `The end date ${end} is before the start date ${start}.`, { start, end });
  return days;
}

/**
 * The billing period of `cycle` that contains `date`. Periods are calendar-aligned: monthly is a
 * calendar month, quarterly a calendar quarter (Jan, Apr, Jul, Oct), semiannual a half-year (Jan, Jul),
 * annual a calendar year. With `anchorDay` d > 1 every period starts on day d of those months instead
 * (clamped to month end, so anchor 31 starts February periods on the 28th/29th) and ends the day before
 * the next one starts.
 */
export function periodContaining(date: string, cycle: BillingCycle, anchorDay = 1): BillingPeriod {
  if (!Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31) {
    fail('validation_failed', `The billing anchor day must be 1–31, got ${anchorDay}.`, { anchorDay });
  }
  if (!Object.hasOwn(CYCLE_MONTHS, cycle)) fail('validation_failed', `Unknown billing cycle "${cycle}".`, { cycle });
  const months = CYCLE_MONTHS[cycle];
  const d = parse(date);
  const monthIndex = d.year * 12 + d.month - 1;
  let startIndex = monthIndex - (((monthIndex % months) + months) % months);
  if (epochMs(clampedDate(startIndex, anchorDay)) > epochMs(d)) startIndex -= months;
  return {
    start: toString(clampedDate(startIndex, anchorDay)),
    end: addDays(toString(clampedDate(startIndex + months, anchorDay)), -1),
  };
}

/** The first day of the period after `period`. */
export function nextPeriodStart(period: BillingPeriod): string {
  return addDays(period.end, 1);
}
