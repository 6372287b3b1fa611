import { type BillingCycle, type BillingPeriod, CYCLE_MONTHS, daysInclusive } from './billing-period.ts';
import type { CurrencyCode } from './currency.ts';
import { fail } from './errors.ts';
import { decimal, fromMinor, parseRate, toMinor } from './rate.ts';

/**
 * How a recurring charge is cut when a product starts or ends inside a billing period. Calendar days,
 * not 30-day months, so that the days of a month always add up to exactly one full charge.
 */
export const PRORATION_RULE =
  'calendar-day proration: price × quantity × (days the product is active within the period) / ' +
  '(days in the period), both ends of each range counted; a product active the whole period pays the ' +
  'full price; rounded once per line, half-up at the currency minor unit';

/** The share of a period that is billed, as an exact fraction of calendar days (not reduced). */
export interface ProrationFactor {
  numerator: number;
  denominator: number;
}

/**
 * Days the product is active within `period` over days in `period`. `activeEnd` null means the product
 * runs on; a product that starts after the period or ended before it gets 0.
 */
export function prorationFactor(period: BillingPeriod, activeStart: string, activeEnd: string | null): ProrationFactor {
  const denominator = daysInclusive(period.start, period.end);
  if (activeEnd !== null) daysInclusive(activeStart, activeEnd);
  const from = activeStart > period.start ? activeStart : period.start;
  const to = activeEnd !== null && activeEnd < period.end ? activeEnd : period.end;
  return { numerator: from > to ? 0 : daysInclusive(from, to), denominator };
}

/**
 * The prorated amount of one line: `priceMinor` per unit × `quantity` × factor, in minor units.
 * Multiplies first and divides last, so the one rounding sees the exact quotient.
 */
export function prorate(priceMinor: bigint, quantity: string, factor: ProrationFactor, currency: CurrencyCode): bigint {
  const qty = decimal(parseRate(quantity));
  if (qty.isNegative()) fail('negative_quantity', `The quantity ${quantity} is negative.`, { quantity });
  if (!Number.isInteger(factor.numerator) || !Number.isInteger(factor.denominator) || factor.denominator <= 0) {
    throw new RangeError(`not a proration factor: ${factor.numerator}/${factor.denominator}`);
  }
  const price = fromMinor({ minor: priceMinor, currency });
  return toMinor(price.times(qty).times(factor.numerator).dividedBy(factor.denominator), currency);
}

/**
 * A recurring price is per period of the package's billing frequency (an annual package costs its price
 * per year). An account billed on another cycle pays the share of that price its cycle covers: an annual
 * 1,200.00 on a monthly account is 100.00 a month, a monthly 100.00 on a quarterly account 300.00 a
 * quarter. The share combines with proration into one factor, so a line is still rounded once.
 */
export function cycleShareFactor(
  proration: ProrationFactor,
  packageFrequency: BillingCycle,
  accountCycle: BillingCycle,
): ProrationFactor {
  return {
    numerator: proration.numerator * CYCLE_MONTHS[accountCycle],
    denominator: proration.denominator * CYCLE_MONTHS[packageFrequency],
  };
}
