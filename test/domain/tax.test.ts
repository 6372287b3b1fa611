import { describe, expect, it } from 'vitest';
import type { CurrencyCode } from '../../src/domain/currency.ts';
import { TAX_RULE, jurisdictionOf, taxMinor } from '../../src/domain/tax.ts';
import { errorCodeOf } from './error-code.ts';

describe(`tax — ${TAX_RULE}`, () => {
  const known = new Set(['US', 'US-CA', 'DE', 'CA-QC']);

  it.each<{ country: string | null; region: string | null; expected: string | null }>([
    { country: 'US', region: 'CA', expected: 'US-CA' },
    { country: 'US', region: 'NY', expected: 'US' },
    { country: 'usa', region: ' ca ', expected: 'US-CA' },
    { country: 'United States', region: null, expected: 'US' },
    { country: 'CA', region: 'QC', expected: 'CA-QC' },
    { country: 'Canada', region: 'ON', expected: 'CA' },
    { country: 'Germany', region: 'BY', expected: 'DE' },
    { country: 'FR', region: null, expected: 'FR' },
    { country: null, region: 'CA', expected: null },
    { country: '  ', region: null, expected: null },
  ])('jurisdictionOf($country, $region) = $expected', ({ country, region, expected }) => {
    expect(jurisdictionOf(country, region, known)).toBe(expected);
  });

  it('an unrecognisable country is refused, not taxed as nowhere', () => {
    expect(errorCodeOf(() => jurisdictionOf('Atlantis', null, known))).toBe('validation_failed');
  });

  it.each<{ amount: bigint; rate: string; currency: CurrencyCode; expected: bigint }>([
    { amount: 10000n, rate: '0.0825', currency: 'USD', expected: 825n },
    { amount: 999n, rate: '0.0825', currency: 'USD', expected: 82n }, // 82.4175
    { amount: 1000n, rate: '0.0825', currency: 'USD', expected: 83n }, // 82.5 → half up
    { amount: -1000n, rate: '0.0825', currency: 'USD', expected: -83n }, // credit: away from zero
    { amount: 10000n, rate: '0', currency: 'USD', expected: 0n },
    { amount: 1234n, rate: '0.1', currency: 'JPY', expected: 123n },
    { amount: 1235n, rate: '0.1', currency: 'JPY', expected: 124n }, // 123.5 → 124
    { amount: 12345n, rate: '0.05', currency: 'BHD', expected: 617n }, // 617.25
    { amount: 12350n, rate: '0.05', currency: 'BHD', expected: 618n }, // 617.5
    { amount: 10000n, rate: '1', currency: 'USD', expected: 10000n },
  ])('taxMinor($amount, $rate, $currency) = $expected', ({ amount, rate, currency, expected }) => {
    expect(taxMinor(amount, rate, currency)).toBe(expected);
  });

  it.each(['-0.1', '8.25%', '1.5', 'abc'])('rate "%s" is malformed_rate', (rate) => {
    expect(errorCodeOf(() => taxMinor(1000n, rate, 'USD'))).toBe('malformed_rate');
  });
});
