import type { AppContext } from '../../app-context.ts';
import type { Db } from '../../store/db.ts';
import { updateAccountRow } from './accounts.repo.ts';
import type { AccountDetail } from './accounts.views.ts';
import { loadAccountDetail } from './hierarchy-rules.ts';
import { requireAccount } from './require-account.ts';

export interface MarkAccountSyncedInput {
  idOrNumber: string;
  /** When the sync happened; the clock's now when absent. */
  at?: Date;
}

/**
 * Records that the account reached Salesforce. From then on its currency is locked and it can only
 * move within its hierarchy (seed 001). Called by the account sync after a successful push.
 */
export async function markAccountSynced(ctx: AppContext, input: MarkAccountSyncedInput): Promise<AccountDetail> {
  return ctx.db.transaction().execute((trx) => markAccountSyncedWithin(trx, ctx, input));
}

/** `markAccountSynced` inside a transaction the caller owns (the sync's, beside its link). */
export async function markAccountSyncedWithin(
  trx: Db,
  ctx: AppContext,
  input: MarkAccountSyncedInput,
): Promise<AccountDetail> {
  const found = await requireAccount(trx, input.idOrNumber);
  const row = await updateAccountRow(trx, found.id, { synced_at: input.at ?? ctx.clock.now() });
  return loadAccountDetail(trx, row);
}
