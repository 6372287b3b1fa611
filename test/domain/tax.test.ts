import { describe, expect, it } from 'vitest';
import type { CurrencyCode } from '../../src/domain/currency.ts';
import {
  TAX_RULE,
  type TaxRateVersion,
  jurisdictionOf,
  parseJurisdiction,
  parseTaxRate,
  taxMinor,
  taxRateOn,
  versionInForce,
} from '../../src/domain/tax.ts';
import { RevbridgeError } from '../../src/domain/errors.ts';
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
    expect(errorCodeOf(() => jurisdictionOf('Atlantis', null, known))).toBe('unknown_country');
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

describe('tax rate versions: the one in force on the invoice date', () => {
  const v = (jurisdiction: string, effectiveFrom: string, rate: string): TaxRateVersion => ({
    jurisdiction,
    effectiveFrom,
    rate,
  });
  const versions = [
    v('US', '2025-01-01', '0'),
    v('US-CA', '2026-01-01', '0.0725'),
    v('US-CA', '2025-01-01', '0.07'), // out of order on purpose
    v('US-CA', '2026-07-01', '0.075'),
    v('US-NY', '2026-04-01', '0.04'), // starts later than some run dates
    v('DE', '2025-01-01', '0.19'),
    v('DE', '2026-03-01', '0'), // a deliberate end of taxation
    v('FR', '2027-01-01', '0.2'),
  ];

  it.each<{ date: string; expected: string | null }>([
    { date: '2024-12-31', expected: null },
    { date: '2025-01-01', expected: '0.07' },
    { date: '2025-12-31', expected: '0.07' },
    { date: '2026-01-01', expected: '0.0725' },
    { date: '2026-06-30', expected: '0.0725' },
    { date: '2026-07-01', expected: '0.075' },
    { date: '2099-01-01', expected: '0.075' },
  ])('versionInForce(US-CA, $date) = $expected', ({ date, expected }) => {
    const ca = versions.filter((x) => x.jurisdiction === 'US-CA');
    expect(versionInForce(ca, date)?.rate ?? null).toBe(expected);
  });

  it.each<{ country: string | null; region: string | null; date: string; expected: object }>([
    {
      country: 'US',
      region: 'CA',
      date: '2026-03-31',
      expected: { jurisdiction: 'US-CA', rate: '0.0725', untaxed: null },
    },
    {
      country: 'US',
      region: 'CA',
      date: '2025-03-31',
      expected: { jurisdiction: 'US-CA', rate: '0.07', untaxed: null },
    },
    // US-NY has no version yet on 2026-03-31: the country's applies.
    { country: 'US', region: 'NY', date: '2026-03-31', expected: { jurisdiction: 'US', rate: '0', untaxed: null } },
    {
      country: 'US',
      region: 'NY',
      date: '2026-04-01',
      expected: { jurisdiction: 'US-NY', rate: '0.04', untaxed: null },
    },
    { country: 'DE', region: null, date: '2026-02-28', expected: { jurisdiction: 'DE', rate: '0.19', untaxed: null } },
    { country: 'DE', region: 'BY', date: '2026-03-01', expected: { jurisdiction: 'DE', rate: '0', untaxed: null } },
    {
      country: 'FR',
      region: null,
      date: '2026-12-31',
      expected: { jurisdiction: 'FR', rate: '0', untaxed: 'no_rate' },
    },
    {
      country: 'US',
      region: 'CA',
      date: '2024-06-30',
      expected: { jurisdiction: 'US', rate: '0', untaxed: 'no_rate' },
    },
    {
      country: 'GB',
      region: null,
      date: '2026-01-31',
      expected: { jurisdiction: 'GB', rate: '0', untaxed: 'no_rate' },
    },
    {
      country: null,
      region: 'CA',
      date: '2026-01-31',
      expected: { jurisdiction: null, rate: '0', untaxed: 'no_country' },
    },
    {
      country: ' ',
      region: null,
      date: '2026-01-31',
      expected: { jurisdiction: null, rate: '0', untaxed: 'no_country' },
    },
  ])('taxRateOn($country, $region, $date)', ({ country, region, date, expected }) => {
    expect(taxRateOn(country, region, versions, date)).toEqual(expected);
  });
});

describe('tax rate input', () => {
  it.each<[string, string]>([
    ['0.0725', '0.0725'],
    ['0', '0'],
    [' 0.19 ', '0.19'],
    ['0.123456', '0.123456'],
    ['0.1234560000', '0.123456'], // trailing zeros are not precision
    ['0.999999', '0.999999'],
  ])('parseTaxRate("%s") = %s', (text, expected) => {
    expect(parseTaxRate(text)).toBe(expected);
  });

  it.each([
    ['0.1234567', 'more than 6 decimals would be rounded'],
    ['1', 'a fraction below 1'],
    ['7.25', 'a percentage is not a fraction'],
    ['-0.05', 'negative'],
    ['8%', 'not a decimal'],
    ['', 'empty'],
  ])('parseTaxRate("%s") is validation_failed naming the field (%s)', (text) => {
    const error = (() => {
      try {
        parseTaxRate(text, 'rate');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RevbridgeError);
    expect(error).toMatchObject({ code: 'validation_failed', details: { field: 'rate' } });
  });

  it.each<[string, string]>([
    ['US', 'US'],
    ['us-ca', 'US-CA'],
    [' USA-CA ', 'US-CA'],
    ['United States-NY', 'US-NY'],
    ['Germany', 'DE'],
    ['CA-QC', 'CA-QC'],
    ['GB-ENG', 'GB-ENG'],
  ])('parseJurisdiction("%s") = %s', (text, expected) => {
    expect(parseJurisdiction(text)).toBe(expected);
  });

  it.each(['', 'Atlantis', 'US-', '-CA', 'US-CALIFORNIA', 'US-C A', 'XX'])(
    'parseJurisdiction("%s") is validation_failed on jurisdiction',
    (text) => {
      expect(errorCodeOf(() => parseJurisdiction(text))).toBe('validation_failed');
      try {
        parseJurisdiction(text);
      } catch (e) {
        expect((e as RevbridgeError).details).toMatchObject({ field: 'jurisdiction' });
      }
    },
  );
});
