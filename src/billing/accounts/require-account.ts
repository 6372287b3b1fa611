import { fail } from '../../domain/errors.ts';
import type { Db } from '../../store/db.ts';
import { type AccountRow, findAccount } from './accounts.repo.ts';

/** The account with that id or number, or `account_not_found`. */
export async function requireAccount(db: Db, idOrNumber: string): Promise<AccountRow> {
  const account = await findAccount(db, idOrNumber);
  if (!account) fail('account_not_found', `No billing account has id or number "${idOrNumber}".`);
  return account;
}
