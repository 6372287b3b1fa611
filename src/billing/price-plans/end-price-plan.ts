import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { assertPeriod, parseDate } from '../input/date-input.ts';
import { addDays } from '../../domain/billing-period.ts';
import { markForRerate } from '../products/dated-changes.repo.ts';
import { findPricePlan, listPricePlanRows, setPricePlanEnd } from './price-plans.repo.ts';
import { type PricePlanView, toPricePlanView } from './price-plans.views.ts';

export interface EndPricePlanInput {
  pricePlanId: string;
  /** Last day the negotiated prices apply; from the next day the list price does again. */
  effectiveTo: string;
}

/** Ends a price plan on a date (e.g. when the contract ends). The plan stays for the periods it covered. */
export async function endPricePlan(ctx: AppContext, input: EndPricePlanInput): Promise<PricePlanView> {
  const effectiveTo = parseDate(input.effectiveTo, 'effectiveTo');
  return ctx.db.transaction().execute(async (trx) => {
    const plan = await findPricePlan(trx, input.pricePlanId);
    if (!plan) fail('price_plan_not_found', `No account price plan has id "${input.pricePlanId}".`);
    assertPeriod(plan.effective_from, effectiveTo);
    const row = await setPricePlanEnd(trx, plan.id, effectiveTo);
    const changedFrom = plan.effective_to !== null && plan.effective_to < effectiveTo ? plan.effective_to : effectiveTo;
    await markForRerate(trx, { accountId: row.account_id, serviceId: row.service_id }, addDays(changedFrom, 1));
    const listed = await listPricePlanRows(trx, { accountId: row.account_id, serviceIds: [row.service_id] });
    return toPricePlanView(listed.find((p) => p.id === row.id)!);
  });
}
