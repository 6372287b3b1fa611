import { describe, expect, it } from 'vitest';
import type { CurrencyCode } from '../../src/domain/currency.ts';
import { cycleShareFactor, PRORATION_RULE, prorate, prorationFactor } from '../../src/domain/proration.ts';
import { errorCodeOf } from './error-code.ts';

const march = { start: '2026-03-01', end: '2026-03-31' };
const q1 = { start: '2026-01-01', end: '2026-03-31' };

describe(`prorationFactor — ${PRORATION_RULE}`, () => {
  it.each([
    { what: 'mid-cycle start', period: march, start: '2026-03-16', end: null, n: 16, d: 31 },
    { what: 'end inside the period', period: march, start: '2026-01-01', end: '2026-03-10', n: 10, d: 31 },
    { what: 'start and end inside', period: march, start: '2026-03-05', end: '2026-03-20', n: 16, d: 31 },
    { what: 'full period', period: march, start: '2026-03-01', end: '2026-03-31', n: 31, d: 31 },
    { what: 'started earlier, open-ended', period: march, start: '2025-07-01', end: null, n: 31, d: 31 },
    { what: 'last day only', period: march, start: '2026-03-31', end: null, n: 1, d: 31 },
    { what: 'starts after the period', period: march, start: '2026-04-01', end: null, n: 0, d: 31 },
    { what: 'ended before the period', period: march, start: '2026-01-01', end: '2026-02-28', n: 0, d: 31 },
    { what: 'quarter, start mid-February', period: q1, start: '2026-02-15', end: null, n: 45, d: 90 },
    {
      what: 'leap February',
      period: { start: '2024-02-01', end: '2024-02-29' },
      start: '2024-02-15',
      end: null,
      n: 15,
      d: 29,
    },
  ])('$what: $n/$d', ({ period, start, end, n, d }) => {
    expect(prorationFactor(period, start, end)).toEqual({ numerator: n, denominator: d });
  });

  it('the days of a product split across two periods add up to the days it was active', () => {
    const april = { start: '2026-04-01', end: '2026-04-30' };
    const a = prorationFactor(march, '2026-03-20', '2026-04-10');
    const b = prorationFactor(april, '2026-03-20', '2026-04-10');
    expect(a.numerator + b.numerator).toBe(22);
  });

  it('refuses an active range that ends before it starts', () => {
    expect(errorCodeOf(() => prorationFactor(march, '2026-03-10', '2026-03-09'))).toBe('invalid_period');
  });
});

describe('prorate: price × quantity × factor, one half-up rounding per line', () => {
  it.each<{ what: string; price: bigint; qty: string; n: number; d: number; currency: CurrencyCode; expected: bigint }>(
    [
      { what: 'USD 100.00 from March 16', price: 10000n, qty: '1', n: 16, d: 31, currency: 'USD', expected: 5161n },
      {
        what: 'USD full period is the full price',
        price: 10000n,
        qty: '1',
        n: 31,
        d: 31,
        currency: 'USD',
        expected: 10000n,
      },
      { what: 'USD quantity 3, 10 of 31 days', price: 999n, qty: '3', n: 10, d: 31, currency: 'USD', expected: 967n },
      {
        what: 'USD fractional quantity, half-up',
        price: 1999n,
        qty: '2.5',
        n: 1,
        d: 1,
        currency: 'USD',
        expected: 4998n,
      },
      { what: 'USD 0.01 for half a period rounds up', price: 1n, qty: '1', n: 1, d: 2, currency: 'USD', expected: 1n },
      {
        what: 'USD credit rounds away from zero',
        price: -10000n,
        qty: '1',
        n: 16,
        d: 31,
        currency: 'USD',
        expected: -5161n,
      },
      { what: 'USD nothing active', price: 10000n, qty: '1', n: 0, d: 31, currency: 'USD', expected: 0n },
      { what: 'USD quantity 0', price: 10000n, qty: '0', n: 31, d: 31, currency: 'USD', expected: 0n },
      { what: 'JPY ¥1000 from March 16', price: 1000n, qty: '1', n: 16, d: 31, currency: 'JPY', expected: 516n },
      { what: 'JPY ¥1 for half a period', price: 1n, qty: '1', n: 1, d: 2, currency: 'JPY', expected: 1n },
      { what: 'JPY ¥3000 quarter from Feb 15', price: 3000n, qty: '1', n: 45, d: 90, currency: 'JPY', expected: 1500n },
      { what: 'BHD 12.345 from March 16', price: 12345n, qty: '1', n: 16, d: 31, currency: 'BHD', expected: 6372n },
      { what: 'KWD 1.000 for 1/8', price: 1000n, qty: '1', n: 1, d: 8, currency: 'KWD', expected: 125n },
      { what: 'BHD 0.001 for half a period', price: 1n, qty: '1', n: 1, d: 2, currency: 'BHD', expected: 1n },
    ],
  )('$what → $expected', ({ price, qty, n, d, currency, expected }) => {
    expect(prorate(price, qty, { numerator: n, denominator: d }, currency)).toBe(expected);
  });

  it('multiplies before dividing, so thirds of a period sum to the exact price when they can', () => {
    const third = { numerator: 10, denominator: 30 };
    expect(prorate(3000n, '1', third, 'USD')).toBe(1000n);
  });

  it.each([
    { qty: '-1', code: 'negative_quantity' },
    { qty: 'two', code: 'malformed_rate' },
    { qty: '1e2', code: 'malformed_rate' },
  ])('quantity "$qty" is $code', ({ qty, code }) => {
    expect(errorCodeOf(() => prorate(1000n, qty, { numerator: 1, denominator: 1 }, 'USD'))).toBe(code);
  });

  it('a zero denominator is a bug', () => {
    expect(() => prorate(1000n, '1', { numerator: 1, denominator: 0 }, 'USD')).toThrow(RangeError);
  });
});

describe('cycleShareFactor', () => {
  it.each([
    ['annual', 'monthly', 1, 12],
    ['monthly', 'quarterly', 3, 1],
    ['quarterly', 'annual', 12, 3],
    ['semiannual', 'quarterly', 3, 6],
    ['monthly', 'monthly', 1, 1],
  ] as const)('a %s price on a %s account is multiplied by %i/%i', (frequency, cycle, num, den) => {
    expect(cycleShareFactor({ numerator: 1, denominator: 1 }, frequency, cycle)).toEqual({
      numerator: num,
      denominator: den,
    });
  });

  it('combines with proration so a line is rounded once', () => {
    const factor = cycleShareFactor({ numerator: 15, denominator: 30 }, 'annual', 'monthly');
    expect(prorate(120_000n, '1', factor, 'USD')).toBe(5_000n);
  });
});
