import { type Selectable, sql } from 'kysely';
import type { Db } from '../../store/db.ts';
import type { PaymentsTable } from '../../store/schema.ts';
import { LOCKED_INVOICE_COLUMNS, type LockedInvoice } from '../invoices/invoices.repo.ts';

export type PaymentRow = Selectable<PaymentsTable>;

/**
 * Two deliveries of one payment (a retried webhook, a re-run import) must record it once: the reference
 * is serialised before it is looked up, so the second waits and then finds the first.
 */
export async function lockReference(db: Db, reference: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('revbridge.payment:' || ${reference}))`.execute(db);
}

export async function findPaymentByReference(db: Db, reference: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('reference', '=', reference).executeTakeFirst();
}

/**
 * The account's invoices that may still have something due (not voided, not fully paid), oldest due date
 * first: the order a payment pays. Locked FOR UPDATE; their credits are read after the lock
 * (`creditedMinorByInvoice`).
 */
export async function lockOpenInvoices(db: Db, accountId: bigint): Promise<LockedInvoice[]> {
  return db
    .selectFrom('invoices')
    .select(LOCKED_INVOICE_COLUMNS)
    .where('account_id', '=', accountId)
    .where('voided_at', 'is', null)
    .whereRef('paid_minor', '<', 'total_minor')
    .orderBy('due_date')
    .orderBy('sequence')
    .forUpdate()
    .execute();
}

export interface NewPayment {
  accountId: bigint;
  invoiceId: bigint | null;
  amountMinor: bigint;
  currency: string;
  receivedOn: string;
  reference: string | null;
  createdAt: Date;
}

/** Inserts the payment, its applications, and adds each share to its invoice's paid amount. */
export async function insertPayment(
  db: Db,
  payment: NewPayment,
  shares: { invoiceId: bigint; amountMinor: bigint }[],
): Promise<PaymentRow> {
  const row = await db
    .insertInto('payments')
    .values({
      account_id: payment.accountId,
      invoice_id: payment.invoiceId,
      amount_minor: payment.amountMinor,
      currency: payment.currency,
      received_on: payment.receivedOn,
      reference: payment.reference,
      created_at: payment.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const share of shares) {
    await db
      .insertInto('payment_applications')
      .values({ payment_id: row.id, invoice_id: share.invoiceId, amount_minor: share.amountMinor })
      .execute();
    await db
      .updateTable('invoices')
      .set((eb) => ({ paid_minor: eb('paid_minor', '+', share.amountMinor) }))
      .where('id', '=', share.invoiceId)
      .execute();
  }
  return row;
}

export async function listApplications(db: Db, paymentId: bigint) {
  return db
    .selectFrom('payment_applications')
    .innerJoin('invoices', 'invoices.id', 'payment_applications.invoice_id')
    .select(['invoices.id', 'invoices.invoice_number', 'payment_applications.amount_minor'])
    .where('payment_applications.payment_id', '=', paymentId)
    .orderBy('invoices.due_date')
    .orderBy('invoices.sequence')
    .execute();
}
