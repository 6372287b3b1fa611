import type { CrmConnection, CrmRecord } from '../../crm/crm.port.ts';
import type { RevenuePolicies } from '../../domain/revenue-policies.ts';
import { chunks, quoted, soqlDateTime } from '../../sync/flows/account-push/read-accounts.ts';
import type { OrgRevenueSetup } from './org-revenue-setup.ts';

/** One page of what an import reads, by object. */
export interface ReadPage {
  object: 'Opportunity' | 'OpportunityLineItem' | 'Product2';
  records: CrmRecord[];
}

/** Opportunity ids per query when lines are read by their opportunity's id (a SOQL statement stays short). */
const IDS_PER_QUERY = 300;

/**
 * What an import reads, page by page. A full import: every opportunity passing the import filter, and their line
 * items through a semi-join on the same filter (a handful of Bulk calls for any volume). A catch-up (`since`):
 * the opportunities changed since then, with all their lines; and the opportunities unchanged themselves whose
 * lines changed (a line edit does not always touch its opportunity), with all of theirs. Every read is one
 * query (REST, or one Bulk job past 10,000 rows), never one per record.
 */
export async function* readOpportunities(
  crm: CrmConnection,
  setup: OrgRevenueSetup,
  policies: RevenuePolicies,
  since: Date | undefined,
): AsyncIterable<ReadPage> {
  const filter = `(${policies.filter})`;
  const withLines = policies.lines === 'items';
  const read = async function* (object: ReadPage['object'], fields: string[], where: string) {
    for await (const records of crm.readAll(object, fields, where)) yield { object, records } satisfies ReadPage;
  };
  if (!since) {
    yield* read('Opportunity', setup.opportunityFields, filter);
    if (withLines) {
      yield* read(
        'OpportunityLineItem',
        setup.lineFields,
        `OpportunityId IN (SELECT Id FROM Opportunity WHERE ${filter})`,
      );
    }
    return;
  }
  const changed = `SystemModstamp > ${soqlDateTime(since)}`;
  yield* read('Opportunity', setup.opportunityFields, `${filter} AND ${changed}`);
  if (!withLines) return;
  yield* read(
    'OpportunityLineItem',
    setup.lineFields,
    `OpportunityId IN (SELECT Id FROM Opportunity WHERE ${filter} AND ${changed})`,
  );
  // Salesforce allows one semi-join per condition and none under OR: opportunities whose lines changed come apart.
  const byLines: string[] = [];
  for await (const page of read(
    'Opportunity',
    setup.opportunityFields,
    `${filter} AND SystemModstamp <= ${soqlDateTime(since)} AND Id IN (SELECT OpportunityId FROM OpportunityLineItem WHERE ${changed})`,
  )) {
    byLines.push(...page.records.map((r) => r.Id));
    yield page;
  }
  for (const ids of chunks(byLines, IDS_PER_QUERY)) {
    yield* read('OpportunityLineItem', setup.lineFields, `OpportunityId IN (${quoted(ids)})`);
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
