import { sql } from 'kysely';
import type { SyncTest } from '../sync/sync-helpers.ts';

/** The org's settings, as an admin sets them (currencies with their conversion rates). */
export async function orgSettings(h: SyncTest, settings: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${h.org.url}/__localorg/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (!response.ok) throw new Error(`settings refused: ${await response.text()}`);
}

export interface Catalog {
  bookId: string;
  /** Standard price book entry id by product code and currency, e.g. `SUB/USD`. */
  entries: Map<string, string>;
  /** Product2 id by code. */
  products: Map<string, string>;
}

/** Products a company sells, each with a standard price book entry per currency. */
export async function createCatalog(
  h: SyncTest,
  products: ReadonlyArray<{ code: string; name?: string; recurring: boolean }>,
  currencies: readonly string[] = ['USD', 'EUR'],
): Promise<Catalog> {
  const bookId = (await h.sf.query<{ Id: string }>('SELECT Id FROM Pricebook2 WHERE IsStandard = true')).records[0].Id;
  const catalog: Catalog = { bookId, entries: new Map(), products: new Map() };
  for (const p of products) {
    const productId = (
      (await h.sf.sobject('Product2').create({
        Name: p.name ?? p.code,
        ProductCode: p.code,
        IsActive: true,
        Is_Recurring__c: p.recurring,
      })) as { id: string }
    ).id;
    catalog.products.set(p.code, productId);
    for (const currency of currencies) {
      const entry = (await h.sf.sobject('PricebookEntry').create({
        Pricebook2Id: bookId,
        Product2Id: productId,
        UnitPrice: 1,
        IsActive: true,
        CurrencyIsoCode: currency,
      })) as { id: string };
      catalog.entries.set(`${p.code}/${currency}`, entry.id);
    }
  }
  return catalog;
}

export interface DealLine {
  code: string;
  quantity?: number;
  /** Revenue for the line's whole term (TotalPrice). */
  total: number;
  start?: string;
  end?: string;
  assignedArr?: number;
  assignedMrr?: number;
}

/** An opportunity a rep records, flagged for revenue sync unless told, with its line items. */
export async function createDeal(
  h: SyncTest,
  catalog: Catalog,
  fields: Record<string, unknown>,
  lines: readonly DealLine[] = [],
): Promise<{ id: string; lineIds: string[] }> {
  const currency = String(fields.CurrencyIsoCode ?? 'USD');
  const id = (
    (await h.sf.sobject('Opportunity').create({
      Name: 'Deal',
      StageName: 'Closed Won',
      CloseDate: '2026-01-10',
      Revenue_Sync__c: true,
      Pricebook2Id: catalog.bookId,
      CurrencyIsoCode: currency,
      ...fields,
    })) as { id: string }
  ).id;
  const lineIds: string[] = [];
  for (const line of lines) {
    const quantity = line.quantity ?? 1;
    const created = (await h.sf.sobject('OpportunityLineItem').create({
      OpportunityId: id,
      PricebookEntryId: catalog.entries.get(`${line.code}/${currency}`),
      Quantity: quantity,
      TotalPrice: line.total,
      Term_Start_Date__c: line.start ?? null,
      Term_End_Date__c: line.end ?? null,
      Item_Assigned_ARR__c: line.assignedArr ?? null,
      Item_Assigned_MRR__c: line.assignedMrr ?? null,
    })) as { id: string };
    lineIds.push(created.id);
  }
  return { id, lineIds };
}

/** The catalog of `seedDeals`: two recurring products (SUB, SEAT) and a one-time one (SETUP). */
export function createDealCatalog(h: SyncTest): Promise<Catalog> {
  return createCatalog(h, [
    { code: 'SUB', recurring: true },
    { code: 'SEAT', recurring: true },
    { code: 'SETUP', recurring: false },
  ]);
}

/**
 * `count` booked deals on `account`, each with three year-long lines (SUB, SEAT, SETUP; the catalog must have them):
 * deal i's lines are worth 1200 + i, 1201 + i and 1202 + i. Written 200 to a call, as a data load would.
 */
export async function seedDeals(h: SyncTest, catalog: Catalog, account: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < count; from += 200) {
    const opportunities = Array.from({ length: Math.min(200, count - from) }, (_, k) => ({
      Name: `Deal ${from + k}`,
      AccountId: account,
      StageName: 'Closed Won',
      CloseDate: '2026-01-10',
      Revenue_Sync__c: true,
      Pricebook2Id: catalog.bookId,
      CurrencyIsoCode: 'USD',
    }));
    const created = (await h.sf.sobject('Opportunity').create(opportunities)) as Array<{ id: string }>;
    ids.push(...created.map((c) => c.id));
  }
  const lines = ids.flatMap((id, i) =>
    ['SUB', 'SEAT', 'SETUP'].map((code, k) => ({
      OpportunityId: id,
      PricebookEntryId: catalog.entries.get(`${code}/USD`),
      Quantity: 1,
      TotalPrice: 1200 + i + k,
      Term_Start_Date__c: '2026-01-01',
      Term_End_Date__c: '2026-12-31',
    })),
  );
  for (let from = 0; from < lines.length; from += 200) {
    const created = (await h.sf.sobject('OpportunityLineItem').create(lines.slice(from, from + 200))) as Array<{
      success: boolean;
    }>;
    if (!created.every((c) => c.success)) throw new Error('a line item of the seeded deals was refused');
  }
  return ids;
}

/**
 * What an import left in the store, to compare with what it should have: contracts, their lines, contracts held
 * twice (by opportunity) or without exactly three lines (`seedDeals` gives each three), lines still staged, and
 * the lines' ARR in minor units.
 */
export async function storedContracts(h: SyncTest) {
  const { rows } = await sql<{
    contracts: number;
    lines: number;
    twice: number;
    bare: number;
    staged: number;
    arr: string | null;
  }>`
    SELECT (SELECT count(*)::int FROM contracts) AS contracts,
           (SELECT count(*)::int FROM contract_lines) AS lines,
           (SELECT count(*)::int FROM (SELECT opportunity_id FROM contracts GROUP BY 1 HAVING count(*) > 1) d) AS twice,
           (SELECT count(*)::int FROM contracts c
             WHERE (SELECT count(*) FROM contract_lines l WHERE l.contract_id = c.id) <> 3) AS bare,
           (SELECT count(*)::int FROM revenue_import_rows) AS staged,
           (SELECT sum(arr_minor)::text FROM contract_lines) AS arr`.execute(h.ctx.db);
  return rows[0];
}
