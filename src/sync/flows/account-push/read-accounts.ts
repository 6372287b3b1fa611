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
 * ancestors that are neither flagged nor in billing yet: a flagged child brings its parents along.
 * One query page per 2,000 records; ancestors cost one query per level per 500 parents.
 */
export async function readAccounts(
  crm: CrmConnection,
  mapping: ObjectMapping,
  options: { since?: Date; ids?: readonly string[]; isLinked: (ids: string[]) => Promise<Set<string>> },
): Promise<CrmRecord[]> {
  const fields = readFields(mapping).join(', ');
  // Flagged, or already in billing (a parent brought along by a flagged child is not flagged itself).
  const where = [`(${mapping.syncFlag} = true OR Billing_Account_Id__c != null)`];
  if (options.since) where.push(`SystemModstamp > ${options.since.toISOString()}`);
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
  for (let missing = await missingParents(records, seen, options.isLinked); missing.length > 0;) {
    const found: CrmRecord[] = [];
    for (const chunk of chunks(missing, IDS_PER_QUERY)) {
      for await (const page of crm.queryPages(`SELECT ${fields} FROM Account WHERE Id IN (${quoted(chunk)})`)) {
        found.push(...page);
      }
    }
    for (const r of found) seen.add(r.Id);
    records.push(...found);
    missing = await missingParents(found, seen, options.isLinked);
  }
  return records;
}

async function missingParents(
  records: CrmRecord[],
  seen: Set<string>,
  isLinked: (ids: string[]) => Promise<Set<string>>,
): Promise<string[]> {
  const parents = [...new Set(records.map((r) => r.ParentId as string | null).filter((p): p is string => !!p))].filter(
    (p) => !seen.has(p),
  );
  const linked = await isLinked(parents);
  return parents.filter((p) => !linked.has(p));
}

export function* chunks<T>(items: readonly T[], size: number): Iterable<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

function quoted(ids: readonly string[]): string {
  return ids.map((id) => `'${id.replace(/[^A-Za-z0-9]/g, '')}'`).join(', ');
}
