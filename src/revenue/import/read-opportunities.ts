import type { CrmConnection, CrmRecord } from '../../crm/crm.port.ts';
import type { RevenuePolicies } from '../../domain/revenue-policies.ts';
import { chunks, quoted, soqlDateTime } from '../../sync/flows/account-push/read-accounts.ts';
import type { OrgRevenueSetup } from './org-revenue-setup.ts';

/** One page of what an import reads, by object. */
export interface ReadPage {
  object: 'Opportunity' | 'OpportunityLineItem' | 'Product2';
  records: CrmRecord[];
}

/**
 * Rows per Bulk results page: twice `readAll`'s default, as each page is staged in one statement and not held
 * (about 10 MB of opportunities a page; two pages of each stream in memory at most).
 */
const BULK_PAGE_ROWS = 10_000;
/** Opportunity ids per query when lines are read by their opportunity's id (a SOQL statement stays short). */
const IDS_PER_QUERY = 300;

/**
 * What an import reads, as streams of pages that may be read at the same time. A full import: every
 * opportunity passing the import filter, and beside it their line items through a semi-join on the same filter
 * (a handful of Bulk calls for any volume, straight to Bulk when a count says the read is large). A catch-up (`since`): the opportunities changed since then, with
 * all their lines; and the opportunities unchanged themselves whose lines changed (a line edit does not always
 * touch its opportunity), with all of theirs. Every read is one query (REST, or one Bulk job past 10,000 rows),
 * never one per record.
 */
export function readOpportunities(
  crm: CrmConnection,
  setup: OrgRevenueSetup,
  policies: RevenuePolicies,
  since: Date | undefined,
): Array<AsyncIterable<ReadPage>> {
  const filter = `(${policies.filter})`;
  const withLines = policies.lines === 'items';
  const read = async function* (
    object: ReadPage['object'],
    fields: string[],
    where: string,
    expected?: Promise<number>,
  ) {
    const options = { bulkPageSize: BULK_PAGE_ROWS, ...(expected ? { expectedRows: await expected } : {}) };
    for await (const records of crm.readAll(object, fields, where, options))
      yield { object, records } satisfies ReadPage;
  };
  if (!since) {
    // A full read counts first (one call): a large one goes to Bulk at once, lines too (at least one an opportunity).
    const expected = crm.count('Opportunity', filter);
    expected.catch(() => undefined);
    const opportunities = read('Opportunity', setup.opportunityFields, filter, expected);
    if (!withLines) return [opportunities];
    return [
      opportunities,
      read(
        'OpportunityLineItem',
        setup.lineFields,
        `OpportunityId IN (SELECT Id FROM Opportunity WHERE ${filter})`,
        expected,
      ),
    ];
  }
  const changed = `SystemModstamp > ${soqlDateTime(since)}`;
  const opportunities = read('Opportunity', setup.opportunityFields, `${filter} AND ${changed}`);
  if (!withLines) return [opportunities];
  const lines = read(
    'OpportunityLineItem',
    setup.lineFields,
    `OpportunityId IN (SELECT Id FROM Opportunity WHERE ${filter} AND ${changed})`,
  );
  return [opportunities, lines, linesChangedAlone(read, setup, filter, since)];
}

/**
 * The opportunities not changed themselves whose lines changed since `since`, then all their lines: Salesforce
 * allows one semi-join per condition and none under OR, so they are a query of their own.
 */
async function* linesChangedAlone(
  read: (object: ReadPage['object'], fields: string[], where: string) => AsyncIterable<ReadPage>,
  setup: OrgRevenueSetup,
  filter: string,
  since: Date,
): AsyncIterable<ReadPage> {
  const changed = `SystemModstamp > ${soqlDateTime(since)}`;
  const ids: string[] = [];
  for await (const page of read(
    'Opportunity',
    setup.opportunityFields,
    `${filter} AND SystemModstamp <= ${soqlDateTime(since)} AND Id IN (SELECT OpportunityId FROM OpportunityLineItem WHERE ${changed})`,
  )) {
    ids.push(...page.records.map((r) => r.Id));
    yield page;
  }
  for (const chunk of chunks(ids, IDS_PER_QUERY)) {
    yield* read('OpportunityLineItem', setup.lineFields, `OpportunityId IN (${quoted(chunk)})`);
  }
}

/** The org's products (all of them, or those changed since `since`), for the revenue product list. */
export function readProducts(crm: CrmConnection, setup: OrgRevenueSetup, since: Date | undefined) {
  return crm.readAll('Product2', setup.productFields, since ? `SystemModstamp > ${soqlDateTime(since)}` : 'Id != null');
}

/** Opportunities deleted since `since` (the recycle bin, through queryAll): what the delete policy acts on. */
export async function readDeletedOpportunities(crm: CrmConnection, since: Date): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of crm.queryPages(
    `SELECT Id FROM Opportunity WHERE IsDeleted = true AND SystemModstamp > ${soqlDateTime(since)}`,
    { includeDeleted: true },
  )) {
    ids.push(...page.map((r) => r.Id));
  }
  return ids;
}
