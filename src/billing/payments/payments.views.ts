import type { CurrencyCode } from '../../domain/currency.ts';
import type { Money } from '../../domain/money.ts';
import type { PaymentRow } from './payments.repo.ts';

export interface PaymentApplicationView {
  invoiceId: string;
  invoiceNumber: string;
  amount: Money;
}

export interface PaymentView {
  id: string;
  accountId: string;
  /** The invoice the payer named; null when the payment was spread over the open invoices. */
  invoiceId: string | null;
  amount: Money;
  receivedOn: string;
  reference: string | null;
  /** Which invoices it paid, and how much of each. */
  appliedTo: PaymentApplicationView[];
}

export function toPaymentView(
  row: PaymentRow,
  applications: { id: bigint; invoice_number: string; amount_minor: bigint }[],
): PaymentView {
  const currency = row.currency as CurrencyCode;
  return {
    id: row.id.toString(),
    accountId: row.account_id.toString(),
    invoiceId: row.invoice_id?.toString() ?? null,
    amount: { minor: row.amount_minor, currency },
    receivedOn: row.received_on,
    reference: row.reference,
    appliedTo: applications.map((a) => ({
      invoiceId: a.id.toString(),
      invoiceNumber: a.invoice_number,
      amount: { minor: a.amount_minor, currency },
    })),
  };
}
