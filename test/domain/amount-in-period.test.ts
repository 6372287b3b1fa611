import { describe, expect, it } from 'vitest';
import { amountInPeriod } from '../../src/domain/amount-in-period.ts';

describe('amountInPeriod: the month-day share of an amount falling in a period, rounded half up once', () => {
  it.each([
    {
      what: 'inside the period: whole',
      amount: 1200_00n,
      start: '2026-01-01',
      end: '2026-12-31',
      from: '2025-07-01',
      to: '2027-06-30',
      part: 1200_00n,
    },
    {
      what: 'outside: nothing',
      amount: 1200_00n,
      start: '2026-01-01',
      end: '2026-12-31',
      from: '2027-01-01',
      to: '2027-12-31',
      part: 0n,
    },
    {
      what: 'half a year of a year',
      amount: 1200_00n,
      start: '2026-01-01',
      end: '2026-12-31',
      from: '2026-07-01',
      to: '2027-06-30',
      part: 600_00n,
    },
    {
      what: 'one month of a year',
      amount: 1200_00n,
      start: '2026-01-01',
      end: '2026-12-31',
      from: '2026-02-01',
      to: '2026-02-28',
      part: 100_00n,
    },
    {
      what: 'half of February',
      amount: 100_00n,
      start: '2026-02-01',
      end: '2026-02-28',
      from: '2026-02-01',
      to: '2026-02-14',
      part: 50_00n,
    },
    {
      what: 'a third, rounded half up',
      amount: 100n,
      start: '2026-01-01',
      end: '2026-03-31',
      from: '2026-01-01',
      to: '2026-01-31',
      part: 33n,
    },
    {
      what: 'a negative amount rounds away from zero',
      amount: -5n,
      start: '2026-01-01',
      end: '2026-02-28',
      from: '2026-01-01',
      to: '2026-01-31',
      part: -3n,
    },
    {
      what: 'a one-day line in the period',
      amount: 500_00n,
      start: '2026-03-10',
      end: '2026-03-10',
      from: '2026-03-01',
      to: '2026-03-31',
      part: 500_00n,
    },
  ])('$what', ({ amount, start, end, from, to, part }) => {
    expect(amountInPeriod(amount, start, end, from, to)).toBe(part);
  });
});
