import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { isId } from '../catalog/input.ts';
import { findAccount, listAccountRows } from './accounts.repo.ts';
import { type AccountView, toAccountView } from './accounts.views.ts';

export interface ListAccountsInput {
  /** Page size, 1–500 (default 50). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
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
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    fail('validation_failed', `limit must be a whole number from 1 to 500, got ${limit}.`, { field: 'limit' });
  }
  if (input.cursor !== undefined && !isId(input.cursor)) {
    fail('validation_failed', `"${input.cursor}" is not a cursor from a previous page.`, { field: 'cursor' });
  }
  let parentId: bigint | undefined;
  if (input.parent !== undefined) {
    const parent = await findAccount(ctx.db, input.parent);
    if (!parent) fail('account_not_found', `No billing account has id or number "${input.parent}".`);
    parentId = parent.id;
  }
  // One row more than asked tells whether another page exists without a count(*).
  const rows = await listAccountRows(ctx.db, {
    limit: limit + 1,
    afterId: input.cursor === undefined ? null : BigInt(input.cursor),
    search: input.search?.trim() || undefined,
    parentId,
    status: input.status,
  });
  const page = rows.slice(0, limit);
  return {
    accounts: page.map(toAccountView),
    nextCursor: rows.length > limit ? page[page.length - 1].id.toString() : null,
  };
}
