import type { CurrencyCode } from './currency.ts';
import { fail } from './errors.ts';
import { decimal, parseRate, toMinor } from './rate.ts';

export interface UsageToRate {
  /** Units used in the period, a decimal string. */
  quantity: string;
  /** Units the price includes at no charge; null means none. */
  includedQuantity: string | null;
  /** Per-unit usage rate (major units), a decimal string. */
  rate: string | null;
  /** Per-unit rate beyond the included quantity (major units), a decimal string. */
  overageRate: string | null;
  currency: CurrencyCode;
}

export interface RatedUsage {
  billableQuantity: string;
  unitPrice: string;
  amountMinor: bigint;
}

/**
 * The usage rating rule from the seeds: the included quantity is consumed first and costs nothing; the
 * rest is charged at the overage rate. A price without an overage rate charges its usage rate for the
 * units beyond the included ones; a price with neither charges nothing. Exact decimals throughout,
 * one half-up rounding at the currency's minor unit.
 */
export function rateUsage(usage: UsageToRate): RatedUsage {
  const quantity = nonNegative(usage.quantity, 'quantity');
  const included =
    usage.includedQuantity === null ? decimal(0) : nonNegative(usage.includedQuantity, 'included quantity');
  const billable = quantity.greaterThan(included) ? quantity.minus(included) : decimal(0);
  const unitPrice = decimal(parseRate(usage.overageRate ?? usage.rate ?? '0'));
  return {
    billableQuantity: billable.toFixed(),
    unitPrice: unitPrice.toFixed(),
    amountMinor: toMinor(billable.times(unitPrice), usage.currency),
  };
}

function nonNegative(text: string, what: string) {
  const value = decimal(parseRate(text));
  if (value.isNegative()) fail('negative_quantity', `The ${what} ${text} is negative.`, { value: text });
  return value;
}
