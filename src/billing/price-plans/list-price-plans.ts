import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { findAccount } from '../accounts/accounts.repo.ts';
import { parseDate } from '../catalog/input.ts';
import { listPricePlanRows } from './price-plans.repo.ts';
import { type PricePlanView, toPricePlanView } from './price-plans.views.ts';

export interface ListPricePlansInput {
  /** Account id or number. */
  accountId: string;
  /** Only the plans in force on this date. */
  on?: string;
}

/** An account's negotiated prices, by package and service, oldest first. */
export async function listPricePlans(ctx: AppContext, input: ListPricePlansInput): Promise<PricePlanView[]> {
  const on = input.on === undefined ? undefined : parseDate(input.on, 'on');
  const account = await findAccount(ctx.db, input.accountId);
  if (!account) fail('account_not_found', `No billing account has id or number "${input.accountId}".`);
  return (await listPricePlanRows(ctx.db, { accountId: account.id, on })).map(toPricePlanView);
}
