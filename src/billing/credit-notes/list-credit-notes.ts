import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { findInvoice } from '../invoices/invoices.repo.ts';
import { listCreditNotesOfInvoice } from './credit-notes.repo.ts';
import type { CreditNoteView } from './credit-notes.views.ts';
import { creditNoteViews } from './get-credit-note.ts';

/** The credit notes issued against an invoice (number or id), in issue order, with their lines. */
export async function listCreditNotes(ctx: AppContext, invoiceIdOrNumber: string): Promise<CreditNoteView[]> {
  const invoice = await findInvoice(ctx.db, invoiceIdOrNumber);
  if (!invoice) {
    fail('invoice_not_found', `No invoice has number or id "${invoiceIdOrNumber}".`, { invoice: invoiceIdOrNumber });
  }
  return creditNoteViews(ctx.db, await listCreditNotesOfInvoice(ctx.db, invoice.id));
}
