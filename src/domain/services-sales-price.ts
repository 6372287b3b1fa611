import type { CurrencyCode } from './currency.ts';
import { type Money, money } from './money.ts';
import { type DecimalText, decimal, fromMinor, toMinor } from './rate.ts';

/**
 * Seeds 000/002: each service of an opportunity product is priced on its own, and the services' sum sets
 * the line's sales price. Usage and overage are rates per unit consumed, not amounts, and stay out of the
 * sum, as do state-based prices (which price depends on the account's state). Each service's amount is
 * rounded once, half up at the minor unit, and the rounded amounts are added.
 */
export const SERVICES_SALES_PRICE_RULE =
  'sales price = Σ over the services of quantity × (recurring + one-time), each rounded half up at the minor unit';

export interface PricedService {
  quantity: DecimalText;
  recurring: Money | null;
  oneTime: Money | null;
}

/** A line's unit sales price from its services (a product's list price: its services at quantity 1). */
export function servicesSalesPrice(services: readonly PricedService[], currency: CurrencyCode): Money {
  let total = 0n;
  for (const s of services) {
    const each = decimal(0)
      .plus(s.recurring ? fromMinor(s.recurring) : 0)
      .plus(s.oneTime ? fromMinor(s.oneTime) : 0);
    total += toMinor(each.times(decimal(s.quantity)), currency);
  }
  return money(total, currency);
}
