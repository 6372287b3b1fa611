import { Decimal } from 'decimal.js';
import { type CurrencyCode, minorUnits } from './currency.ts';
import { fail } from './errors.ts';
import type { Money } from './money.ts';

/**
 * Exact decimal arithmetic for rates and quantities (usage prices like "0.0125", proration factors).
 * Results become money only through `toMinor`, which applies the one rounding rule revbridge uses.
 */
const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export type DecimalText = string;

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** Parses a rate or quantity written as a decimal string; anything else is `malformed_rate`. */
export function parseRate(text: string): DecimalText {
  const trimmed = String(text).trim();
  if (!DECIMAL_TEXT.test(trimmed)) fail('malformed_rate', `"${text}" is not a decimal number.`, { value: text });
  return new D(trimmed).toFixed();
}

export function decimal(value: DecimalText | number | bigint): Decimal {
  return new D(typeof value === 'bigint' ? value.toString() : value);
}

/**
 * The rounding rule for every charge: half up (away from zero) at the currency's minor unit.
 * 0.125 USD → 0.13; −0.125 → −0.13; 0.5 JPY → 1. Each invoice line is rounded once, then lines are summed.
 */
export const ROUNDING_RULE = 'half-up at the currency minor unit, per invoice line';

export function toMinor(amount: Decimal, currency: CurrencyCode): bigint {
  const scaled = amount.times(new D(10).pow(minorUnits(currency)));
  return BigInt(scaled.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0));
}

/**
 * `dividend ÷ divisor` in minor units, rounded by the rule `toMinor` applies (half up, away from zero), computed
 * exactly on integers: a share of an amount in minor units (a month of a term's revenue) needs no decimal at all.
 */
export function roundedQuotient(dividend: bigint, divisor: bigint): bigint {
  if (divisor === 0n) throw new RangeError('roundedQuotient: division by zero');
  const negative = dividend < 0n !== divisor < 0n;
  const n = dividend < 0n ? -dividend : dividend;
  const d = divisor < 0n ? -divisor : divisor;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

/** A major-unit decimal from minor units (for multiplying a price by a quantity or a factor). */
export function fromMinor(amount: Money): Decimal {
  return new D(amount.minor.toString()).dividedBy(new D(10).pow(minorUnits(amount.currency)));
}
