import type { CrmConnection, CrmRecord } from '../../../crm/crm.port.ts';
import type { ObjectMapping } from '../../mappings/field-mapping.ts';

/** Ids per `IN (…)` list: well inside SOQL's 100,000-character statement limit. */
const IDS_PER_QUERY = 500;

/** Every field a flow reads for a mapping: the mapped fields both ways and the sync state. */
export function readFields(mapping: ObjectMapping, extra: readonly string[] = []): string[] {
  return [
    ...new Set([
      'Id',
      'SystemModstamp',
      ...extra,
      ...mapping.fields.map((f) => f.salesforce),
      ...Object.values(mapping.state),
    ]),
  ];
}

/**
 * The accounts flagged for billing or already in it (all, changed since `since`, or the given ids), then their
 * ancestors not read yet: a flagged child brings its parents along. Parents already linked in billing are
 * read too: an unflagged one whose state a stopped run (deferred, killed) never wrote back carries no billing
 * id, so nothing else would ever read it again. One query page per 2,000 records; ancestors cost one query
 * per level per 500 parents.
 */
export async function readAccounts(
  crm: CrmConnection,
  mapping: ObjectMapping,
  options: {
    since?: Date;
    ids?: readonly string[];
    alsoIds?: readonly string[];
  },
): Promise<CrmRecord[]> {
  const fields = readFields(mapping).join(', ');
  // Flagged, or already in billing (a parent brought along by a flagged child is not flagged itself).
  const where = [`(${mapping.syncFlag} = true OR Billing_Account_Id__c != null)`];
  // `>=`: a change in the same second as the last one seen is read again (and found unchanged), never missed.
  if (options.since) where.push(`SystemModstamp >= ${soqlDateTime(options.since)}`);
  const records: CrmRecord[] = [];
  if (options.ids) {
    for (const chunk of chunks(options.ids, IDS_PER_QUERY)) {
      for await (const page of crm.queryPages(`SELECT ${fields} FROM Account WHERE Id IN (${quoted(chunk)})`)) {
        records.push(...page);
      }
    }
  } else {
    for await (const page of crm.queryPages(`SELECT ${fields} FROM Account WHERE ${where.join(' AND ')}`)) {
      records.push(...page);
    }
  }
  const seen = new Set(records.map((r) => r.Id));
  const also = (options.alsoIds ?? []).filter((id) => !seen.has(id));
  for (const chunk of chunks(also, IDS_PER_QUERY)) {
    for await (const page of crm.queryPages(`SELECT ${fields} FROM Account WHERE Id IN (${quoted(chunk)})`)) {
      for (const r of page) seen.add(r.Id);
      records.push(...page);
    }
  }
  for (let missing = missingParents(records, seen); missing.length > 0;) {
    const found: CrmRecord[] = [];
    for (const chunk of chunks(missing, IDS_PER_QUERY)) {
      for await (const page of crm.queryPages(`SELECT ${fields} FROM Account WHERE Id IN (${quoted(chunk)})`)) {
        found.push(...page);
      }
    }
    for (const r of found) seen.add(r.Id);
    records.push(...found);
    missing = missingParents(found, seen);
  }
  return records;
}

function missingParents(records: CrmRecord[], seen: Set<string>): string[] {
  return [...new Set(records.map((r) => r.ParentId as string | null).filter((p): p is string => !!p))].filter(
    (p) => !seen.has(p),
  );
}

export function* chunks<T>(items: readonly T[], size: number): Iterable<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Ids as a SOQL IN list; anything but letters and digits is dropped, so an id cannot inject SOQL. */
export function quoted(ids: readonly string[]): string {
  return ids.map((id) => `'${id.replace(/[^A-Za-z0-9]/g, '')}'`).join(', ');
}

/** A SOQL datetime literal, to the second (SOQL's form): `2026-01-15T12:00:00Z`. */
export function soqlDateTime(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}
