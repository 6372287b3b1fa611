import type { AppContext } from '../../app-context.ts';
import type { AccountDetail } from './accounts.views.ts';
import { loadAccountDetail } from './hierarchy-rules.ts';
import { requireAccount } from './require-account.ts';

export interface GetAccountInput {
  idOrNumber: string;
}

/** One account with the settings it inherits: a child uses its parent's settings unless it sets its own. */
export async function getAccount(ctx: AppContext, input: GetAccountInput): Promise<AccountDetail> {
  const row = await requireAccount(ctx.db, input.idOrNumber);
  return loadAccountDetail(ctx.db, row);
}
