import type { AppContext } from '../../app-context.ts';
import type { Db } from '../../store/db.ts';
import { fail } from '../../domain/errors.ts';
import { deleteAccountContact, findContact } from './contacts.repo.ts';
import { requireAccount } from '../accounts/require-account.ts';

export interface UnlinkContactInput {
  accountId: string;
  contactId: string;
}

/** Removes a contact from one account; the contact and its other links stay. */
export async function unlinkContact(ctx: AppContext, input: UnlinkContactInput): Promise<{ unlinked: boolean }> {
  return ctx.db.transaction().execute((trx) => unlinkContactWithin(trx, input));
}

/** `unlinkContact` inside a transaction the caller owns. */
export async function unlinkContactWithin(trx: Db, input: UnlinkContactInput): Promise<{ unlinked: boolean }> {
  const account = await requireAccount(trx, input.accountId);
  const contact = await findContact(trx, input.contactId);
  if (!contact) fail('contact_not_found', `No contact has id "${input.contactId}".`);
  return { unlinked: await deleteAccountContact(trx, account.id, contact.id) };
}
