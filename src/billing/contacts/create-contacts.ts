import type { AppContext } from '../../app-context.ts';
import type { Db } from '../../store/db.ts';
import { reserveIds } from '../../store/reserve-ids.ts';
import { type ContactInput, parseContactInput } from './create-contact.ts';
import { parseRoles } from './contacts.views.ts';

/** A new contact and the accounts it serves (billing ids of accounts that exist), with its roles on each. */
export interface NewContact {
  contact: ContactInput;
  accounts: Array<{ accountId: bigint; roles: string[] }>;
}

export interface CheckedContact {
  columns: ReturnType<typeof parseContactInput>;
  accounts: Array<{ accountId: bigint; roles: string[] }>;
}

/** The checks of `createContact` and `linkContact` for one new contact; throws the coded refusal. */
export function checkNewContact(input: NewContact): CheckedContact {
  return {
    columns: parseContactInput(input.contact),
    accounts: input.accounts.map((a) => ({ accountId: a.accountId, roles: parseRoles(a.roles) })),
  };
}

/**
 * Checked contacts and their account links in two statements, for the sync's loads of thousands (one
 * `createContact` and a `linkContact` per account would be several statements each). New contacts are
 * nobody's primary contact. Returns the new ids in input order.
 */
export async function insertContactsWithin(trx: Db, ctx: AppContext, contacts: CheckedContact[]): Promise<bigint[]> {
  if (contacts.length === 0) return [];
  const ids = await reserveIds(trx, 'contacts', contacts.length);
  const now = ctx.clock.now();
  await trx
    .insertInto('contacts')
    .values(contacts.map((c, i) => ({ id: ids[i], ...c.columns, created_at: now, updated_at: now })))
    .execute();
  const links = contacts.flatMap((c, i) =>
    c.accounts.map((a) => ({ account_id: a.accountId, contact_id: ids[i], roles: a.roles, is_primary: false })),
  );
  if (links.length > 0) await trx.insertInto('account_contacts').values(links).execute();
  return ids;
}
