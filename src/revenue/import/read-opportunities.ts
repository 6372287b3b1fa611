import type { CrmConnection, CrmRecord } from '../../crm/crm.port.ts';
import type { RevenuePolicies } from '../../domain/revenue-policies.ts';
import { chunks, quoted, soqlDateTime } from '../../sync/flows/account-push/read-accounts.ts';
import type { OrgRevenueSetup } from './org-revenue-setup.ts';

/** Rows per Bulk results page: twice `readAll`'s default (about 10 MB of opportunities; two pages held at most). */
const BULK_PAGE_ROWS = 10_000;
/** Opportunity ids per query when records are read by id (the SOQL statement stays well under Salesforce's limit). */
export const OPPORTUNITY_IDS_PER_QUERY = 300;

/**
 * A page of opportunities to build contracts from. Their line items are the ones the import kept beforehand
 * (`lines` of `OpportunityReads`), or, for a page whose lines could only be read once the page was, given here.
 */
export interface OpportunityPage {
  records: CrmRecord[];
  lines?: CrmRecord[];
}

/** What an import reads: the line items to keep first, then the opportunities, a page at a time. */
export interface OpportunityReads {
  /** Pages of line items, read before any opportunity is built (none without line items). */
  lines: AsyncIterable<CrmRecord[]> | undefined;
  opportunities: AsyncIterable<OpportunityPage>;
}

/**
 * What an import reads. A full import: every opportunity passing the import filter and, through a semi-join on
 * the same filter, their line items (a handful of Bulk calls for any volume, straight to Bulk when a count says the
 * read is large). A catch-up (`since`): the opportunities changed since then, with all their lines; then the
 * opportunities unchanged themselves whose lines changed (a line edit does not always touch its opportunity), each
 * page with all of its lines. Every read is one query (REST, or one Bulk job past 10,000 rows), never one per record.
 * Both queries of a read are started at once, so the org works the opportunities out while the lines are read.
 */
export function readOpportunities(
  crm: CrmConnection,
  setup: OrgRevenueSetup,
  policies: RevenuePolicies,
  since: Date | undefined,
): OpportunityReads {
  const filter = `(${policies.filter})`;
  const withLines = policies.lines === 'items';
  const read = async function* (object: string, fields: string[], where: string, expected?: Promise<number>) {
    const options = { bulkPageSize: BULK_PAGE_ROWS, ...(expected ? { expectedRows: await expected } : {}) };
    yield* crm.readAll(object, fields, where, options);
  };
  const pagesOf = async function* (records: AsyncIterable<CrmRecord[]>): AsyncIterable<OpportunityPage> {
    for await (const page of records) yield { records: page };
  };
  if (!since) {
    // A full read counts first (one call): a large one goes to Bulk at once, lines too (at least one an opportunity).
    const expected = crm.count('Opportunity', filter);
    expected.catch(() => undefined);
    const opportunities = startedAt(pagesOf(read('Opportunity', setup.opportunityFields, filter, expected)));
    if (!withLines) return { lines: undefined, opportunities };
    const lines = read(
      'OpportunityLineItem',
      setup.lineFields,
      `OpportunityId IN (SELECT Id FROM Opportunity WHERE ${filter})`,
      expected,
    );
    return { lines, opportunities };
  }
  const changed = `SystemModstamp > ${soqlDateTime(since)}`;
  const opportunities = startedAt(pagesOf(read('Opportunity', setup.opportunityFields, `${filter} AND ${changed}`)));
  if (!withLines) return { lines: undefined, opportunities };
  const lines = read(
    'OpportunityLineItem',
    setup.lineFields,
    `OpportunityId IN (SELECT Id FROM Opportunity WHERE ${filter} AND ${changed})`,
  );
  return { lines, opportunities: concat(opportunities, linesChangedAlone(crm, read, setup, filter, since)) };
}

/**
 * The opportunities not changed themselves whose lines changed since `since`, each page with all its lines:
 * Salesforce allows one semi-join per condition and none under OR, so they are a query of their own, and their
 * lines one query per 300 of them.
 */
async function* linesChangedAlone(
  crm: CrmConnection,
  read: (object: string, fields: string[], where: string) => AsyncIterable<CrmRecord[]>,
  setup: OrgRevenueSetup,
  filter: string,
  since: Date,
): AsyncIterable<OpportunityPage> {
  const changed = `SystemModstamp > ${soqlDateTime(since)}`;
  for await (const records of read(
    'Opportunity',
    setup.opportunityFields,
    `${filter} AND SystemModstamp <= ${soqlDateTime(since)} AND Id IN (SELECT OpportunityId FROM OpportunityLineItem WHERE ${changed})`,
  )) {
    const lines: CrmRecord[] = [];
    for await (const page of readLinesOf(
      crm,
      setup,
      records.map((r) => r.Id),
    ))
      lines.push(...page);
    yield { records, lines };
  }
}

/** The line items of these opportunities, in pages: one query per 300 of them. */
export async function* readLinesOf(
  crm: CrmConnection,
  setup: OrgRevenueSetup,
  opportunityIds: readonly string[],
): AsyncIterable<CrmRecord[]> {
  for (const ids of chunks([...opportunityIds], OPPORTUNITY_IDS_PER_QUERY)) {
    yield* crm.readAll('OpportunityLineItem', setup.lineFields, `OpportunityId IN (${quoted(ids)})`);
  }
}

/**
 * Line items by opportunity id, each list in line id order (bytewise, as the staging table orders them): a line's
 * place in its contract stays the same however the lines were read.
 */
export function linesByOpportunity(lines: readonly CrmRecord[]): Map<string, CrmRecord[]> {
  const byOpportunity = new Map<string, CrmRecord[]>();
  for (const line of [...lines].sort((a, b) => (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0))) {
    const id = String(line.OpportunityId);
    const list = byOpportunity.get(id);
    if (list) list.push(line);
    else byOpportunity.set(id, [line]);
  }
  return byOpportunity;
}

async function* concat<T>(...sources: Array<AsyncIterable<T>>): AsyncIterable<T> {
  for (const source of sources) yield* source;
}

/**
 * `source`, its first item asked for now rather than when the caller first iterates: the query behind it is
 * created (and worked out by the org) while the caller does something else. A failure is reported on iteration.
 */
function startedAt<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const iterator = source[Symbol.asyncIterator]();
  let first: Promise<IteratorResult<T>> | undefined = iterator.next();
  first.catch(() => undefined);
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        const next = first ?? iterator.next();
        first = undefined;
        return next;
      },
      return: async (value?: unknown) => (await iterator.return?.(value)) ?? { done: true, value: undefined },
    }),
  };
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
