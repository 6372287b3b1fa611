import type { AppContext } from '../../../app-context.ts';
import { linkContactWithin } from '../../../billing/contacts/link-contact.ts';
import { updateContactWithin } from '../../../billing/contacts/update-contact.ts';
import type { CrmRecord } from '../../../crm/crm.port.ts';
import type { SyncOutcomeKind } from '../../../domain/sync-run.ts';
import type { Db } from '../../../store/db.ts';
import { recordHash } from '../../engine/record-hash.ts';
import { findLinksByBillingIds, type LinkRow, saveLink } from '../../links/links.repo.ts';
import { listAccountIdsOfContacts } from '../../../billing/contacts/contacts.repo.ts';
import { unlinkContactWithin } from '../../../billing/contacts/unlink-contact.ts';
import { CONTACT_MAPPING } from '../../mappings/contact-mapping.ts';
import type { ObjectMapping } from '../../mappings/field-mapping.ts';
import type { TransformLists } from '../../mappings/transforms.ts';
import { mapRecord } from './map-account.ts';

/** An account a contact serves, from its AccountContactRelation. */
export interface ContactRelation {
  accountSalesforceId: string;
  roles: string[];
}

/** The billing side of one contact: its values, the billing accounts it serves with its roles, the hash. */
export interface ContactPlan {
  values: { firstName: string | null; lastName: string; email: string | null; phone: string | null };
  served: Array<{ accountId: bigint; roles: string[] }>;
  hash: string;
}

export interface AppliedContact {
  outcome: SyncOutcomeKind;
  billingId: bigint;
}

/**
 * A relation removed in Salesforce: the billing contact leaves the accounts it no longer serves there. Only
 * accounts billing has from Salesforce (linked ones) are left: a contact an operator put on a billing-only
 * account keeps that link.
 */
async function leaveAccountsNoLongerServed(trx: Db, contactId: bigint, served: ContactPlan['served']): Promise<void> {
  const serving = new Set(served.map((s) => s.accountId));
  const current = (await listAccountIdsOfContacts(trx, [contactId])).get(contactId) ?? [];
  const stale = current.filter((id) => !serving.has(id));
  if (stale.length === 0) return;
  const fromSalesforce = await findLinksByBillingIds(trx, 'account', stale);
  for (const accountId of stale) {
    if (fromSalesforce.has(accountId)) {
      await unlinkContactWithin(trx, { accountId: accountId.toString(), contactId: contactId.toString() });
    }
  }
}

/** Seed 000: a flagged contact none of whose accounts is in billing stays out of it. */
export const CONTACT_WITHOUT_ACCOUNT = 'None of the accounts this contact serves syncs to billing.';

/**
 * Seed 000: contacts marked to sync go with their account, and a shared contact is one billing contact
 * linked to every account it serves. Decided in memory: null when none of its accounts is in billing
 * (skipped); throws a coded refusal; touches nothing.
 */
export function planContact(
  mapping: ObjectMapping,
  record: CrmRecord,
  relations: readonly ContactRelation[],
  isNew: boolean,
  billingAccountOf: (salesforceId: string) => bigint | null,
  lists: TransformLists,
): ContactPlan | null {
  const served = relations
    .map((r) => ({ accountId: billingAccountOf(r.accountSalesforceId), roles: r.roles, sf: r.accountSalesforceId }))
    .filter((r): r is { accountId: bigint; roles: string[]; sf: string } => r.accountId !== null)
    .sort((a, b) => a.sf.localeCompare(b.sf));
  if (served.length === 0) return null;
  const mapped = mapRecord(mapping, record, isNew, lists);
  return {
    values: mapped.values as ContactPlan['values'],
    served: served.map(({ accountId, roles }) => ({ accountId, roles })),
    hash: recordHash(mapping.version, {
      ...mapped.values,
      accounts: served.map((s) => [s.sf, [...s.roles].sort()]),
    }),
  };
}

/**
 * A contact billing already has, brought up to date inside the caller's transaction: its values, and a
 * link to every account it serves with its roles. New contacts are created in batches, not here.
 */
export async function applyExistingContact(
  trx: Db,
  ctx: AppContext,
  record: CrmRecord,
  link: LinkRow,
  plan: ContactPlan,
): Promise<AppliedContact> {
  const contact = await updateContactWithin(trx, ctx, { contactId: link.billing_id.toString(), ...plan.values });
  for (const s of plan.served) {
    await linkContactWithin(trx, { accountId: s.accountId.toString(), contactId: contact.id, roles: s.roles });
  }
  await leaveAccountsNoLongerServed(trx, link.billing_id, plan.served);
  await saveLink(trx, {
    object: 'contact',
    salesforceId: record.Id,
    billingId: link.billing_id,
    hash: plan.hash,
    mappingVersion: CONTACT_MAPPING.version,
    at: ctx.clock.now(),
  });
  return { outcome: 'updated', billingId: link.billing_id };
}
