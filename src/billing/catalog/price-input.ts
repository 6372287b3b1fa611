import type { CurrencyCode } from '../../domain/currency.ts';
import { fail } from '../../domain/errors.ts';
import { formatMoney, type Money, money, parseMoney } from '../../domain/money.ts';
import { decimal } from '../../domain/rate.ts';
import type { PriceVersion } from '../../domain/price-resolution.ts';
import type { PriceColumns } from '../../store/schema.ts';
import { parseQuantity, parseUnitRate } from '../input/decimal-input.ts';
import { parseAmount } from '../input/money-input.ts';

export type ServiceKind = 'recurring' | 'one_time' | 'usage' | 'state_based';
export const SERVICE_KINDS: readonly ServiceKind[] = ['recurring', 'one_time', 'usage', 'state_based'];

/** Prices as people write them: money as decimal strings in the package currency, rates as decimals. */
export interface PriceInput {
  recurring?: string | null;
  oneTime?: string | null;
  usageRate?: string | null;
  includedQuantity?: string | null;
  overageRate?: string | null;
  /** state → amount, e.g. { active: "20.00", suspended: "5.00" } */
  statePrices?: Record<string, string> | null;
  /** The currency the amounts are written in, when the caller states it; it must be the package's. */
  currency?: string | null;
}

/** A set of prices as every reader sees it (list price version or negotiated price plan). */
export interface PriceView {
  recurring: Money | null;
  oneTime: Money | null;
  usageRate: string | null;
  includedQuantity: string | null;
  overageRate: string | null;
  statePrices: Record<string, Money> | null;
}

type PriceRow = { [K in keyof PriceColumns]: unknown };
type PriceValues = {
  recurring_minor: bigint | null;
  one_time_minor: bigint | null;
  usage_rate: string | null;
  included_quantity: string | null;
  overage_rate: string | null;
  state_prices: string | null;
};

/** Which price fields each kind of service takes: a price the billing run would never read is refused. */
const FIELDS_BY_KIND: Record<ServiceKind, { required: keyof PriceInput; allowed: (keyof PriceInput)[] }> = {
  recurring: { required: 'recurring', allowed: ['recurring'] },
  one_time: { required: 'oneTime', allowed: ['oneTime'] },
  usage: { required: 'usageRate', allowed: ['usageRate', 'includedQuantity', 'overageRate'] },
  state_based: { required: 'statePrices', allowed: ['statePrices'] },
};

function nonNegativeMoney(text: string, currency: CurrencyCode, field: string): bigint {
  const amount = parseAmount(text, currency, field);
  if (amount.minor < 0n) fail('malformed_money', `${field} must not be negative, got "${text}".`, { field });
  return amount.minor;
}

/**
 * Checks prices against the service kind and parses them in `currency`. With `partial` (price plans)
 * any of the kind's prices will do; otherwise (list prices) the kind's main price is required. Throws `malformed_money`,
 * `malformed_rate`, `negative_quantity` or `validation_failed` (a field the kind does not take, its price
 * missing, or a value the store cannot keep exactly: see src/billing/input/).
 * State prices are stored as major-unit decimal text in the currency's digits ({"active":"20.00"}),
 * the shape `resolvePrice` and `stateBasedPriceMinor` read.
 */
export function parsePriceInput(
  input: PriceInput,
  kind: ServiceKind,
  currency: CurrencyCode,
  options: { partial?: boolean } = {},
): PriceValues {
  const { required, allowed } = FIELDS_BY_KIND[kind];
  if (input.currency != null && input.currency.trim().toUpperCase() !== currency) {
    fail('currency_mismatch', `Prices here are in ${currency}, not ${input.currency}.`, {
      currency: input.currency,
      expected: currency,
    });
  }
  for (const field of Object.keys(FIELDS_BY_KIND).flatMap((k) => FIELDS_BY_KIND[k as ServiceKind].allowed)) {
    if (input[field] != null && !allowed.includes(field)) {
      fail('validation_failed', `A ${kind} service has no ${field} price.`, { field, kind });
    }
  }
  // A price plan may negotiate only some prices (the rest stay at list price), but at least one.
  if (options.partial ? allowed.every((f) => input[f] == null) : input[required] == null) {
    const wanted = options.partial ? `one of ${allowed.join(', ')}` : required;
    fail('validation_failed', `A ${kind} service needs ${wanted}.`, { field: required });
  }
  let statePrices: string | null = null;
  if (input.statePrices != null) {
    const entries = Object.entries(input.statePrices);
    if (entries.length === 0)
      fail('validation_failed', 'statePrices needs at least one state.', { field: 'statePrices' });
    const parsed: Record<string, string> = {};
    for (const [state, amount] of entries) {
      if (!/^[a-z][a-z0-9_]{0,39}$/.test(state)) {
        fail('validation_failed', `"${state}" is not a state name (lower-case letters, digits, _).`, { state });
      }
      const minor = nonNegativeMoney(amount, currency, `statePrices.${state}`);
      parsed[state] = formatMoney(money(minor, currency));
    }
    statePrices = JSON.stringify(parsed);
  }
  return {
    recurring_minor: input.recurring == null ? null : nonNegativeMoney(input.recurring, currency, 'recurring'),
    one_time_minor: input.oneTime == null ? null : nonNegativeMoney(input.oneTime, currency, 'oneTime'),
    usage_rate: input.usageRate == null ? null : parseUnitRate(input.usageRate, 'usageRate'),
    included_quantity:
      input.includedQuantity == null ? null : parseQuantity(input.includedQuantity, 'includedQuantity'),
    overage_rate: input.overageRate == null ? null : parseUnitRate(input.overageRate, 'overageRate'),
    state_prices: statePrices,
  };
}

function rateText(value: unknown): string | null {
  return value == null ? null : decimal(String(value)).toFixed();
}

/** Reads stored price columns back as money (in `currency`) and canonical decimal strings. */
export function toPriceView(row: PriceRow, currency: CurrencyCode): PriceView {
  const states = row.state_prices as Record<string, string> | null;
  return {
    recurring: row.recurring_minor == null ? null : money(row.recurring_minor as bigint, currency),
    oneTime: row.one_time_minor == null ? null : money(row.one_time_minor as bigint, currency),
    usageRate: rateText(row.usage_rate),
    includedQuantity: rateText(row.included_quantity),
    overageRate: rateText(row.overage_rate),
    statePrices:
      states == null
        ? null
        : Object.fromEntries(
            Object.entries(states)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([s, amount]) => [s, parseMoney(amount, currency)]),
          ),
  };
}

/** Two price sets are the same when every stored column is; used to make re-sending a price harmless. */
export function samePrices(a: PriceView, b: PriceView): boolean {
  const key = (p: PriceView) => JSON.stringify(p, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return key(a) === key(b);
}

/** Stored price columns as the domain's `PriceVersion` (what `resolvePrice` takes). */
export function toPriceVersion(row: PriceRow & { effective_from: string; effective_to?: string | null }): PriceVersion {
  return {
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to ?? null,
    recurringMinor: (row.recurring_minor as bigint | null) ?? null,
    oneTimeMinor: (row.one_time_minor as bigint | null) ?? null,
    usageRate: rateText(row.usage_rate),
    includedQuantity: rateText(row.included_quantity),
    overageRate: rateText(row.overage_rate),
    statePrices: (row.state_prices as Record<string, string> | null) ?? null,
  };
}

/** A resolved `PriceVersion` shown the way every other price is. */
export function priceVersionToView(version: PriceVersion, currency: CurrencyCode): PriceView {
  return toPriceView(
    {
      recurring_minor: version.recurringMinor,
      one_time_minor: version.oneTimeMinor,
      usage_rate: version.usageRate,
      included_quantity: version.includedQuantity,
      overage_rate: version.overageRate,
      state_prices: version.statePrices,
    },
    currency,
  );
}
