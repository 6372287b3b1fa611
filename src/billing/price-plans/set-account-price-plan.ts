import type { AppContext } from '../../app-context.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { fail } from '../../domain/errors.ts';
import { requireAccount } from '../accounts/require-account.ts';
import { findPackageById, findService } from '../catalog/catalog.repo.ts';
import { type PriceInput, parsePriceInput } from '../catalog/price-input.ts';
import { parseDate } from '../input/date-input.ts';
import { requireText } from '../input/text-input.ts';
import { assertPackageCurrency } from '../products/assert-package-currency.ts';
import { markForRerate } from '../products/dated-changes.repo.ts';
import { upsertAccountPricePlan, upsertPricePlan, listPricePlanRows } from './price-plans.repo.ts';
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
  if (input.prices.length === 0)
    fail('validation_failed', 'A price plan needs at least one price.', { field: 'prices' });
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
    const ids: bigint[] = [];
    for (const [i, price] of input.prices.entries()) {
      const service = await findService(trx, price.serviceId);
      if (!service)
        fail('service_not_found', `No package service has id "${price.serviceId}".`, { field: `prices[${i}]` });
      const pkg = (await findPackageById(trx, service.package_id))!;
      assertPackageCurrency(pkg, account);
      const effectiveFrom = parseDate(price.effectiveFrom, `prices[${i}].effectiveFrom`);
      const values = parsePriceInput(price, service.kind, account.currency as CurrencyCode, { partial: true });
      const row = await upsertPricePlan(trx, {
        account_id: account.id,
        service_id: service.id,
        effective_from: effectiveFrom,
        effective_to: null,
        source,
        plan_id: plan.id,
        ...values,
      });
      await markForRerate(trx, { accountId: account.id, serviceId: service.id }, effectiveFrom);
      ids.push(row.id);
    }
    const rows = await listPricePlanRows(trx, { accountId: account.id });
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
