import { type Selectable, sql } from 'kysely';
import type { Db } from '../../store/db.ts';
import type { InvoiceLinesTable, InvoicesTable } from '../../store/schema.ts';
import { isId } from '../input/id-input.ts';

export type InvoiceRow = Selectable<InvoicesTable> & { account_number: string; credited_minor: bigint };
export type InvoiceLineRow = Selectable<InvoiceLinesTable> & { account_number: string; service_code: string };

/**
 * What the credit notes of an invoice took from it, tax included. The invoice row itself is never edited
 * by a credit, so the amount is summed where it is read (one index lookup per invoice).
 */
export const creditedMinor = sql<bigint>`(SELECT coalesce(sum(cn.total_minor), 0)::bigint FROM credit_notes cn WHERE cn.invoice_id = invoices.id)`;

function invoicesWithAccount(db: Db) {
  return db
    .selectFrom('invoices')
    .innerJoin('accounts', 'accounts.id', 'invoices.account_id')
    .selectAll('invoices')
    .select('accounts.account_number')
    .select(creditedMinor.as('credited_minor'));
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

/**
 * The order an invoice prints its lines in, and so the order credit notes read and spread over them: by
 * account (a parent's invoice holds its children's), product (usage last), service, then period.
 */
export function linePrintOrder(alias: string) {
  const t = sql.table(alias);
  return sql`${t}.account_id, ${t}.account_product_id NULLS LAST, ${t}.service_id, ${t}.period_start, ${t}.id`;
}

/** Lines grouped as people read them (linePrintOrder). */
export async function listInvoiceLines(db: Db, invoiceId: bigint): Promise<InvoiceLineRow[]> {
  return db
    .selectFrom('invoice_lines')
    .innerJoin('accounts', 'accounts.id', 'invoice_lines.account_id')
    .innerJoin('package_services', 'package_services.id', 'invoice_lines.service_id')
    .selectAll('invoice_lines')
    .select(['accounts.account_number', 'package_services.code as service_code'])
    .where('invoice_lines.invoice_id', '=', invoiceId)
    .orderBy(linePrintOrder('invoice_lines'))
    .execute();
}

/** Every invoice addressed to the account, in issue order: what its financial summary adds up. */
export async function listInvoicesForSummary(db: Db, accountId: bigint) {
  return db
    .selectFrom('invoices')
    .select(['invoice_date', 'due_date', 'total_minor', 'paid_minor', 'voided_at'])
    .select(creditedMinor.as('credited_minor'))
    .where('account_id', '=', accountId)
    .orderBy('sequence')
    .execute();
}

/** `listInvoicesForSummary` for many accounts in one query, grouped by account. */
export async function listInvoicesForSummaries(db: Db, accountIds: readonly bigint[]) {
  if (accountIds.length === 0) return new Map<bigint, Awaited<ReturnType<typeof listInvoicesForSummary>>>();
  const rows = await db
    .selectFrom('invoices')
    .select(['account_id', 'invoice_date', 'due_date', 'total_minor', 'paid_minor', 'voided_at'])
    .select(creditedMinor.as('credited_minor'))
    .where('account_id', 'in', [...accountIds])
    .orderBy('account_id')
    .orderBy('sequence')
    .execute();
  const byAccount = new Map<bigint, typeof rows>();
  for (const row of rows) {
    const list = byAccount.get(row.account_id);
    if (list) list.push(row);
    else byAccount.set(row.account_id, [row]);
  }
  return byAccount;
}

/** Records the void. The only change an issued invoice ever takes besides its paid amount. */
export async function markInvoiceVoid(db: Db, id: bigint, voidedAt: Date, reason: string): Promise<void> {
  await db
    .updateTable('invoices')
    .set({ voided_at: voidedAt, void_reason: reason })
    .where('id', '=', id)
    .where('voided_at', 'is', null)
    .execute();
}

export type LockedInvoice = Pick<
  Selectable<InvoicesTable>,
  'id' | 'invoice_number' | 'account_id' | 'currency' | 'total_minor' | 'paid_minor' | 'due_date' | 'voided_at'
>;

export const LOCKED_INVOICE_COLUMNS = [
  'invoices.id',
  'invoices.invoice_number',
  'invoices.account_id',
  'invoices.currency',
  'invoices.total_minor',
  'invoices.paid_minor',
  'invoices.due_date',
  'invoices.voided_at',
] as const;

/**
 * Locks the invoice row FOR UPDATE: payments, credit notes and voids of one invoice take turns, so two of
 * them cannot both fit under the same amount due, or a void slip between a payment's check and its write.
 */
export async function lockInvoice(db: Db, id: bigint): Promise<LockedInvoice | undefined> {
  return db.selectFrom('invoices').select(LOCKED_INVOICE_COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * The credited amount of each invoice, read in its own statement *after* the invoices were locked: under
 * READ COMMITTED a statement sees what committed before it started, so a sum taken in the locking
 * statement itself could miss a credit note committed while it waited for the lock.
 */
export async function creditedMinorByInvoice(db: Db, invoiceIds: bigint[]): Promise<Map<bigint, bigint>> {
  const credited = new Map<bigint, bigint>(invoiceIds.map((id) => [id, 0n]));
  if (invoiceIds.length === 0) return credited;
  const rows = await db
    .selectFrom('credit_notes')
    .select(['invoice_id', sql<bigint>`sum(total_minor)::bigint`.as('credited')])
    .where('invoice_id', 'in', invoiceIds)
    .groupBy('invoice_id')
    .execute();
  for (const row of rows) credited.set(row.invoice_id, row.credited);
  return credited;
}

/** Whether any payment was applied to the invoice, or any credit note issued against it. */
export async function invoiceCorrections(
  db: Db,
  invoiceId: bigint,
): Promise<{ payments: boolean; creditNotes: boolean }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .exists(eb.selectFrom('payment_applications').select('payment_id').where('invoice_id', '=', invoiceId))
        .as('payments'),
      eb.exists(eb.selectFrom('credit_notes').select('id').where('invoice_id', '=', invoiceId)).as('credit_notes'),
    ])
    .executeTakeFirstOrThrow();
  return { payments: Boolean(row.payments), creditNotes: Boolean(row.credit_notes) };
}

/**
 * Another live invoice holding an adjustment or late-usage line for a period this invoice billed. Voiding
 * would make the period billable again in full while that correction stays, so it would count twice
 * (docs/adr/0004-billed-periods.md): such an invoice is credited, not voided.
 */
export async function laterCorrectionOf(db: Db, invoiceId: bigint): Promise<string | undefined> {
  const { rows } = await sql<{ invoice_number: string }>`
    SELECT other.invoice_number
      FROM invoice_lines mine
      JOIN invoice_lines fix
        ON fix.service_id = mine.service_id AND fix.charge_kind = mine.charge_kind
       AND fix.account_id = mine.account_id
       AND fix.account_product_id IS NOT DISTINCT FROM mine.account_product_id
       AND fix.period_start = mine.period_start AND fix.period_end = mine.period_end
       AND fix.line_type <> 'charge' AND fix.invoice_id <> mine.invoice_id
      JOIN invoices other ON other.id = fix.invoice_id AND other.voided_at IS NULL
     WHERE mine.invoice_id = ${invoiceId} AND mine.line_type = 'charge'
     ORDER BY other.id
     LIMIT 1`.execute(db);
  return rows[0]?.invoice_number;
}
