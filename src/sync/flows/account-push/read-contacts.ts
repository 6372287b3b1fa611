import type { CrmConnection, CrmRecord } from '../../../crm/crm.port.ts';
import type { ObjectMapping } from '../../mappings/field-mapping.ts';
import type { ContactRelation } from './apply-contact.ts';
import { chunks, quoted, readFields, soqlDateTime } from './read-accounts.ts';

const IDS_PER_QUERY = 500;

/** A page of contacts with every account each one serves. */
export interface ContactPage {
  contacts: CrmRecord[];
  relations: Map<string, ContactRelation[]>;
}

/**
 * The contacts flagged for billing and every account each one serves (AccountContactRelation: the direct
 * account and the shared ones, with their roles), page by page. A full read takes the relations that say
 * more than the contact's own AccountId first (shared accounts, roles), then the contacts through `readAll`. A poll (`since`) reads the contacts changed
 * since, the contacts whose relations changed (or were deleted) since, and the contacts of the accounts this run brought into
 * billing (they were skipped while their account was not there); a run for given ids (a button, a retry)
 * reads those contacts and the contacts of those accounts; then the relations of just those contacts.
 */
export async function* readContacts(
  crm: CrmConnection,
  mapping: ObjectMapping,
  options: { since?: Date; ids?: readonly string[]; newAccountIds?: readonly string[] },
): AsyncIterable<ContactPage> {
  const fields = readFields(mapping);
  const flagged = `${mapping.syncFlag} = true`;
  const relations = new Map<string, ContactRelation[]>();
  const addRelations = (page: CrmRecord[]) => {
    for (const r of page) {
      const contactId = r.ContactId as string;
      const list = relations.get(contactId) ?? [];
      list.push({ accountSalesforceId: r.AccountId as string, roles: splitRoles(r.Roles) });
      relations.set(contactId, list);
    }
  };

  if (!options.since && !options.ids) {
    // Most contacts serve one account, their own (Contact.AccountId), with no roles: that relation is read
    // from the contact itself. Only the others are held while the contacts stream by: shared accounts, and
    // direct relations that carry roles.
    const where = `Contact.${flagged} AND (IsDirect = false OR Roles != null)`;
    for await (const page of crm.readAll('AccountContactRelation', RELATION_FIELDS, where)) addRelations(page);
    for await (const contacts of crm.readAll('Contact', [...fields, 'AccountId'], flagged)) {
      const own = new Map<string, ContactRelation[]>();
      for (const c of contacts) {
        const list = relations.get(c.Id) ?? [];
        relations.delete(c.Id);
        const direct = c.AccountId as string | null;
        if (direct && !list.some((r) => r.accountSalesforceId === direct)) {
          list.push({ accountSalesforceId: direct, roles: [] });
        }
        own.set(c.Id, list);
      }
      yield { contacts, relations: own };
    }
    return;
  }

  const select = `SELECT ${fields.join(', ')} FROM Contact`;
  const contacts: CrmRecord[] = [];
  const more = new Set<string>();
  const relatedTo = async (accountIds: readonly string[]) => {
    for (const ids of chunks(accountIds, IDS_PER_QUERY)) {
      for await (const page of crm.queryPages(
        `SELECT ContactId FROM AccountContactRelation WHERE Contact.${flagged} AND AccountId IN (${quoted(ids)})`,
      )) {
        for (const r of page) more.add(r.ContactId as string);
      }
    }
  };
  if (options.since) {
    const since = soqlDateTime(options.since);
    for await (const page of crm.queryPages(`${select} WHERE ${flagged} AND SystemModstamp >= ${since}`)) {
      contacts.push(...page);
    }
    // Deleted relations too: a contact that stopped serving an account leaves it in billing.
    for await (const page of crm.queryPages(
      `SELECT ContactId FROM AccountContactRelation WHERE Contact.${flagged} AND SystemModstamp >= ${since}`,
      { includeDeleted: true },
    )) {
      for (const r of page) more.add(r.ContactId as string);
    }
  }
  if (options.ids) {
    // The ids of a button or a retry: contacts themselves, or accounts whose contacts go with them.
    for (const ids of chunks(options.ids, IDS_PER_QUERY)) {
      for await (const page of crm.queryPages(`${select} WHERE ${flagged} AND Id IN (${quoted(ids)})`)) {
        contacts.push(...page);
      }
    }
    await relatedTo(options.ids);
  }
  await relatedTo(options.newAccountIds ?? []);
  const seen = new Set(contacts.map((c) => c.Id));
  for (const ids of chunks(
    [...more].filter((id) => !seen.has(id)),
    IDS_PER_QUERY,
  )) {
    for await (const page of crm.queryPages(`${select} WHERE Id IN (${quoted(ids)})`)) contacts.push(...page);
  }
  for (const ids of chunks(
    contacts.map((c) => c.Id),
    IDS_PER_QUERY,
  )) {
    for await (const page of crm.queryPages(
      `SELECT ${RELATION_FIELDS.join(', ')} FROM AccountContactRelation WHERE ContactId IN (${quoted(ids)})`,
    )) {
      addRelations(page);
    }
  }
  if (contacts.length > 0) yield { contacts, relations };
}

const RELATION_FIELDS = ['Id', 'ContactId', 'AccountId', 'Roles'];

/** Roles is a multi-select picklist: values separated by semicolons. */
function splitRoles(value: unknown): string[] {
  if (typeof value !== 'string' || value.trim() === '') return [];
  return value
    .split(';')
    .map((r) => r.trim())
    .filter(Boolean);
}
