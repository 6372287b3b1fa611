import { isIsoDate } from './billing-period.ts';
import type { CurrencyCode } from './currency.ts';
import { fail } from './errors.ts';
import { parseMoney } from './money.ts';

/** One version of a service's prices: list prices (catalog) and account price plans share the shape. */
export interface PriceVersion {
  effectiveFrom: string;
  /** Last day the version applies (inclusive); null or absent means open-ended. */
  effectiveTo?: string | null;
  recurringMinor: bigint | null;
  oneTimeMinor: bigint | null;
  usageRate: string | null;
  includedQuantity: string | null;
  overageRate: string | null;
  /** Price by service state, e.g. `{ active: "10.00", suspended: "2.00" }` in major units. */
  statePrices: Record<string, string> | null;
}

/** A negotiated price from an account price plan (e.g. recorded from a Closed-Won opportunity). */
export type PlanVersion = PriceVersion;

export interface ResolvedPrice {
  source: 'price_plan' | 'list';
  price: PriceVersion;
}

const PRICE_FIELDS = [
  'recurringMinor',
  'oneTimeMinor',
  'usageRate',
  'includedQuantity',
  'overageRate',
  'statePrices',
] as const satisfies ReadonlyArray<keyof PriceVersion>;

/**
 * Seeds: reps negotiate usage rates and overage per service, and the account price plan must be honoured.
 * Usage beyond the included quantity is charged at, in order: the plan's overage rate, the plan's usage
 * rate, the list overage rate, the list usage rate. The billing run's SQL applies the same order
 * (usage-charges.repo.ts).
 */
export const NEGOTIATED_RATES_RULE =
  'usage beyond the included quantity: plan overage rate, else plan usage rate, else list overage rate, else list usage rate';

/**
 * The price that applies to an order or charge on date `on`. The seeds make account price plans the
 * negotiated price "honored when future purchases/orders are made", so a plan effective on the date wins
 * over the list price. Among versions, the latest `effectiveFrom` on or before the date wins (a price
 * change adds a version and never rewrites an issued invoice).
 *
 * A plan field left null was not negotiated and falls back to the list price of that date: a deal that
 * only discounts the recurring price must not make the usage free. With no plan and no list price the
 * service cannot be billed: `price_not_defined`.
 */
export function resolvePrice(listPrices: PriceVersion[], plans: PlanVersion[], on: string): ResolvedPrice {
  if (!isIsoDate(on)) fail('validation_failed', `"${on}" is not a calendar date written as YYYY-MM-DD.`, { on });
  const list = versionOn(listPrices, on);
  const plan = versionOn(plans, on);
  if (plan) {
    const price = { ...plan };
    for (const field of PRICE_FIELDS) {
      // NEGOTIATED_RATES_RULE: a plan that negotiates the usage rate takes no overage rate from the list,
      // so a list overage rate never beats a negotiated usage rate.
      if (field === 'overageRate' && plan.usageRate !== null) continue;
      if (price[field] === null && list) Object.assign(price, { [field]: list[field] });
    }
    return { source: 'price_plan', price };
  }
  if (!list) fail('price_not_defined', `The service has no list price effective on ${on}.`, { on });
  return { source: 'list', price: list };
}

function versionOn(versions: PriceVersion[], on: string): PriceVersion | undefined {
  const effective = versions.filter((v) => v.effectiveFrom <= on && (v.effectiveTo == null || v.effectiveTo >= on));
  const latest = effective.reduce<PriceVersion | undefined>(
    (a, v) => (!a || v.effectiveFrom > a.effectiveFrom ? v : a),
    undefined,
  );
  if (latest && effective.filter((v) => v.effectiveFrom === latest.effectiveFrom).length > 1) {
    // The store keeps one version per start date; two here is a bug, not a choice to make silently.
    throw new Error(`two price versions start on ${latest.effectiveFrom}`);
  }
  return latest;
}

/**
 * The price for a service priced by state (e.g. active/suspended): the state's amount in minor units.
 * A state without a price is `price_not_defined`, never a silent zero.
 */
export function stateBasedPriceMinor(
  statePrices: Record<string, string> | null,
  state: string,
  currency: CurrencyCode,
): bigint {
  const text = statePrices && Object.hasOwn(statePrices, state) ? statePrices[state] : undefined;
  if (text === undefined) fail('price_not_defined', `The service has no price for state "${state}".`, { state });
  return parseMoney(text, currency).minor;
}
