import type { AppContext } from '../../app-context.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { fail } from '../../domain/errors.ts';
import { requireAccount } from '../accounts/require-account.ts';
import { findServicesWithPackages } from '../catalog/catalog.repo.ts';
import { type PriceInput, parsePriceInput, type ServiceKind } from '../catalog/price-input.ts';
import { parseDate } from '../input/date-input.ts';
import { requireText } from '../input/text-input.ts';
import { assertPackageCurrency } from '../products/assert-package-currency.ts';
import { markForRerateMany } from '../products/dated-changes.repo.ts';
import type { Db } from '../../store/db.ts';
import { listPricePlanRows, upsertAccountPricePlan, upsertPricePlans } from './price-plans.repo.ts';
import { type PricePlanView, toPricePlanView } from './price-plans.views.ts';

export interface AccountPricePlanInput {
  /** Account id or number. */
  accountId: string;
  name: string;
  /** Where the plan comes from, unique, e.g. `opportunity:0065g00000AbCdEAAV`: the same source updates the same plan. */
  source: string;
  /** The negotiated prices, each of one service from a start date (the kind's prices, as list prices take them). */
  prices: (PriceInput & { serviceId: string; effectiveFrom: string })[];
}

export interface AccountPricePlanView {
  id: string;
  accountId: string;
  accountNumber: string;
  name: string;
  source: string;
  /** The prices the plan set now (not the earlier versions it keeps). */
  prices: PricePlanView[];
}

/**
 * Seeds 000–002: records an account price plan, the negotiated prices of a Closed-Won opportunity that
 * later orders of those services are billed at instead of the list price. All or nothing, in one
 * transaction: every price is checked (service, currency, the kind's prices, exact amounts) before the
 * plan counts. A plan from the same source is the same plan: a price from the same start date replaces
 * the one it had, a price from a new start date is a new version beside the earlier ones (effective-dated),
 * never a second plan. Products already billed from that date are re-rated by the next run.
 */
export async function setAccountPricePlan(
  ctx: AppContext,
  input: AccountPricePlanInput,
): Promise<AccountPricePlanView> {
  const name = requireText(input.name, 'name', 255);
  const source = requireText(input.source, 'source', 255);
  return ctx.db.transaction().execute(async (trx) => {
    const account = await requireAccount(trx, input.accountId);
    const plan = await upsertAccountPricePlan(trx, { account_id: account.id, name, source, at: ctx.clock.now() });
    if (plan.account_id !== account.id) {
      fail(
        'price_plan_account_changed',
        `The price plan from ${source} is on another billing account (id ${plan.account_id}); it cannot move to ${account.account_number}.`,
        { source, planId: plan.id.toString() },
      );
    }
    // Checked and parsed first, then written in one statement: a bad price leaves the plan as it was.
    const services = await servicesOf(trx, input.prices);
    const values = planPriceValues(input.prices, account, services).map((v) => ({ ...v, source, plan_id: plan.id }));
    const saved = await upsertPricePlans(trx, values);
    // Products of those packages already billed from the earliest day are re-rated by the next run.
    await markForRerateMany(trx, rerateScopes(values, services));
    const ids = saved.map((r) => r.id);
    const rows = await listPricePlanRows(trx, { accountId: account.id, serviceIds: [...services.keys()] });
    return {
      id: plan.id.toString(),
      accountId: account.id.toString(),
      accountNumber: account.account_number,
      name: plan.name,
      source: plan.source,
      prices: rows.filter((r) => ids.includes(r.id)).map(toPricePlanView),
    };
  });
}

type PlanService = Awaited<ReturnType<typeof findServicesWithPackages>>[number];
type PlanPrice = AccountPricePlanInput['prices'][number];

/** The services the prices name, by id (`service_not_found` for an id that is not one). */
export async function servicesOf(db: Db, prices: readonly PlanPrice[]): Promise<Map<bigint, PlanService>> {
  const ids = prices.map((p, i) => {
    if (!/^\d{1,18}$/.test(p.serviceId)) {
      fail('service_not_found', `No package service has id "${p.serviceId}".`, { field: `prices[${i}]` });
    }
    return BigInt(p.serviceId);
  });
  return new Map((await findServicesWithPackages(db, ids)).map((s) => [s.id, s]));
}

/**
 * A plan's prices as rows, checked: each service exists and is priced in the account's currency, each price is
 * one its kind takes and exact, and no service is priced twice from one day.
 */
export function planPriceValues(
  prices: readonly PlanPrice[],
  account: { id: bigint; account_number: string; currency: string },
  services: ReadonlyMap<bigint, PlanService>,
) {
  if (prices.length === 0) fail('validation_failed', 'A price plan needs at least one price.', { field: 'prices' });
  const keys = new Set<string>();
  return prices.map((price, i) => {
    const service = /^\d{1,18}$/.test(price.serviceId) ? services.get(BigInt(price.serviceId)) : undefined;
    if (!service)
      fail('service_not_found', `No package service has id "${price.serviceId}".`, { field: `prices[${i}]` });
    assertPackageCurrency({ code: service.package_code, currency: service.package_currency }, account);
    const effectiveFrom = parseDate(price.effectiveFrom, `prices[${i}].effectiveFrom`);
    const key = `${service.id}@${effectiveFrom}`;
    if (keys.has(key)) {
      fail('validation_failed', `prices[${i}] prices service ${service.code} from ${effectiveFrom} a second time.`, {
        field: `prices[${i}]`,
      });
    }
    keys.add(key);
    return {
      account_id: account.id,
      service_id: service.id,
      effective_from: effectiveFrom,
      effective_to: null,
      ...parsePriceInput(price, service.kind as ServiceKind, account.currency as CurrencyCode, { partial: true }),
    };
  });
}

/** Per account and package, the earliest day a plan's prices start: what the next run re-rates from. */
export function rerateScopes(
  values: readonly { account_id: bigint; service_id: bigint; effective_from: string }[],
  services: ReadonlyMap<bigint, PlanService>,
): { accountId: bigint; packageId: bigint; from: string }[] {
  const earliest = new Map<string, { accountId: bigint; packageId: bigint; from: string }>();
  for (const v of values) {
    const packageId = services.get(v.service_id)!.package_id;
    const key = `${v.account_id}/${packageId}`;
    const known = earliest.get(key);
    if (!known || v.effective_from < known.from)
      earliest.set(key, { accountId: v.account_id, packageId, from: v.effective_from });
  }
  return [...earliest.values()];
}
