import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../../store/db.ts';
import type { ContactsTable } from '../../store/schema.ts';
import { isId } from '../input/id-input.ts';

export type ContactRow = Selectable<ContactsTable>;
export type AccountContactRow = ContactRow & { account_id: bigint; roles: string[]; is_primary: boolean };

export async function findContact(db: Db, id: string): Promise<ContactRow | undefined> {
  if (!isId(id)) return undefined;
  return db.selectFrom('contacts').selectAll().where('id', '=', BigInt(id)).executeTakeFirst();
}

export async function insertContact(db: Db, values: Insertable<ContactsTable>): Promise<ContactRow> {
  return db.insertInto('contacts').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateContactRow(db: Db, id: bigint, values: Updateable<ContactsTable>): Promise<ContactRow> {
  return db.updateTable('contacts').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Links a contact to an account, or replaces the roles of an existing link. */
export async function upsertAccountContact(
  db: Db,
  link: { account_id: bigint; contact_id: bigint; roles: string[]; is_primary: boolean },
): Promise<void> {
  await db
    .insertInto('account_contacts')
    .values(link)
    .onConflict((oc) =>
      oc.columns(['account_id', 'contact_id']).doUpdateSet({ roles: link.roles, is_primary: link.is_primary }),
    )
    .execute();
}

/** An account has one primary contact: making one primary demotes the others. */
export async function clearPrimary(db: Db, accountId: bigint, exceptContactId: bigint): Promise<void> {
  await db
    .updateTable('account_contacts')
    .set({ is_primary: false })
    .where('account_id', '=', accountId)
    .where('contact_id', '!=', exceptContactId)
    .where('is_primary', '=', true)
    .execute();
}

export async function deleteAccountContact(db: Db, accountId: bigint, contactId: bigint): Promise<boolean> {
  const result = await db
    .deleteFrom('account_contacts')
    .where('account_id', '=', accountId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listContactsOfAccount(db: Db, accountId: bigint): Promise<AccountContactRow[]> {
  return db
    .selectFrom('account_contacts')
    .innerJoin('contacts', 'contacts.id', 'account_contacts.contact_id')
    .selectAll('contacts')
    .select(['account_contacts.account_id', 'account_contacts.roles', 'account_contacts.is_primary'])
    .where('account_contacts.account_id', '=', accountId)
    .orderBy('account_contacts.is_primary', 'desc')
    .orderBy('contacts.last_name')
    .orderBy('contacts.id')
    .execute();
}

/** The accounts each contact is linked to (a shared contact has several). */
export async function listAccountIdsOfContacts(db: Db, contactIds: bigint[]): Promise<Map<bigint, bigint[]>> {
  const map = new Map<bigint, bigint[]>();
  if (contactIds.length === 0) return map;
  const rows = await db
    .selectFrom('account_contacts')
    .select(['contact_id', 'account_id'])
    .where('contact_id', 'in', contactIds)
    .orderBy('account_id')
    .execute();
  for (const row of rows) map.set(row.contact_id, [...(map.get(row.contact_id) ?? []), row.account_id]);
  return map;
}
