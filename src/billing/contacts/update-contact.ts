import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import type { Db } from '../../store/db.ts';
import { type ContactInput, parseContactInput } from './create-contact.ts';
import { findContact, updateContactRow } from './contacts.repo.ts';
import { type ContactView, toContactView } from './contacts.views.ts';

export interface UpdateContactInput extends ContactInput {
  contactId: string;
}

/** Changes a contact's name, email or phone (the same checks as `createContact`). */
export async function updateContact(ctx: AppContext, input: UpdateContactInput): Promise<ContactView> {
  return ctx.db.transaction().execute((trx) => updateContactWithin(trx, ctx, input));
}

/** `updateContact` inside a transaction the caller owns. */
export async function updateContactWithin(trx: Db, ctx: AppContext, input: UpdateContactInput): Promise<ContactView> {
  const found = await findContact(trx, input.contactId);
  if (!found) fail('contact_not_found', `No contact has id "${input.contactId}".`);
  const row = await updateContactRow(trx, found.id, { ...parseContactInput(input), updated_at: ctx.clock.now() });
  return toContactView(row);
}
