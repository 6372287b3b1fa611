import { type BillingCycle, CYCLE_MONTHS, dateParts, daysInclusive, daysInMonth } from './billing-period.ts';
import type { CurrencyCode } from './currency.ts';
import { fail } from './errors.ts';
import { decimal, fromMinor, parseRate, toMinor } from './rate.ts';

/**
 * How a recurring price is spread over time. A price is per period of the package's frequency (a month, a
 * quarter, …); it is spread evenly over that period's months, and each month's share evenly over that
 * month's calendar days. So a range pays price × quantity × (months it covers) / (months per period),
 * where a whole month counts 1 and a part of a month counts its days over the month's days.
 *
 * Why months and not "days of the account's period": the amount of a range must not depend on how the
 * range was cut into invoice lines (catch-up, a cycle change, an end date): a 100.00/month service over
 * January–March is 300.00 whether billed as one quarter, three months, or January plus February–March.
 */
export const PRORATION_RULE =
  'month-day proration: price × quantity × (months covered) / (months per package period), a whole ' +
  'calendar month counting 1 and part of one counting its days over that month’s days; summed exactly ' +
  'over the range, rounded once per line, half-up at the currency minor unit';

/**
 * A month measured in ticks: the least common multiple of 28, 29, 30 and 31, so one day of any month is a
 * whole number of ticks (13,485 / 13,020 / 12,586 / 12,180) and the months a range covers are an exact
 * integer count of ticks. The SQL twin uses the same constant (charges.repo.ts).
 */
export const MONTH_TICKS = 377_580;

/** A share of a price as an exact fraction (not reduced). */
export interface ProrationFactor {
  numerator: number;
  denominator: number;
}

/** Ticks of the month-day measure covered by `start`..`end` (both counted). */
export function monthTicks(start: string, end: string): number {
  // Date arithmetic on numbers, not strings: billing runs and revenue imports call this for every line.
  const from = dateParts(start);
  const to = dateParts(end);
  if (end < start) daysInclusive(start, end); // refuses the range (invalid_period)
  let ticks = 0;
  let { year, month, day } = from;
  while (year < to.year || (year === to.year && month <= to.month)) {
    const days = daysInMonth({ year, month });
    const last = year === to.year && month === to.month ? to.day : days;
    ticks += (last - day + 1) * (MONTH_TICKS / days);
    day = 1;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return ticks;
}

/** The share of one package-frequency price that `start`..`end` pays (PRORATION_RULE). */
export function rangeShare(start: string, end: string, frequency: BillingCycle): ProrationFactor {
  return { numerator: monthTicks(start, end), denominator: MONTH_TICKS * CYCLE_MONTHS[frequency] };
}

/**
 * The prorated amount of one line: `priceMinor` per unit × `quantity` × factor, in minor units.
 * Multiplies first and divides last, so the one rounding sees the exact quotient.
 */
export function prorate(priceMinor: bigint, quantity: string, factor: ProrationFactor, currency: CurrencyCode): bigint {
  return rangeCharge([{ priceMinor, quantity, share: factor }], currency);
}

/** One stretch of a range with constant price and quantity. */
export interface ChargeSegment {
  priceMinor: bigint;
  quantity: string;
  share: ProrationFactor;
}

/**
 * The amount of a charge whose price or quantity changes inside its range: the exact sum over its
 * segments of price × quantity × share, rounded once. Rounding each segment would let a line drift by a
 * cent per change; one rounding keeps every line within half a minor unit of the exact amount.
 */
export function rangeCharge(segments: ChargeSegment[], currency: CurrencyCode): bigint {
  for (const { share } of segments) {
    if (!Number.isInteger(share.numerator) || !Number.isInteger(share.denominator) || share.denominator <= 0) {
      throw new RangeError(`not a proration factor: ${share.numerator}/${share.denominator}`);
    }
  }
  // Over a common denominator, so the sum is exact before its one division.
  const common = segments.reduce((l, { share }) => lcm(l, share.denominator), 1);
  let numerator = decimal(0);
  for (const s of segments) {
    const qty = decimal(parseRate(s.quantity));
    if (qty.isNegative())
      fail('negative_quantity', `The quantity ${s.quantity} is negative.`, { quantity: s.quantity });
    const scaled = s.share.numerator * (common / s.share.denominator);
    numerator = numerator.plus(fromMinor({ minor: s.priceMinor, currency }).times(qty).times(scaled));
  }
  return toMinor(numerator.dividedBy(common), currency);
}

function lcm(a: number, b: number): number {
  let [x, y] = [a, b];
  while (y !== 0) [x, y] = [y, x % y];
  return (a / x) * b;
}
