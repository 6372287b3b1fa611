import type { AppContext } from '../../../app-context.ts';
import { createContact } from '../../../billing/contacts/create-contact.ts';
import { linkContactWithin } from '../../../billing/contacts/link-contact.ts';
import { updateContactWithin } from '../../../billing/contacts/update-contact.ts';
import type { CrmRecord } from '../../../crm/crm.port.ts';
import type { SyncOutcomeKind } from '../../../domain/sync-run.ts';
import type { Db } from '../../../store/db.ts';
import { recordHash } from '../../engine/record-hash.ts';
import { type LinkRow, saveLink } from '../../links/links.repo.ts';
import { CONTACT_MAPPING } from '../../mappings/contact-mapping.ts';
import type { TransformLists } from '../../mappings/transforms.ts';
import { mapRecord } from './map-account.ts';

/** An account a contact serves, from its AccountContactRelation. */
export interface ContactRelation {
  accountSalesforceId: string;
  roles: string[];
}

export interface AppliedContact {
  outcome: SyncOutcomeKind;
  billingId: bigint | null;
  diff: Record<string, { from: unknown; to: unknown }> | null;
  /** Why a flagged contact was left out (none of its accounts is in billing). */
  skipped?: string;
}

/**
 * Seed 000: contacts marked to sync go with their account, and a shared contact is one billing contact
 * linked to every account it serves. A contact none of whose accounts is in billing is skipped.
 */
export async function applyContact(
  trx: Db,
  ctx: AppContext,
  record: CrmRecord,
  relations: ContactRelation[],
  link: LinkRow | undefined,
  billingAccountOf: (salesforceId: string) => bigint | null,
  lists: TransformLists,
): Promise<AppliedContact> {
  const served = relations
    .map((r) => ({ accountId: billingAccountOf(r.accountSalesforceId), roles: r.roles, sf: r.accountSalesforceId }))
    .filter((r): r is { accountId: bigint; roles: string[]; sf: string } => r.accountId !== null)
    .sort((a, b) => a.sf.localeCompare(b.sf));
  if (served.length === 0) {
    return {
      outcome: 'skipped',
      billingId: link?.billing_id ?? null,
      diff: null,
      skipped: 'None of the accounts this contact serves syncs to billing.',
    };
  }
  const mapped = mapRecord(CONTACT_MAPPING, record, !link, lists);
  const hash = recordHash(CONTACT_MAPPING.version, {
    ...mapped.values,
    accounts: served.map((s) => [s.sf, [...s.roles].sort()]),
  });
  if (link && link.synced_hash === hash) return { outcome: 'unchanged', billingId: link.billing_id, diff: null };

  const input = mapped.values as {
    firstName: string | null;
    lastName: string;
    email: string | null;
    phone: string | null;
  };
  const contact = link
    ? await updateContactWithin(trx, ctx, { contactId: link.billing_id.toString(), ...input })
    : await createContact({ ...ctx, db: trx }, input);
  for (const s of served) {
    await linkContactWithin(trx, { accountId: s.accountId.toString(), contactId: contact.id, roles: s.roles });
  }
  const billingId = BigInt(contact.id);
  await saveLink(trx, {
    object: 'contact',
    salesforceId: record.Id,
    billingId,
    hash,
    mappingVersion: CONTACT_MAPPING.version,
    at: ctx.clock.now(),
  });
  return { outcome: link ? 'updated' : 'created', billingId, diff: null };
}
