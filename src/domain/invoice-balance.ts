/**
 * What an issued invoice still asks for. An invoice is never edited after issue: payments, credit notes
 * and a void are recorded beside it, and these two functions derive its balance and status from them.
 * Every reader (invoice views, the account summary, payments) goes through them, so "amount due" has one
 * definition.
 */
export interface InvoiceBalance {
  totalMinor: bigint;
  paidMinor: bigint;
  /** Sum of the totals of the credit notes issued against it (tax included). */
  creditedMinor: bigint;
  voided: boolean;
}

/**
 * Total − paid − credited, never below zero, and zero once voided. A credit on an amount already paid
 * leaves nothing due; the surplus is owed back to the customer, which revbridge does not model yet (no
 * credit balances or refunds), so it never offsets other invoices.
 */
export function amountDueMinor(invoice: InvoiceBalance): bigint {
  if (invoice.voided) return 0n;
  const due = invoice.totalMinor - invoice.paidMinor - invoice.creditedMinor;
  return due > 0n ? due : 0n;
}

/**
 * `void`: voided (it asks for nothing and bills nothing); `credited`: credit notes cover its whole total;
 * `paid`: nothing left due otherwise (payments, or payments and credits); `past_due`: something is due
 * after the due date (an invoice due today is still `open`); `open`: something is due.
 */
export type InvoiceStatus = 'void' | 'credited' | 'paid' | 'past_due' | 'open';

export function invoiceStatus(invoice: InvoiceBalance & { dueDate: string }, today: string): InvoiceStatus {
  if (invoice.voided) return 'void';
  if (amountDueMinor(invoice) === 0n) return invoice.creditedMinor >= invoice.totalMinor ? 'credited' : 'paid';
  return invoice.dueDate < today ? 'past_due' : 'open';
}
