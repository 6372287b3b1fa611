import { describe, expect, it } from 'vitest';
import {
  type BillingCycle,
  addDays,
  addMonths,
  daysInclusive,
  isIsoDate,
  nextPeriodStart,
  periodContaining,
} from '../../src/domain/billing-period.ts';
import { errorCodeOf } from './error-code.ts';

describe('periodContaining: calendar-aligned periods', () => {
  it.each<{ date: string; cycle: BillingCycle; anchor?: number; start: string; end: string }>([
    { date: '2026-03-16', cycle: 'monthly', start: '2026-03-01', end: '2026-03-31' },
    { date: '2026-02-10', cycle: 'monthly', start: '2026-02-01', end: '2026-02-28' },
    { date: '2024-02-29', cycle: 'monthly', start: '2024-02-01', end: '2024-02-29' },
    { date: '2026-01-01', cycle: 'quarterly', start: '2026-01-01', end: '2026-03-31' },
    { date: '2026-05-20', cycle: 'quarterly', start: '2026-04-01', end: '2026-06-30' },
    { date: '2026-12-31', cycle: 'quarterly', start: '2026-10-01', end: '2026-12-31' },
    { date: '2026-06-30', cycle: 'semiannual', start: '2026-01-01', end: '2026-06-30' },
    { date: '2026-07-01', cycle: 'semiannual', start: '2026-07-01', end: '2026-12-31' },
    { date: '2026-11-05', cycle: 'annual', start: '2026-01-01', end: '2026-12-31' },
    { date: '2026-03-10', cycle: 'monthly', anchor: 15, start: '2026-02-15', end: '2026-03-14' },
    { date: '2026-03-15', cycle: 'monthly', anchor: 15, start: '2026-03-15', end: '2026-04-14' },
    { date: '2026-03-15', cycle: 'monthly', anchor: 31, start: '2026-02-28', end: '2026-03-30' },
    { date: '2026-01-10', cycle: 'quarterly', anchor: 15, start: '2025-10-15', end: '2026-01-14' },
    { date: '2026-12-31', cycle: 'annual', anchor: 2, start: '2026-01-02', end: '2027-01-01' },
  ])('$date $cycle (anchor $anchor) → $start..$end', ({ date, cycle, anchor, start, end }) => {
    expect(periodContaining(date, cycle, anchor)).toEqual({ start, end });
  });

  it.each<{ cycle: BillingCycle; count: number }>([
    { cycle: 'monthly', count: 12 },
    { cycle: 'quarterly', count: 4 },
    { cycle: 'semiannual', count: 2 },
    { cycle: 'annual', count: 1 },
  ])('$cycle periods tile 2026 with no gap or overlap ($count periods)', ({ cycle, count }) => {
    const periods = [periodContaining('2026-01-01', cycle)];
    while (periods.length < count) periods.push(periodContaining(nextPeriodStart(periods.at(-1)!), cycle));
    expect(periods.at(-1)!.end).toBe('2026-12-31');
    expect(periods.reduce((days, p) => days + daysInclusive(p.start, p.end), 0)).toBe(365);
  });

  it.each([
    { date: '2026-03-01', cycle: 'monthly', anchor: 0 },
    { date: '2026-03-01', cycle: 'monthly', anchor: 32 },
    { date: '2026-03-01', cycle: 'monthly', anchor: 1.5 },
    { date: '2026-03-01', cycle: 'weekly', anchor: 1 },
    { date: '2026-03-01', cycle: 'toString', anchor: 1 },
    { date: '2026-02-30', cycle: 'monthly', anchor: 1 },
  ])('refuses $date $cycle anchor $anchor', ({ date, cycle, anchor }) => {
    expect(errorCodeOf(() => periodContaining(date, cycle as BillingCycle, anchor))).toBe('validation_failed');
  });
});

describe('date arithmetic', () => {
  it.each([
    { date: '2026-02-28', n: 1, expected: '2026-03-01' },
    { date: '2024-02-28', n: 1, expected: '2024-02-29' },
    { date: '2026-12-31', n: 1, expected: '2027-01-01' },
    { date: '2026-03-01', n: -1, expected: '2026-02-28' },
    { date: '2026-03-01', n: 0, expected: '2026-03-01' },
    { date: '2026-03-01', n: 365, expected: '2027-03-01' },
    { date: '2026-03-29', n: 1, expected: '2026-03-30' }, // a DST change in Europe does not shift UTC days
  ])('addDays($date, $n) = $expected', ({ date, n, expected }) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it.each([
    { date: '2026-01-31', n: 1, expected: '2026-02-28' },
    { date: '2024-01-31', n: 1, expected: '2024-02-29' },
    { date: '2026-03-31', n: -1, expected: '2026-02-28' },
    { date: '2026-11-30', n: 3, expected: '2027-02-28' },
    { date: '2026-05-15', n: 12, expected: '2027-05-15' },
    { date: '2026-05-15', n: -13, expected: '2025-04-15' },
    { date: '2026-01-15', n: 0, expected: '2026-01-15' },
  ])('addMonths($date, $n) = $expected (clamped to month end)', ({ date, n, expected }) => {
    expect(addMonths(date, n)).toBe(expected);
  });

  it.each([
    { start: '2026-03-01', end: '2026-03-01', days: 1 },
    { start: '2026-03-01', end: '2026-03-31', days: 31 },
    { start: '2024-02-01', end: '2024-02-29', days: 29 },
    { start: '2026-01-01', end: '2026-12-31', days: 365 },
    { start: '2024-01-01', end: '2024-12-31', days: 366 },
    { start: '2026-03-16', end: '2026-03-31', days: 16 },
  ])('daysInclusive($start, $end) = $days', ({ start, end, days }) => {
    expect(daysInclusive(start, end)).toBe(days);
  });

  it('an end before the start is invalid_period', () => {
    expect(errorCodeOf(() => daysInclusive('2026-03-02', '2026-03-01'))).toBe('invalid_period');
  });

  it.each(['2026-02-30', '2026-13-01', '2026-00-10', '26-01-01', '2026-1-1', '2026-01-01T00:00:00Z', ''])(
    '"%s" is not a date',
    (date) => {
      expect(isIsoDate(date)).toBe(false);
      expect(errorCodeOf(() => addDays(date, 1))).toBe('validation_failed');
    },
  );

  it('whole days and months only', () => {
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError);
    expect(() => addMonths('2026-01-01', 0.5)).toThrow(RangeError);
  });
});
