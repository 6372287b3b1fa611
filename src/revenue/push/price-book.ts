import type { CrmConnection } from '../../crm/crm.port.ts';
import { fail } from '../../domain/errors.ts';
import { chunks, quoted } from '../../sync/flows/account-push/read-accounts.ts';

/** Product ids per price book entry query (the SOQL statement stays short). */
const IDS_PER_QUERY = 300;

/** A SOQL string literal: quotes and backslashes escaped, as SOQL reads them. */
function soqlText(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The price book pushed line items are priced from: the one named (REVBRIDGE_REVENUE_PRICEBOOK), else the org's
 * standard price book. None, or two of that name, is `revenue_price_book_not_found` and the push writes nothing.
 */
export async function pricebookOf(crm: CrmConnection, name: string | undefined): Promise<{ id: string; name: string }> {
  const where = name === undefined ? 'IsStandard = true' : `Name = ${soqlText(name)} AND IsActive = true`;
  const books: Array<{ id: string; name: string }> = [];
  for await (const page of crm.queryPages(`SELECT Id, Name FROM Pricebook2 WHERE ${where} LIMIT 2`)) {
    books.push(...page.map((b) => ({ id: b.Id, name: String(b.Name) })));
  }
  if (books.length !== 1) {
    const what =
      name === undefined ? 'The org has no standard price book' : `No single active price book is named "${name}"`;
    fail(
      'revenue_price_book_not_found',
      `${what}; set REVBRIDGE_REVENUE_PRICEBOOK to the book contracts are sold from.`,
    );
  }
  return books[0];
}

/**
 * The active entry of each product in the book, in the tenant currency in a multi-currency org (`currency`), by
 * Product2 id: what a new line item is created on.
 */
export async function priceBookEntries(
  crm: CrmConnection,
  pricebookId: string,
  productIds: readonly string[],
  currency: string | undefined,
): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  for (const ids of chunks(productIds, IDS_PER_QUERY)) {
    const soql =
      `SELECT Id, Product2Id FROM PricebookEntry WHERE Pricebook2Id = ${quoted([pricebookId])} AND IsActive = true` +
      ` AND Product2Id IN (${quoted(ids)})${currency ? ` AND CurrencyIsoCode = ${soqlText(currency)}` : ''}`;
    for await (const page of crm.queryPages(soql)) {
      for (const entry of page) entries.set(String(entry.Product2Id), entry.Id);
    }
  }
  return entries;
}
