import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { findAccount } from '../accounts/accounts.repo.ts';
import { listAccountIdsOfContacts, listContactsOfAccount } from './contacts.repo.ts';
import { type AccountContactView, toAccountContactView } from './contacts.views.ts';

export interface ListAccountContactsInput {
  accountId: string;
}

/** An account's contacts, primary first, each with every account it is linked to. */
export async function listAccountContacts(
  ctx: AppContext,
  input: ListAccountContactsInput,
): Promise<AccountContactView[]> {
  const account = await findAccount(ctx.db, input.accountId);
  if (!account) fail('account_not_found', `No billing account has id or number "${input.accountId}".`);
  const rows = await listContactsOfAccount(ctx.db, account.id);
  const accountIds = await listAccountIdsOfContacts(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toAccountContactView(row, accountIds.get(row.id) ?? []));
}
