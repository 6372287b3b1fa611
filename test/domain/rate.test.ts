import { describe, expect, it } from 'vitest';
import type { CurrencyCode } from '../../src/domain/currency.ts';
import { ROUNDING_RULE, decimal, fromMinor, parseRate, roundedQuotient, toMinor } from '../../src/domain/rate.ts';
import { errorCodeOf } from './error-code.ts';

describe('parseRate: exact decimal strings', () => {
  it.each([
    ['0.0125', '0.0125'],
    ['1.500', '1.5'],
    ['-2', '-2'],
    [' 3 ', '3'],
    ['0.0000000001', '0.0000000001'],
  ])('"%s" → "%s"', (text, expected) => {
    expect(parseRate(text)).toBe(expected);
  });

  it.each(['abc', '1e-3', '', '.5', '1.', '1,5', '5%'])('"%s" is malformed_rate', (text) => {
    expect(errorCodeOf(() => parseRate(text))).toBe('malformed_rate');
  });
});

describe(`toMinor — ${ROUNDING_RULE}`, () => {
  it.each<{ amount: string; currency: CurrencyCode; minor: bigint }>([
    { amount: '0.125', currency: 'USD', minor: 13n },
    { amount: '-0.125', currency: 'USD', minor: -13n },
    { amount: '0.124999', currency: 'USD', minor: 12n },
    { amount: '0.005', currency: 'USD', minor: 1n },
    { amount: '-0.005', currency: 'USD', minor: -1n },
    { amount: '0.0049', currency: 'USD', minor: 0n },
    { amount: '-0.0044', currency: 'USD', minor: 0n },
    { amount: '12.5', currency: 'USD', minor: 1250n },
    { amount: '0.5', currency: 'JPY', minor: 1n },
    { amount: '-0.5', currency: 'JPY', minor: -1n },
    { amount: '1.4999', currency: 'JPY', minor: 1n },
    { amount: '2.5', currency: 'JPY', minor: 3n }, // half-up, not banker's (half-even would give 2)
    { amount: '0.0005', currency: 'BHD', minor: 1n },
    { amount: '12.3455', currency: 'KWD', minor: 12346n },
  ])('$amount $currency → $minor', ({ amount, currency, minor }) => {
    expect(toMinor(decimal(amount), currency)).toBe(minor);
  });

  it('a third of a cent three times is rounded once per line, not summed first', () => {
    const line = toMinor(decimal('0.01').dividedBy(3), 'USD');
    expect(line).toBe(0n);
    expect(toMinor(decimal('0.01').dividedBy(3).times(3), 'USD')).toBe(1n);
  });
});

describe('fromMinor: minor units back to an exact major-unit decimal', () => {
  it.each<{ minor: bigint; currency: CurrencyCode; major: string }>([
    { minor: 1250n, currency: 'USD', major: '12.5' },
    { minor: -1n, currency: 'USD', major: '-0.01' },
    { minor: 5n, currency: 'JPY', major: '5' },
    { minor: 1234n, currency: 'BHD', major: '1.234' },
  ])('$minor $currency → $major', ({ minor, currency, major }) => {
    expect(fromMinor({ minor, currency }).toFixed()).toBe(major);
  });
});

describe('roundedQuotient: a share of minor units, rounded half away from zero on integers', () => {
  it.each([
    { dividend: 10n, divisor: 4n, quotient: 3n },
    { dividend: 10n, divisor: 3n, quotient: 3n },
    { dividend: 11n, divisor: 3n, quotient: 4n },
    { dividend: -10n, divisor: 4n, quotient: -3n },
    { dividend: -11n, divisor: 3n, quotient: -4n },
    { dividend: 10n, divisor: -4n, quotient: -3n },
    { dividend: 0n, divisor: 7n, quotient: 0n },
    { dividend: 123_456_789_012_345_678n * 8_928n, divisor: 8_929n, quotient: 123_442_962_515_648_137n },
  ])('$dividend ÷ $divisor = $quotient', ({ dividend, divisor, quotient }) => {
    expect(roundedQuotient(dividend, divisor)).toBe(quotient);
    // The same as the decimal rule every charge is rounded by.
    expect(roundedQuotient(dividend, divisor)).toBe(toMinor(decimal(dividend).dividedBy(decimal(divisor)), 'JPY'));
  });

  it('refuses a zero divisor', () => {
    expect(() => roundedQuotient(1n, 0n)).toThrow(RangeError);
  });
});
