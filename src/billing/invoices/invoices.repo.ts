import { type Selectable, sql } from 'kysely';
import type { Db } from '../../store/db.ts';
import type { InvoiceLinesTable, InvoicesTable } from '../../store/schema.ts';
import { isId } from '../input/id-input.ts';

export type InvoiceRow = Selectable<InvoicesTable> & { account_number: string };
export type InvoiceLineRow = Selectable<InvoiceLinesTable> & { account_number: string; service_code: string };

function invoicesWithAccount(db: Db) {
  return db
    .selectFrom('invoices')
    .innerJoin('accounts', 'accounts.id', 'invoices.account_id')
    .selectAll('invoices')
    .select('accounts.account_number');
}

/** The number is tried first: it is what customers and Salesforce see; an id is the fallback. */
export async function findInvoice(db: Db, idOrNumber: string): Promise<InvoiceRow | undefined> {
  const byNumber = await invoicesWithAccount(db).where('invoices.invoice_number', '=', idOrNumber).executeTakeFirst();
  if (byNumber || !isId(idOrNumber)) return byNumber;
  return invoicesWithAccount(db).where('invoices.id', '=', BigInt(idOrNumber)).executeTakeFirst();
}

export interface InvoicePageFilter {
  accountId?: bigint;
  afterId: bigint | null;
  limit: number;
}

/** A keyset page in id order (an account's invoices are then also in sequence order). */
export async function listInvoiceRows(db: Db, filter: InvoicePageFilter): Promise<InvoiceRow[]> {
  let query = invoicesWithAccount(db).orderBy('invoices.id').limit(filter.limit);
  if (filter.accountId !== undefined) query = query.where('invoices.account_id', '=', filter.accountId);
  if (filter.afterId !== null) query = query.where('invoices.id', '>', filter.afterId);
  return query.execute();
}

/** Lines grouped as people read them: by account (a parent's invoice holds its children's), product, service. */
export async function listInvoiceLines(db: Db, invoiceId: bigint): Promise<InvoiceLineRow[]> {
  return db
    .selectFrom('invoice_lines')
    .innerJoin('accounts', 'accounts.id', 'invoice_lines.account_id')
    .innerJoin('package_services', 'package_services.id', 'invoice_lines.service_id')
    .selectAll('invoice_lines')
    .select(['accounts.account_number', 'package_services.code as service_code'])
    .where('invoice_lines.invoice_id', '=', invoiceId)
    .orderBy('invoice_lines.account_id')
    .orderBy(sql`invoice_lines.account_product_id NULLS LAST`)
    .orderBy('invoice_lines.service_id')
    .orderBy('invoice_lines.id')
    .execute();
}

/** Every invoice addressed to the account, in issue order: what its financial summary adds up. */
export async function listInvoicesForSummary(db: Db, accountId: bigint) {
  return db
    .selectFrom('invoices')
    .select(['invoice_date', 'due_date', 'total_minor', 'paid_minor'])
    .where('account_id', '=', accountId)
    .orderBy('sequence')
    .execute();
}
