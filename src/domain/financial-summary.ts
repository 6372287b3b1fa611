import type { CurrencyCode } from './currency.ts';
import { amountDueMinor, type InvoiceBalance } from './invoice-balance.ts';

export interface InvoiceForSummary extends InvoiceBalance {
  invoiceDate: string;
  dueDate: string;
}

export interface InvoiceMark {
  date: string;
  amountMinor: bigint;
}

/** The invoice roll-ups the seeds put on the Salesforce Account. */
export interface FinancialSummary {
  currency: CurrencyCode;
  /** Invoices that were not voided, less their credit notes. */
  totalBilledMinor: bigint;
  /** The credit notes on those invoices (already taken off `totalBilledMinor`). */
  totalCreditedMinor: bigint;
  /** How many invoices count (voided ones do not). */
  invoiceCount: number;
  firstInvoice: InvoiceMark | null;
  latestInvoice: InvoiceMark | null;
  dueMinor: bigint;
  pastDueMinor: bigint;
}

/**
 * An account's financial summary as of `today` (seed 003): total amount billed (all time, net of credit
 * notes), first and latest invoice amount (as issued) and date, amount due (what is still unpaid, after
 * credits), and past due (the part of that on invoices whose due date has passed; an invoice due today is
 * not yet past due). A voided invoice counts for nothing: not billed, not first or latest, not due.
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
  let totalCreditedMinor = 0n;
  let dueMinor = 0n;
  let pastDueMinor = 0n;
  let invoiceCount = 0;
  let first: InvoiceForSummary | null = null;
  let latest: InvoiceForSummary | null = null;
  for (const invoice of invoices) {
    if (invoice.voided) continue;
    invoiceCount += 1;
    totalBilledMinor += invoice.totalMinor - invoice.creditedMinor;
    totalCreditedMinor += invoice.creditedMinor;
    // An overpaid (or over-credited) invoice leaves nothing due; its surplus is not spread over other invoices.
    const open = amountDueMinor(invoice);
    dueMinor += open;
    if (invoice.dueDate < today) pastDueMinor += open;
    if (!first || invoice.invoiceDate < first.invoiceDate) first = invoice;
    if (!latest || invoice.invoiceDate >= latest.invoiceDate) latest = invoice;
  }
  return {
    currency,
    totalBilledMinor,
    totalCreditedMinor,
    invoiceCount,
    firstInvoice: first && { date: first.invoiceDate, amountMinor: first.totalMinor },
    latestInvoice: latest && { date: latest.invoiceDate, amountMinor: latest.totalMinor },
    dueMinor,
    pastDueMinor,
  };
}
