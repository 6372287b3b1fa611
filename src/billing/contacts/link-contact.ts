import type { AppContext } from '../../app-context.ts';
import type { Db } from '../../store/db.ts';
import { fail } from '../../domain/errors.ts';
import {
  clearPrimary,
  findContact,
  listAccountIdsOfContacts,
  listContactsOfAccount,
  upsertAccountContact,
} from './contacts.repo.ts';
import { type AccountContactView, parseRoles, toAccountContactView } from './contacts.views.ts';
import { requireAccount } from '../accounts/require-account.ts';

export interface LinkContactInput {
  /** Account id or number. */
  accountId: string;
  contactId: string;
  roles?: string[];
  isPrimary?: boolean;
}

/**
 * Links a contact to an account with its roles. One contact may be linked to several accounts (a shared
 * contact, seed 000); linking again replaces the roles. A primary contact demotes the account's previous one.
 */
export async function linkContact(ctx: AppContext, input: LinkContactInput): Promise<AccountContactView> {
  return ctx.db.transaction().execute((trx) => linkContactWithin(trx, input));
}

/** `linkContact` inside a transaction the caller owns. */
export async function linkContactWithin(trx: Db, input: LinkContactInput): Promise<AccountContactView> {
  const roles = parseRoles(input.roles);
  const account = await requireAccount(trx, input.accountId);
  const contact = await findContact(trx, input.contactId);
  if (!contact) fail('contact_not_found', `No contact has id "${input.contactId}".`);
  const isPrimary = input.isPrimary ?? false;
  if (isPrimary) await clearPrimary(trx, account.id, contact.id);
  await upsertAccountContact(trx, { account_id: account.id, contact_id: contact.id, roles, is_primary: isPrimary });
  const linked = (await listContactsOfAccount(trx, account.id)).find((c) => c.id === contact.id)!;
  const accountIds = await listAccountIdsOfContacts(trx, [contact.id]);
  return toAccountContactView(linked, accountIds.get(contact.id) ?? []);
}
