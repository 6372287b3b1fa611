import { type Selectable, sql } from 'kysely';
import type { CreditableLine } from '../../domain/credit-allocation.ts';
import type { Db } from '../../store/db.ts';
import type { CreditNotesTable } from '../../store/schema.ts';
import { linePrintOrder } from '../invoices/invoices.repo.ts';
import { isId } from '../input/id-input.ts';

export type CreditNoteRow = Selectable<CreditNotesTable> & { account_number: string; invoice_number: string };

function creditNotesWithRefs(db: Db) {
  return db
    .selectFrom('credit_notes')
    .innerJoin('accounts', 'accounts.id', 'credit_notes.account_id')
    .innerJoin('invoices', 'invoices.id', 'credit_notes.invoice_id')
    .selectAll('credit_notes')
    .select(['accounts.account_number', 'invoices.invoice_number']);
}

/** The number is tried first (what customers see); an id is the fallback. */
export async function findCreditNote(db: Db, idOrNumber: string): Promise<CreditNoteRow | undefined> {
  const byNumber = await creditNotesWithRefs(db)
    .where('credit_notes.credit_note_number', '=', idOrNumber)
    .executeTakeFirst();
  if (byNumber || !isId(idOrNumber)) return byNumber;
  return creditNotesWithRefs(db).where('credit_notes.id', '=', BigInt(idOrNumber)).executeTakeFirst();
}

export async function findCreditNoteByReference(db: Db, reference: string): Promise<CreditNoteRow | undefined> {
  return creditNotesWithRefs(db).where('credit_notes.reference', '=', reference).executeTakeFirst();
}

/** An invoice's credit notes in issue order. */
export async function listCreditNotesOfInvoice(db: Db, invoiceId: bigint): Promise<CreditNoteRow[]> {
  return creditNotesWithRefs(db)
    .where('credit_notes.invoice_id', '=', invoiceId)
    .orderBy('credit_notes.sequence')
    .execute();
}

export async function listCreditNoteLines(db: Db, creditNoteIds: bigint[]) {
  if (creditNoteIds.length === 0) return [];
  return (
    db
      .selectFrom('credit_note_lines')
      .innerJoin('invoice_lines', 'invoice_lines.id', 'credit_note_lines.invoice_line_id')
      .select([
        'credit_note_lines.credit_note_id',
        'credit_note_lines.invoice_line_id',
        'credit_note_lines.amount_minor',
        'credit_note_lines.tax_minor',
        'invoice_lines.description',
        'invoice_lines.period_start',
        'invoice_lines.period_end',
      ])
      .where('credit_note_lines.credit_note_id', 'in', creditNoteIds)
      // The order the invoice prints its lines in (see listInvoiceLines).
      .orderBy('credit_note_lines.credit_note_id')
      .orderBy(linePrintOrder('invoice_lines'))
      .execute()
  );
}

/**
 * The invoice's lines with what earlier credit notes took from each, in the order the invoice prints
 * them (a spread credit breaks ties in that order). Read after the invoice row is locked, in a statement
 * of its own, so it sees every credit note committed before the lock was granted.
 */
export async function listCreditableLines(db: Db, invoiceId: bigint): Promise<CreditableLine[]> {
  const rows = await db
    .selectFrom('invoice_lines as l')
    .leftJoin('credit_note_lines as c', 'c.invoice_line_id', 'l.id')
    .select([
      'l.id',
      'l.amount_minor',
      'l.tax_minor',
      sql<bigint>`coalesce(sum(c.amount_minor), 0)::bigint`.as('credited_minor'),
      sql<bigint>`coalesce(sum(c.tax_minor), 0)::bigint`.as('credited_tax_minor'),
    ])
    .where('l.invoice_id', '=', invoiceId)
    .groupBy('l.id')
    .orderBy(linePrintOrder('l'))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    amountMinor: r.amount_minor,
    taxMinor: r.tax_minor,
    creditedMinor: r.credited_minor,
    creditedTaxMinor: r.credited_tax_minor,
  }));
}

/**
 * Serialises credit notes of one account, so the next sequence read after it is the account's highest
 * plus one and two concurrent notes (on different invoices of the account) never take the same number.
 * An advisory lock rather than a row lock on the account: the billing run's inserts take KEY SHARE locks
 * on accounts, which FOR UPDATE would block.
 */
export async function lockCreditNoteSeries(db: Db, accountId: bigint): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended('revbridge.credit-note-series:' || ${accountId.toString()}, 0))`.execute(
    db,
  );
}

/** Two deliveries of one request with the same reference issue one credit note. */
export async function lockCreditNoteReference(db: Db, reference: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended('revbridge.credit-note-ref:' || ${reference}, 0))`.execute(
    db,
  );
}

export async function nextCreditNoteSequence(db: Db, accountId: bigint): Promise<number> {
  const row = await db
    .selectFrom('credit_notes')
    .select(sql<number>`coalesce(max(sequence), 0)::int + 1`.as('next'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return row.next;
}

export interface NewCreditNote {
  accountId: bigint;
  invoiceId: bigint;
  sequence: number;
  number: string;
  reason: string;
  currency: string;
  subtotalMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
  issuedOn: string;
  reference: string | null;
  createdAt: Date;
}

export async function insertCreditNote(
  db: Db,
  note: NewCreditNote,
  lines: { invoiceLineId: bigint; amountMinor: bigint; taxMinor: bigint }[],
): Promise<bigint> {
  const row = await db
    .insertInto('credit_notes')
    .values({
      account_id: note.accountId,
      invoice_id: note.invoiceId,
      sequence: note.sequence,
      credit_note_number: note.number,
      reason: note.reason,
      currency: note.currency,
      subtotal_minor: note.subtotalMinor,
      tax_minor: note.taxMinor,
      total_minor: note.totalMinor,
      issued_on: note.issuedOn,
      reference: note.reference,
      created_at: note.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('credit_note_lines')
    .values(
      lines.map((l) => ({
        credit_note_id: row.id,
        invoice_line_id: l.invoiceLineId,
        amount_minor: l.amountMinor,
        tax_minor: l.taxMinor,
      })),
    )
    .execute();
  return row.id;
}
