import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { findAccount } from './accounts.repo.ts';
import type { AccountDetail } from './accounts.views.ts';
import { loadAccountDetail } from './hierarchy-rules.ts';

export interface GetAccountInput {
  idOrNumber: string;
}

/** One account with the settings it inherits: a child uses its parent's settings unless it sets its own. */
export async function getAccount(ctx: AppContext, input: GetAccountInput): Promise<AccountDetail> {
  const row = await findAccount(ctx.db, input.idOrNumber);
  if (!row) fail('account_not_found', `No billing account has id or number "${input.idOrNumber}".`);
  return loadAccountDetail(ctx.db, row);
}
