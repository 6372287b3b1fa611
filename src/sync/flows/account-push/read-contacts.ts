import type { CrmConnection, CrmRecord } from '../../../crm/crm.port.ts';
import type { ObjectMapping } from '../../mappings/field-mapping.ts';
import type { ContactRelation } from './apply-contact.ts';
import { chunks, quoted, readFields, soqlDateTime } from './read-accounts.ts';

const IDS_PER_QUERY = 500;

/**
 * The contacts flagged for billing and every account each one serves (AccountContactRelation: the direct
 * account and the shared ones, with their roles). A full read is two queries, paged. A poll (`since`)
 * reads the contacts changed since, the contacts whose relations changed since, and the contacts of the
 * accounts this run brought into billing (they were skipped while their account was not there); then the
 * relations of just those contacts.
 */
export async function readContacts(
  crm: CrmConnection,
  mapping: ObjectMapping,
  options: { since?: Date; newAccountIds?: readonly string[] },
): Promise<{ contacts: CrmRecord[]; relations: Map<string, ContactRelation[]> }> {
  const fields = readFields(mapping).join(', ');
  const flagged = `${mapping.syncFlag} = true`;
  const contacts: CrmRecord[] = [];
  const relations = new Map<string, ContactRelation[]>();
  const addRelations = (page: CrmRecord[]) => {
    for (const r of page) {
      const contactId = r.ContactId as string;
      const list = relations.get(contactId) ?? [];
      list.push({ accountSalesforceId: r.AccountId as string, roles: splitRoles(r.Roles) });
      relations.set(contactId, list);
    }
  };

  if (!options.since) {
    for await (const page of crm.queryPages(`SELECT ${fields} FROM Contact WHERE ${flagged}`)) contacts.push(...page);
    if (contacts.length === 0) return { contacts, relations };
    for await (const page of crm.queryPages(
      `SELECT ContactId, AccountId, Roles FROM AccountContactRelation WHERE Contact.${flagged}`,
    )) {
      addRelations(page);
    }
    return { contacts, relations };
  }

  const since = soqlDateTime(options.since);
  for await (const page of crm.queryPages(
    `SELECT ${fields} FROM Contact WHERE ${flagged} AND SystemModstamp >= ${since}`,
  )) {
    contacts.push(...page);
  }
  const more = new Set<string>();
  for await (const page of crm.queryPages(
    `SELECT ContactId FROM AccountContactRelation WHERE Contact.${flagged} AND SystemModstamp >= ${since}`,
  )) {
    for (const r of page) more.add(r.ContactId as string);
  }
  for (const ids of chunks(options.newAccountIds ?? [], IDS_PER_QUERY)) {
    for await (const page of crm.queryPages(
      `SELECT ContactId FROM AccountContactRelation WHERE Contact.${flagged} AND AccountId IN (${quoted(ids)})`,
    )) {
      for (const r of page) more.add(r.ContactId as string);
    }
  }
  const seen = new Set(contacts.map((c) => c.Id));
  for (const ids of chunks(
    [...more].filter((id) => !seen.has(id)),
    IDS_PER_QUERY,
  )) {
    for await (const page of crm.queryPages(`SELECT ${fields} FROM Contact WHERE Id IN (${quoted(ids)})`)) {
      contacts.push(...page);
    }
  }
  for (const ids of chunks(
    contacts.map((c) => c.Id),
    IDS_PER_QUERY,
  )) {
    for await (const page of crm.queryPages(
      `SELECT ContactId, AccountId, Roles FROM AccountContactRelation WHERE ContactId IN (${quoted(ids)})`,
    )) {
      addRelations(page);
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
