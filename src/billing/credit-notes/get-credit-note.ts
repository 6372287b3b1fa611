import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import type { Db } from '../../store/db.ts';
import { type CreditNoteRow, findCreditNote, listCreditNoteLines } from './credit-notes.repo.ts';
import { type CreditNoteView, toCreditNoteView } from './credit-notes.views.ts';

/** Credit notes with their lines, in the order given (one query for all their lines). */
export async function creditNoteViews(db: Db, rows: CreditNoteRow[]): Promise<CreditNoteView[]> {
  const lines = await listCreditNoteLines(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) =>
    toCreditNoteView(
      row,
      lines.filter((l) => l.credit_note_id === row.id),
    ),
  );
}

/** One credit note, by number (`A-1001-CN-0001`) or id, with its lines. */
export async function getCreditNote(ctx: AppContext, idOrNumber: string): Promise<CreditNoteView> {
  const row = await findCreditNote(ctx.db, idOrNumber);
  if (!row) {
    fail('credit_note_not_found', `No credit note has number or id "${idOrNumber}".`, { creditNote: idOrNumber });
  }
  return (await creditNoteViews(ctx.db, [row]))[0];
}
