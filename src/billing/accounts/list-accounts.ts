import type { AppContext } from '../../app-context.ts';
import { keysetPage, type PageRequest, pageWindow } from '../keyset-page.ts';
import { listAccountRows } from './accounts.repo.ts';
import { type AccountView, toAccountView } from './accounts.views.ts';
import { requireAccount } from './require-account.ts';

export interface ListAccountsInput extends PageRequest {
  /** Page size, 1–500 (default 50). */
  limit?: number;
  /** Part of the name or account number, case-insensitive. */
  search?: string;
  /** Only the direct children of this account (id or number). */
  parent?: string;
  status?: 'active' | 'suspended' | 'closed';
}

export interface AccountPage {
  accounts: AccountView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Accounts in id order, a page at a time. */
export async function listAccounts(ctx: AppContext, input: ListAccountsInput = {}): Promise<AccountPage> {
  const window = pageWindow(input, 50, 500);
  let parentId: bigint | undefined;
  if (input.parent !== undefined) {
    const parent = await requireAccount(ctx.db, input.parent);
    parentId = parent.id;
  }
  const rows = await listAccountRows(ctx.db, {
    limit: window.fetch,
    afterId: window.afterId,
    search: input.search?.trim() || undefined,
    parentId,
    status: input.status,
  });
  const { page, nextCursor } = keysetPage(rows, window);
  return { accounts: page.map(toAccountView), nextCursor };
}
