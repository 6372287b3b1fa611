import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { requireText } from '../input/text-input.ts';
import { getInvoice } from './get-invoice.ts';
import { findInvoice, invoiceCorrections, laterCorrectionOf, lockInvoice, markInvoiceVoid } from './invoices.repo.ts';
import type { InvoiceDetail } from './invoices.views.ts';

export interface VoidInvoiceInput {
  /** Invoice number (`A-1001-0003`) or id. */
  invoice: string;
  /** Why it is voided (kept on the invoice, shown with it). */
  reason: string;
}

/**
 * Voids an invoice issued in error. Only an invoice nothing has touched can be voided: no payment applied
 * (`invoice_has_payments`), no credit note (`invoice_has_credit_notes`) and no period adjusted on a later
 * invoice (`invoice_corrected_later`); otherwise the correction is a
 * credit note. A voided invoice keeps its number and lines, asks for nothing (due 0, status `void`),
 * leaves the account summary, and its lines no longer count as billed, so the next billing run bills those
 * charges again.
 *
 * Voiding a voided invoice is refused (`invoice_already_void`, with the first void's time and reason)
 * rather than answered as success: a void happens once, and a second one with another reason must not
 * look as if it had been recorded. A client retrying after a lost answer can take that code as done.
 */
export async function voidInvoice(ctx: AppContext, input: VoidInvoiceInput): Promise<InvoiceDetail> {
  const reason = requireText(input.reason, 'reason', 500);
  const invoiceNumber = await ctx.db.transaction().execute(async (trx) => {
    const found = await findInvoice(trx, input.invoice);
    if (!found)
      fail('invoice_not_found', `No invoice has number or id "${input.invoice}".`, { invoice: input.invoice });
    const invoice = (await lockInvoice(trx, found.id))!;
    if (invoice.voided_at !== null) {
      fail('invoice_already_void', `Invoice ${invoice.invoice_number} was already voided.`, {
        invoice: invoice.invoice_number,
        voidedAt: invoice.voided_at.toISOString(),
        reason: found.void_reason,
      });
    }
    const corrections = await invoiceCorrections(trx, invoice.id);
    if (corrections.payments || invoice.paid_minor > 0n) {
      fail(
        'invoice_has_payments',
        `Invoice ${invoice.invoice_number} has payments applied; issue a credit note instead of voiding it.`,
        { invoice: invoice.invoice_number },
      );
    }
    if (corrections.creditNotes) {
      fail(
        'invoice_has_credit_notes',
        `Invoice ${invoice.invoice_number} has credit notes; credit what is left instead of voiding it.`,
        { invoice: invoice.invoice_number },
      );
    }
    const corrected = await laterCorrectionOf(trx, invoice.id);
    if (corrected) {
      fail(
        'invoice_corrected_later',
        `Invoice ${invoice.invoice_number} billed periods that invoice ${corrected} later adjusted; voiding it ` +
          'would bill them again in full. Issue a credit note instead.',
        { invoice: invoice.invoice_number, correctedOn: corrected },
      );
    }
    await markInvoiceVoid(trx, invoice.id, ctx.clock.now(), reason);
    ctx.logger.info({ invoiceId: invoice.id.toString() }, 'invoice voided');
    return invoice.invoice_number;
  });
  return getInvoice(ctx, invoiceNumber);
}
