import { normalizeCountry } from './country.ts';
import type { CurrencyCode } from './currency.ts';
import { fail } from './errors.ts';
import { decimal, fromMinor, parseRate, toMinor } from './rate.ts';

/**
 * The tax model, deliberately simple for now (the issue asks for "a flat rate per tax jurisdiction");
 * exemptions, compound taxes and tax engines come later.
 */
export const TAX_RULE =
  'a flat rate per tax jurisdiction, applied per invoice line to the line amount, rounded half-up at the ' +
  'minor unit; jurisdiction = country, or country-region when a rate exists for it';

/**
 * The jurisdiction whose rate applies to an address: `country-region` (e.g. "US-CA") when `known` has a
 * rate for it, else the country ("US"). The country may be written any way `normalizeCountry` accepts.
 * No country means no jurisdiction (null), so the caller charges no tax.
 */
export function jurisdictionOf(country: string | null, region: string | null, known: Set<string>): string | null {
  if (country === null || country.trim() === '') return null;
  const code = normalizeCountry(country);
  const sub = region?.trim().toUpperCase();
  if (sub && known.has(`${code}-${sub}`)) return `${code}-${sub}`;
  return code;
}

/**
 * Tax on one line: `amountMinor` × `rate`, where the rate is a fraction ("0.0825" for 8.25 %), rounded
 * half-up at the minor unit. Credits (negative amounts) get negative tax of the same size.
 */
export function taxMinor(amountMinor: bigint, rate: string, currency: CurrencyCode): bigint {
  const r = decimal(parseRate(rate));
  if (r.isNegative() || r.greaterThan(1)) {
    fail('malformed_rate', `A tax rate is a fraction between 0 and 1 (e.g. "0.0825"), got "${rate}".`, { rate });
  }
  return toMinor(fromMinor({ minor: amountMinor, currency }).times(r), currency);
}
