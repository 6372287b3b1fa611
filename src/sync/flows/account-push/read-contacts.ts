import type { CrmConnection, CrmRecord } from '../../../crm/crm.port.ts';
import type { ObjectMapping } from '../../mappings/field-mapping.ts';
import type { ContactRelation } from './apply-contact.ts';
import { readFields } from './read-accounts.ts';

/**
 * The contacts flagged for billing (changed since `since` when polling) and every account each one
 * serves (AccountContactRelation: the direct account and the shared ones, with their roles). Two
 * queries, paged.
 */
export async function readContacts(
  crm: CrmConnection,
  mapping: ObjectMapping,
  options: { since?: Date },
): Promise<{ contacts: CrmRecord[]; relations: Map<string, ContactRelation[]> }> {
  const since = options.since ? ` AND SystemModstamp > ${options.since.toISOString()}` : '';
  const contacts: CrmRecord[] = [];
  for await (const page of crm.queryPages(
    `SELECT ${readFields(mapping).join(', ')} FROM Contact WHERE ${mapping.syncFlag} = true${since}`,
  )) {
    contacts.push(...page);
  }
  const relations = new Map<string, ContactRelation[]>();
  if (contacts.length === 0) return { contacts, relations };
  for await (const page of crm.queryPages(
    `SELECT ContactId, AccountId, Roles FROM AccountContactRelation WHERE Contact.${mapping.syncFlag} = true`,
  )) {
    for (const r of page) {
      const contactId = r.ContactId as string;
      const list = relations.get(contactId) ?? [];
      list.push({ accountSalesforceId: r.AccountId as string, roles: splitRoles(r.Roles) });
      relations.set(contactId, list);
    }
  }
  return { contacts, relations };
}

/** Roles is a multi-select picklist: values separated by semicolons. */
function splitRoles(value: unknown): string[] {
  if (typeof value !== 'string' || value.trim() === '') return [];
  return value
    .split(';')
    .map((r) => r.trim())
    .filter(Boolean);
}
