import { isIsoDate } from '../../domain/billing-period.ts';
import { fail } from '../../domain/errors.ts';

/**
 * The days revbridge accepts. PostgreSQL has no year 0000 (it answers with an error of its own), nobody
 * bills before 1900, and Salesforce date fields hold nothing after 4000-12-31 (or before 1700-01-01):
 * every billing date may be pushed there (invoice roll-ups, contracts). The ceiling also leaves room for
 * the dates computed from an input (period ends, due dates) to keep the four-digit years of `YYYY-MM-DD`.
 */
export const DATE_RANGE = { min: '1900-01-01', max: '4000-12-31' } as const;

/** Why `value` is not an accepted date (for schemas, which phrase the field themselves), or null. */
export function dateProblem(value: unknown): string | null {
  if (typeof value !== 'string' || !isIsoDate(value)) return 'must be a date written YYYY-MM-DD';
  // Plain string order is date order for four-digit years.
  if (value < DATE_RANGE.min || value > DATE_RANGE.max) {
    return `must be a date from ${DATE_RANGE.min} to ${DATE_RANGE.max}`;
  }
  return null;
}

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not) within `DATE_RANGE`. */
export function parseDate(value: string, field: string): string {
  const problem = dateProblem(value);
  if (problem !== null) fail('validation_failed', `${field} ${problem}, got "${value}".`, { field, value });
  return value;
}

export function parseOptionalDate(value: string | null | undefined, field: string): string | null {
  return value == null ? null : parseDate(value, field);
}

/** The end of a period may equal its start (a one-day period) but never precede it. */
export function assertPeriod(start: string, end: string | null): void {
  if (end !== null && end < start) {
    fail('invalid_period', `The end date ${end} is before the start date ${start}.`, { start, end });
  }
}
