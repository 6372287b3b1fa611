import type { CurrencyCode } from './currency.ts';

export interface InvoiceForSummary {
  invoiceDate: string;
  dueDate: string;
  totalMinor: bigint;
  paidMinor: bigint;
}

export interface InvoiceMark {
  date: string;
  amountMinor: bigint;
}

/** The invoice roll-ups the seeds put on the Salesforce Account. */
export interface FinancialSummary {
  currency: CurrencyCode;
  totalBilledMinor: bigint;
  firstInvoice: InvoiceMark | null;
  latestInvoice: InvoiceMark | null;
  dueMinor: bigint;
  pastDueMinor: bigint;
}

/**
 * An account's financial summary as of `today` (seed 003): total amount billed (all time), first and
 * latest invoice amount and date, amount due (what is still unpaid), and past due (the unpaid part of
 * invoices whose due date has passed; an invoice due today is not yet past due).
 *
 * Pass the invoices in issue (sequence) order: two invoices on one date (subscription and usage) are
 * ordered by that, so the later-issued one is the latest. All amounts are in the account's currency.
 */
export function financialSummary(
  invoices: InvoiceForSummary[],
  currency: CurrencyCode,
  today: string,
): FinancialSummary {
  let totalBilledMinor = 0n;
  let dueMinor = 0n;
  let pastDueMinor = 0n;
  let first: InvoiceForSummary | null = null;
  let latest: InvoiceForSummary | null = null;
  for (const invoice of invoices) {
    totalBilledMinor += invoice.totalMinor;
    // An overpaid invoice leaves nothing due; its surplus is not spread over other invoices.
    const open = invoice.totalMinor > invoice.paidMinor ? invoice.totalMinor - invoice.paidMinor : 0n;
    dueMinor += open;
    if (invoice.dueDate < today) pastDueMinor += open;
    if (!first || invoice.invoiceDate < first.invoiceDate) first = invoice;
    if (!latest || invoice.invoiceDate >= latest.invoiceDate) latest = invoice;
  }
  return {
    currency,
    totalBilledMinor,
    firstInvoice: first && { date: first.invoiceDate, amountMinor: first.totalMinor },
    latestInvoice: latest && { date: latest.invoiceDate, amountMinor: latest.totalMinor },
    dueMinor,
    pastDueMinor,
  };
}
