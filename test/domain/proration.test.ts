import { describe, expect, it } from 'vitest';
import type { CurrencyCode } from '../../src/domain/currency.ts';
import { addDays } from '../../src/domain/billing-period.ts';
import {
  MONTH_TICKS,
  monthTicks,
  PRORATION_RULE,
  prorate,
  rangeCharge,
  rangeShare,
} from '../../src/domain/proration.ts';
import { errorCodeOf } from './error-code.ts';

describe(`monthTicks and rangeShare — ${PRORATION_RULE}`, () => {
  const T = MONTH_TICKS;
  it.each([
    { what: 'a whole month', start: '2026-03-01', end: '2026-03-31', months: [1, 1] },
    { what: 'March 16–31', start: '2026-03-16', end: '2026-03-31', months: [16, 31] },
    { what: 'one day of a 30-day month', start: '2026-04-30', end: '2026-04-30', months: [1, 30] },
    { what: 'leap February, from the 15th', start: '2024-02-15', end: '2024-02-29', months: [15, 29] },
    { what: 'a whole quarter', start: '2026-01-01', end: '2026-03-31', months: [3, 1] },
    { what: 'Feb 15 to Mar 31: half of February and March', start: '2026-02-15', end: '2026-03-31', months: [3, 2] },
    { what: 'a whole year', start: '2026-01-01', end: '2026-12-31', months: [12, 1] },
  ])('$what covers $months.0/$months.1 months', ({ start, end, months: [n, d] }) => {
    expect(monthTicks(start, end) * d).toBe(n * T);
  });

  it('one day is a whole number of ticks in every month length', () => {
    for (const days of [28, 29, 30, 31]) expect(Number.isInteger(T / days)).toBe(true);
  });

  it('is additive: cutting a range anywhere never changes what it covers', () => {
    const whole = monthTicks('2026-01-10', '2026-05-20');
    for (const cut of ['2026-01-10', '2026-01-31', '2026-02-14', '2026-03-31', '2026-05-19']) {
      expect(monthTicks('2026-01-10', cut) + monthTicks(addDays(cut, 1), '2026-05-20')).toBe(whole);
    }
  });

  it('shares a price per package frequency: a monthly 100.00 over a quarter is 300.00, an annual one a twelfth a month', () => {
    expect(prorate(10_000n, '1', rangeShare('2026-01-01', '2026-03-31', 'monthly'), 'USD')).toBe(30_000n);
    expect(prorate(120_000n, '1', rangeShare('2026-02-01', '2026-02-28', 'annual'), 'USD')).toBe(10_000n);
    expect(prorate(120_000n, '1', rangeShare('2026-04-16', '2026-04-30', 'annual'), 'USD')).toBe(5_000n);
    expect(prorate(90_000n, '1', rangeShare('2026-04-01', '2026-06-30', 'semiannual'), 'USD')).toBe(45_000n);
  });

  it('refuses a range that ends before it starts', () => {
    expect(errorCodeOf(() => monthTicks('2026-03-10', '2026-03-09'))).toBe('invalid_period');
  });
});

describe('rangeCharge: segments summed exactly, rounded once', () => {
  it('a quantity change mid-month sums both parts before the one rounding', () => {
    const segments = [
      { priceMinor: 999n, quantity: '1', share: rangeShare('2026-03-01', '2026-03-10', 'monthly') },
      { priceMinor: 999n, quantity: '2', share: rangeShare('2026-03-11', '2026-03-31', 'monthly') },
    ];
    // 9.99 × (10 + 42)/31 = 16.7574… → 16.76; rounding each part (3.22 + 13.53) would give 16.75
    expect(rangeCharge(segments, 'USD')).toBe(1676n);
  });

  it('refuses a negative quantity', () => {
    expect(
      errorCodeOf(() =>
        rangeCharge([{ priceMinor: 1n, quantity: '-1', share: { numerator: 1, denominator: 1 } }], 'USD'),
      ),
    ).toBe('negative_quantity');
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
