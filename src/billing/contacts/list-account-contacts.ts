import type { AppContext } from '../../app-context.ts';
import { listAccountIdsOfContacts, listContactsOfAccount } from './contacts.repo.ts';
import { type AccountContactView, toAccountContactView } from './contacts.views.ts';
import { requireAccount } from '../accounts/require-account.ts';

export interface ListAccountContactsInput {
  accountId: string;
}

/** An account's contacts, primary first, each with every account it is linked to. */
export async function listAccountContacts(
  ctx: AppContext,
  input: ListAccountContactsInput,
): Promise<AccountContactView[]> {
  const account = await requireAccount(ctx.db, input.accountId);
  const rows = await listContactsOfAccount(ctx.db, account.id);
  const accountIds = await listAccountIdsOfContacts(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toAccountContactView(row, accountIds.get(row.id) ?? []));
}
