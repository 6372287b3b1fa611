import type { AppContext } from '../../app-context.ts';
import { today } from '../../domain/clock.ts';
import { type CreditRequest, planCreditNote } from '../../domain/credit-allocation.ts';
import { creditNoteNumber } from '../../domain/credit-note-numbering.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { fail } from '../../domain/errors.ts';
import { parseMoney } from '../../domain/money.ts';
import { isId } from '../input/id-input.ts';
import { optionalText, requireText } from '../input/text-input.ts';
import { creditedMinorByInvoice, findInvoice, lockInvoice } from '../invoices/invoices.repo.ts';
import {
  findCreditNote,
  findCreditNoteByReference,
  insertCreditNote,
  listCreditableLines,
  lockCreditNoteReference,
  lockCreditNoteSeries,
  nextCreditNoteSequence,
} from './credit-notes.repo.ts';
import type { CreditNoteView } from './credit-notes.views.ts';
import { creditNoteViews } from './get-credit-note.ts';

export interface IssueCreditNoteInput {
  /** Invoice number (`A-1001-0003`) or id. */
  invoice: string;
  reason: string;
  /**
   * Credit these lines (ids from the invoice), each in full or by `amount` (a decimal string before tax,
   * at most what is left on the line). Without `lines` and `amount`, the whole invoice is credited.
   */
  lines?: { lineId: string; amount?: string | null }[] | null;
  /** Credit this amount (before tax), spread over the lines in proportion to what is left on each. */
  amount?: string | null;
  /** The currency of `amount`; must be the invoice's when given. */
  currency?: string | null;
  /** Idempotency key: a credit note with a known reference is issued once. */
  reference?: string | null;
}

export interface IssueCreditNoteResult {
  creditNote: CreditNoteView;
  /** False when a credit note with this reference already existed (nothing was written). */
  created: boolean;
}

/**
 * Issues a credit note against an invoice: the whole invoice, chosen lines, or an amount spread over its
 * lines (`planCreditNote`). Amounts are before tax; each credited line gives back its tax in proportion.
 * The credits on an invoice never exceed its total (`credit_exceeds_invoice`) nor a line's amount
 * (`credit_exceeds_line`); a void invoice cannot be credited (`invoice_voided`). The credit note is
 * numbered in its account's own series (`A-1001-CN-0001`) and lowers the invoice's amount due.
 */
export async function issueCreditNote(ctx: AppContext, input: IssueCreditNoteInput): Promise<IssueCreditNoteResult> {
  const reason = requireText(input.reason, 'reason', 500);
  const reference = optionalText(input.reference, 'reference');
  const hasLines = input.lines != null;
  const hasAmount = input.amount != null;
  if (hasLines && hasAmount) {
    fail('validation_failed', 'Credit either lines or an amount, not both.', { field: 'amount' });
  }
  for (const line of input.lines ?? []) {
    if (!isId(String(line.lineId))) {
      fail('validation_failed', `lineId must be an invoice line id, got "${line.lineId}".`, { field: 'lineId' });
    }
  }

  return ctx.db.transaction().execute(async (trx) => {
    if (reference !== null) {
      await lockCreditNoteReference(trx, reference);
      const existing = await findCreditNoteByReference(trx, reference);
      if (existing) {
        if (existing.invoice_number !== input.invoice && existing.invoice_id.toString() !== input.invoice) {
          fail('validation_failed', `Reference "${reference}" was already used for a credit note on another invoice.`, {
            field: 'reference',
            creditNote: existing.credit_note_number,
          });
        }
        return { creditNote: (await creditNoteViews(trx, [existing]))[0], created: false };
      }
    }

    const found = await findInvoice(trx, input.invoice);
    if (!found)
      fail('invoice_not_found', `No invoice has number or id "${input.invoice}".`, { invoice: input.invoice });
    const invoice = (await lockInvoice(trx, found.id))!;
    if (invoice.voided_at !== null) {
      fail('invoice_voided', `Invoice ${invoice.invoice_number} is void and cannot be credited.`, {
        invoice: invoice.invoice_number,
      });
    }
    const currency = invoice.currency as CurrencyCode;
    if (input.currency != null && input.currency.trim().toUpperCase() !== currency) {
      fail('currency_mismatch', `Invoice ${invoice.invoice_number} is in ${currency}, not ${input.currency}.`, {
        invoiceCurrency: currency,
        currency: input.currency,
      });
    }
    const request: CreditRequest = hasAmount
      ? { kind: 'amount', amountMinor: parseMoney(input.amount!, currency).minor }
      : hasLines
        ? {
            kind: 'lines',
            lines: input.lines!.map((l) => ({
              id: BigInt(l.lineId),
              amountMinor: l.amount == null ? undefined : parseMoney(l.amount, currency).minor,
            })),
          }
        : { kind: 'whole' };

    // Read after the lock, each in its own statement: they see every credit note committed before it.
    const lines = await listCreditableLines(trx, invoice.id);
    const credited = (await creditedMinorByInvoice(trx, [invoice.id])).get(invoice.id) ?? 0n;
    const plan = planCreditNote({ currency, totalMinor: invoice.total_minor, creditedMinor: credited, lines }, request);

    await lockCreditNoteSeries(trx, invoice.account_id);
    const sequence = await nextCreditNoteSequence(trx, invoice.account_id);
    const id = await insertCreditNote(
      trx,
      {
        accountId: invoice.account_id,
        invoiceId: invoice.id,
        sequence,
        number: creditNoteNumber(found.account_number, sequence),
        reason,
        currency,
        subtotalMinor: plan.subtotalMinor,
        taxMinor: plan.taxMinor,
        totalMinor: plan.totalMinor,
        issuedOn: today(ctx.clock),
        reference,
        createdAt: ctx.clock.now(),
      },
      plan.lines,
    );
    ctx.logger.info({ creditNoteId: id.toString(), invoiceId: invoice.id.toString() }, 'credit note issued');
    const row = (await findCreditNote(trx, id.toString()))!;
    return { creditNote: (await creditNoteViews(trx, [row]))[0], created: true };
  });
}
