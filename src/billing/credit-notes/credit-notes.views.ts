import type { CurrencyCode } from '../../domain/currency.ts';
import type { Money } from '../../domain/money.ts';
import type { CreditNoteRow } from './credit-notes.repo.ts';

export interface CreditNoteLineView {
  invoiceLineId: string;
  description: string;
  periodStart: string;
  periodEnd: string;
  /** What was credited on the line, before tax. */
  amount: Money;
  tax: Money;
}

/** A credit note: part or all of one invoice given back, tax included in `total`. */
export interface CreditNoteView {
  id: string;
  creditNoteNumber: string;
  invoiceId: string;
  invoiceNumber: string;
  /** The invoiced account (the one the invoice is addressed to). */
  accountId: string;
  accountNumber: string;
  reason: string;
  issuedOn: string;
  currency: CurrencyCode;
  subtotal: Money;
  tax: Money;
  total: Money;
  reference: string | null;
  lines: CreditNoteLineView[];
}

export function toCreditNoteView(
  row: CreditNoteRow,
  lines: {
    invoice_line_id: bigint;
    description: string;
    period_start: string;
    period_end: string;
    amount_minor: bigint;
    tax_minor: bigint;
  }[],
): CreditNoteView {
  const currency = row.currency as CurrencyCode;
  return {
    id: row.id.toString(),
    creditNoteNumber: row.credit_note_number,
    invoiceId: row.invoice_id.toString(),
    invoiceNumber: row.invoice_number,
    accountId: row.account_id.toString(),
    accountNumber: row.account_number,
    reason: row.reason,
    issuedOn: row.issued_on,
    currency,
    subtotal: { minor: row.subtotal_minor, currency },
    tax: { minor: row.tax_minor, currency },
    total: { minor: row.total_minor, currency },
    reference: row.reference,
    lines: lines.map((l) => ({
      invoiceLineId: l.invoice_line_id.toString(),
      description: l.description,
      periodStart: l.period_start,
      periodEnd: l.period_end,
      amount: { minor: l.amount_minor, currency },
      tax: { minor: l.tax_minor, currency },
    })),
  };
}
