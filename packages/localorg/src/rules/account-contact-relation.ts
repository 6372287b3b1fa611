import { SfError } from '../errors.ts';
import { systemUpdate } from '../records/system-update.ts';
import type { WriteContext } from '../records/write-context.ts';
import type { SfRecord } from '../store/record-store.ts';
import { isDeleting } from './deleting.ts';
import { liveRow } from './price-lookup.ts';
import type { ObjectRules } from './types.ts';

/**
 * AccountContactRelation ("Contacts to Multiple Accounts"). AccountId and ContactId are create-only
 * (schema); a relation goes when its contact or account is deleted (schema cascade).
 * IsDirect is read-only: true exactly for the contact's primary account (Contact.AccountId).
 */

export function relationBetween(ctx: WriteContext, accountId: unknown, contactId: string): SfRecord | undefined {
  const ids = ctx.org.store.childIds('AccountContactRelation', 'ContactId', contactId);
  for (const id of ids) {
    const rel = ctx.org.store.get('AccountContactRelation', id);
    if (rel?.AccountId === accountId) return rel;
  }
  return undefined;
}

/**
 * One relation per (account, contact): `DUPLICATE_VALUE`. Salesforce reports composite-key
 * duplicates as "duplicate value found: <unknown> duplicates value on record with id: <id>" —
 * APPROXIMATE (recalled for composite keys, not confirmed for this object).
 */
function rejectDuplicateRelation(ctx: WriteContext, row: SfRecord): void {
  const existing = typeof row.ContactId === 'string' ? relationBetween(ctx, row.AccountId, row.ContactId) : undefined;
  if (existing && existing.Id !== row.Id) {
    throw new SfError(
      'DUPLICATE_VALUE',
      `duplicate value found: <unknown> duplicates value on record with id: ${existing.Id}`,
      400,
      [],
    );
  }
}

/**
 * A private contact (no AccountId) cannot be related to accounts until it has a primary account.
 * `FIELD_INTEGRITY_EXCEPTION` with APPROXIMATE wording.
 */
function rejectPrivateContact(contact: SfRecord): void {
  if (typeof contact.AccountId !== 'string') {
    throw new SfError(
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: ContactId (a private contact cannot be related to an account)',
      400,
      ['ContactId'],
    );
  }
}

function prepareRelation(ctx: WriteContext, row: SfRecord): void {
  const contact = liveRow(ctx, 'Contact', row.ContactId);
  if (!contact) return; // the reference check reports it
  rejectPrivateContact(contact);
  rejectDuplicateRelation(ctx, row);
  row.IsDirect = contact.AccountId === row.AccountId;
}

/**
 * The direct relation cannot be deleted on its own: change the contact's primary account or delete
 * the contact (Salesforce's documented way). `INVALID_OPERATION` and its text are APPROXIMATE.
 */
function refuseDirectDelete(ctx: WriteContext, row: SfRecord): void {
  if (row.IsDirect !== true || isDeleting(ctx, row.ContactId) || isDeleting(ctx, row.AccountId)) return;
  throw new SfError(
    'INVALID_OPERATION',
    "Cannot delete the direct relationship between a contact and its primary account. Change the contact's account or delete the contact instead.",
    400,
    [],
  );
}

/**
 * A contact saved with an account gets a direct, active relation; when its account changes the old
 * direct relation stays as an indirect one (Salesforce's default account setting) and the new account
 * becomes direct, reusing an existing indirect relation for that pair. A contact without an account
 * has no relations.
 */
export function followPrimaryAccount(ctx: WriteContext, contact: SfRecord, old?: SfRecord): void {
  if (old && old.AccountId === contact.AccountId) return;
  if (old && typeof old.AccountId === 'string') {
    const previous = relationBetween(ctx, old.AccountId, contact.Id);
    if (previous) systemUpdate(ctx, 'AccountContactRelation', previous.Id, { IsDirect: false });
  }
  if (typeof contact.AccountId !== 'string') return;
  const current = relationBetween(ctx, contact.AccountId, contact.Id);
  if (current) systemUpdate(ctx, 'AccountContactRelation', current.Id, { IsDirect: true });
  else
    ctx.insert(ctx, 'AccountContactRelation', {
      AccountId: contact.AccountId,
      ContactId: contact.Id,
      IsActive: true,
    });
}

export const accountContactRelationRules: ObjectRules = {
  beforeInsert: (ctx, _obj, row) => prepareRelation(ctx, row),
  beforeDelete: (ctx, _obj, row) => refuseDirectDelete(ctx, row),
};
