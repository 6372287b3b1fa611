import { KNOWN_COUNTRIES, normalizeCountry } from './country.ts';
import type { CurrencyCode } from './currency.ts';
import { RevbridgeError, fail } from './errors.ts';
import { decimal, fromMinor, parseRate, toMinor } from './rate.ts';

/**
 * The tax model, deliberately simple for now (the issue asks for "a flat rate per tax jurisdiction");
 * exemptions, compound taxes and tax engines come later.
 */
export const TAX_RULE =
  'a flat rate per tax jurisdiction, applied per invoice line to the line amount, rounded half-up at the ' +
  'minor unit; the rate is the jurisdiction version in force on the invoice date; jurisdiction = country, ' +
  'or country-region when a version is in force for it';

/** Digits after the point a stored rate keeps (tax_rates.rate is numeric(8, 6)). */
export const TAX_RATE_DECIMALS = 6;

/** One version of a jurisdiction's rate: in force from `effectiveFrom` until the next version starts. */
export interface TaxRateVersion {
  jurisdiction: string;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  /** A fraction in [0, 1) as a decimal string: "0.0725" is 7.25 %. */
  rate: string;
}

/**
 * A tax rate as people write it: a fraction in [0, 1) with at most 6 decimals ("0.0725" for 7.25 %).
 * More decimals would be rounded by the store, so they are refused (`validation_failed` naming `field`),
 * as are percentages ("7.25" is 725 %, refused as ≥ 1) and negatives. Returns the canonical text.
 */
export function parseTaxRate(text: string, field = 'rate'): string {
  const trimmed = String(text).trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) {
    fail('validation_failed', `${field} must be a decimal fraction such as "0.0725" (7.25 %), got "${text}".`, {
      field,
      value: text,
    });
  }
  const decimals = trimmed.split('.')[1]?.replace(/0+$/, '').length ?? 0;
  if (decimals > TAX_RATE_DECIMALS) {
    fail(
      'validation_failed',
      `${field} has ${decimals} decimals; revbridge keeps ${TAX_RATE_DECIMALS} ("${text}" would be rounded).`,
      { field, value: text, maxDecimals: TAX_RATE_DECIMALS },
    );
  }
  const rate = decimal(trimmed);
  if (rate.greaterThanOrEqualTo(1)) {
    fail('validation_failed', `${field} is a fraction below 1 ("0.0725" for 7.25 %), got "${text}".`, {
      field,
      value: text,
    });
  }
  return rate.toFixed();
}

/**
 * A tax jurisdiction as stored: an ISO 3166-1 alpha-2 country ("US"), or country, dash and an ISO 3166-2
 * subdivision of 1–3 letters or digits ("US-CA"). The country may be written any way `normalizeCountry`
 * accepts ("usa-ca", "Germany"); anything else is `validation_failed` naming `field`.
 */
export function parseJurisdiction(text: string, field = 'jurisdiction'): string {
  const trimmed = String(text ?? '').trim();
  const dash = trimmed.lastIndexOf('-');
  const countryPart = dash < 0 ? trimmed : trimmed.slice(0, dash);
  const regionPart = dash < 0 ? null : trimmed.slice(dash + 1).toUpperCase();
  const refuse = (): never =>
    fail(
      'validation_failed',
      `${field} must be an ISO country code ("US") or country and region ("US-CA"), got "${text}".`,
      { field, value: text },
    );
  if (regionPart !== null && !/^[A-Z0-9]{1,3}$/.test(regionPart)) refuse();
  let country: string;
  try {
    country = normalizeCountry(countryPart);
  } catch (error) {
    if (error instanceof RevbridgeError) refuse();
    throw error;
  }
  if (!KNOWN_COUNTRIES.has(country)) refuse();
  return regionPart === null ? country : `${country}-${regionPart}`;
}

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
 * The version of one rate in force on `date`: the latest whose `effectiveFrom` is on or before it, or
 * null when every version starts later. Versions may come in any order.
 */
export function versionInForce<V extends { effectiveFrom: string }>(versions: readonly V[], date: string): V | null {
  let best: V | null = null;
  for (const v of versions) {
    if (v.effectiveFrom <= date && (best === null || v.effectiveFrom > best.effectiveFrom)) best = v;
  }
  return best;
}

/** How a tax account's line is taxed on a date; `untaxed` says why the rate is 0 when nothing applies. */
export interface TaxChoice {
  jurisdiction: string | null;
  rate: string;
  untaxed: 'no_country' | 'no_rate' | null;
}

/**
 * The rate for a tax account's address on `date` (the invoice date): among the jurisdictions with a version
 * in force that day, `jurisdictionOf` picks country-region or country, and its version's rate applies.
 * No country: untaxed `no_country`; no version in force for the country either: untaxed `no_rate` (rate 0,
 * jurisdiction = the country). A version with rate 0 is a deliberate 0, not untaxed.
 */
export function taxRateOn(
  country: string | null,
  region: string | null,
  versions: readonly TaxRateVersion[],
  date: string,
): TaxChoice {
  const byJurisdiction = new Map<string, TaxRateVersion[]>();
  for (const v of versions) byJurisdiction.set(v.jurisdiction, [...(byJurisdiction.get(v.jurisdiction) ?? []), v]);
  const inForce = new Map<string, string>();
  for (const [jurisdiction, list] of byJurisdiction) {
    const v = versionInForce(list, date);
    if (v) inForce.set(jurisdiction, v.rate);
  }
  const jurisdiction = jurisdictionOf(country, region, new Set(inForce.keys()));
  if (jurisdiction === null) return { jurisdiction: null, rate: '0', untaxed: 'no_country' };
  const rate = inForce.get(jurisdiction);
  return rate === undefined ? { jurisdiction, rate: '0', untaxed: 'no_rate' } : { jurisdiction, rate, untaxed: null };
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
