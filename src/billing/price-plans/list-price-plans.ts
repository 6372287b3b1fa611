import type { AppContext } from '../../app-context.ts';
import { parseDate } from '../input/date-input.ts';
import { listPricePlanRows } from './price-plans.repo.ts';
import { type PricePlanView, toPricePlanView } from './price-plans.views.ts';
import { requireAccount } from '../accounts/require-account.ts';

export interface ListPricePlansInput {
  /** Account id or number. */
  accountId: string;
  /** Only the plans in force on this date. */
  on?: string;
}

/** An account's negotiated prices, by package and service, oldest first. */
export async function listPricePlans(ctx: AppContext, input: ListPricePlansInput): Promise<PricePlanView[]> {
  const on = input.on === undefined ? undefined : parseDate(input.on, 'on');
  const account = await requireAccount(ctx.db, input.accountId);
  return (await listPricePlanRows(ctx.db, { accountId: account.id, on })).map(toPricePlanView);
}
