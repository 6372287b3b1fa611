import type { CurrencyCode } from './currency.ts';
import { fail } from './errors.ts';
import type { Money } from './money.ts';
import { decimal, fromMinor, toMinor } from './rate.ts';

/**
 * An amount in the org's corporate (tenant) currency: Salesforce's conversion rate is units of `amount`'s
 * currency per one corporate unit (CurrencyType.ConversionRate), so the amount is divided by it and rounded
 * once, half up, at the corporate currency's minor unit. The corporate currency converts at 1.
 */
export function toCorporateCurrency(amount: Money, rate: string | undefined, corporate: CurrencyCode): Money {
  if (amount.currency === corporate) return amount;
  if (rate === undefined || !decimal(rate).greaterThan(0)) {
    fail('revenue_currency_unknown', `The org has no conversion rate for ${amount.currency}.`, {
      currency: amount.currency,
    });
  }
  return { minor: toMinor(fromMinor(amount).dividedBy(decimal(rate)), corporate), currency: corporate };
}
