import type { AppContext } from '../../app-context.ts';
import { sql } from 'kysely';
import type { Db } from '../../store/db.ts';
import { reserveIds } from '../../store/reserve-ids.ts';
import { type ContactInput, parseContactInput } from './create-contact.ts';
import { parseRoles } from './contacts.views.ts';
import { pgArray } from '../../store/pg-array.ts';

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
  const now = ctx.clock.now().toISOString();
  // One array parameter per column (`unnest`): thousands of rows, a handful of parameters.
  await sql`
    INSERT INTO contacts (id, first_name, last_name, email, phone, created_at, updated_at)
    SELECT *, ${now}::timestamptz, ${now}::timestamptz FROM unnest(
      ${pgArray(ids.map(String))}::bigint[],
      ${pgArray(contacts.map((c) => c.columns.first_name))}::text[],
      ${pgArray(contacts.map((c) => c.columns.last_name))}::text[],
      ${pgArray(contacts.map((c) => c.columns.email))}::text[],
      ${pgArray(contacts.map((c) => c.columns.phone))}::text[]
    )`.execute(trx);
  const links = contacts.flatMap((c, i) =>
    c.accounts.map((a) => ({ accountId: a.accountId, contactId: ids[i], roles: a.roles })),
  );
  if (links.length === 0) return ids;
  // Roles travel as one JSON document: PostgreSQL arrays cannot nest arrays of different lengths.
  await sql`
    INSERT INTO account_contacts (account_id, contact_id, roles, is_primary)
    SELECT l.account_id, l.contact_id, ARRAY(SELECT jsonb_array_elements_text(l.roles)), false
      FROM jsonb_to_recordset(${JSON.stringify(
        links.map((l) => ({ account_id: l.accountId.toString(), contact_id: l.contactId.toString(), roles: l.roles })),
      )}::jsonb) AS l(account_id bigint, contact_id bigint, roles jsonb)`.execute(trx);
  return ids;
}
