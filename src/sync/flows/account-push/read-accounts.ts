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
 * The accounts flagged for billing or already in it (all, changed since `since`, or the given ids), page by
 * page, then their ancestors not read yet: a flagged child brings its parents along. Parents already linked
 * in billing are read too: an unflagged one whose state a stopped run (deferred, killed) never wrote back
 * carries no billing id, so nothing else would ever read it again. A full read goes through `readAll`
 * (REST for a few thousand, Bulk API 2.0 beyond); ids and ancestors cost one query per 500.
 */
export async function* readAccounts(
  crm: CrmConnection,
  mapping: ObjectMapping,
  options: {
    since?: Date;
    ids?: readonly string[];
    alsoIds?: readonly string[];
  },
): AsyncIterable<CrmRecord[]> {
  const fields = readFields(mapping);
  const seen = new Set<string>();
  const parents = new Set<string>();
  const track = (page: CrmRecord[]) => {
    for (const r of page) {
      seen.add(r.Id);
      if (r.ParentId) parents.add(r.ParentId as string);
    }
    return page;
  };
  const byIds = async function* (ids: readonly string[]) {
    for (const chunk of chunks(ids, IDS_PER_QUERY)) {
      yield* crm.queryPages(`SELECT ${fields.join(', ')} FROM Account WHERE Id IN (${quoted(chunk)})`);
    }
  };
  if (options.ids) {
    for await (const page of byIds(options.ids)) yield track(page);
  } else {
    // Flagged, or already in billing (a parent brought along by a flagged child is not flagged itself).
    const where = [`(${mapping.syncFlag} = true OR Billing_Account_Id__c != null)`];
    // `>=`: a change in the same second as the last one seen is read again (and found unchanged), never missed.
    if (options.since) where.push(`SystemModstamp >= ${soqlDateTime(options.since)}`);
    for await (const page of crm.readAll('Account', fields, where.join(' AND '))) yield track(page);
  }
  const also = (options.alsoIds ?? []).filter((id) => !seen.has(id));
  for await (const page of byIds(also)) yield track(page);
  for (let missing = [...parents].filter((p) => !seen.has(p)); missing.length > 0;) {
    parents.clear();
    for await (const page of byIds(missing)) yield track(page);
    missing = [...parents].filter((p) => !seen.has(p));
  }
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
