import type { CurrencyCode } from '../../domain/currency.ts';
import {
  amountDueMinor,
  type InvoiceBalance,
  type InvoiceStatus,
  invoiceStatus,
} from '../../domain/invoice-balance.ts';
import type { Money } from '../../domain/money.ts';
import type { InvoiceLineRow, InvoiceRow } from './invoices.repo.ts';

export type InvoiceKind = 'subscription' | 'usage' | 'combined';
export type { InvoiceStatus };

/** An issued invoice. Ids are decimal strings; amounts are `Money` (JSON: `{ amount, currency }`). */
export interface InvoiceView {
  id: string;
  invoiceNumber: string;
  /** The invoiced account (the subscription or usage invoicer of the accounts whose charges it holds). */
  accountId: string;
  accountNumber: string;
  kind: InvoiceKind;
  invoiceDate: string;
  dueDate: string;
  currency: CurrencyCode;
  subtotal: Money;
  tax: Money;
  total: Money;
  paid: Money;
  /** What credit notes gave back, tax included. */
  credited: Money;
  /** Total − paid − credited (never below zero); zero once voided. */
  due: Money;
  /** Derived, never stored: void, credited, paid, past_due or open (see `invoiceStatus`). */
  status: InvoiceStatus;
  /** When it was voided (ISO instant), else null; a voided invoice asks for nothing. */
  voidedAt: string | null;
  voidReason: string | null;
  billingRunId: string | null;
}

export interface InvoiceLineView {
  id: string;
  /** The account the charge is for (a child's charges can sit on its parent's invoice). */
  accountId: string;
  accountNumber: string;
  productId: string | null;
  serviceId: string;
  serviceCode: string;
  chargeKind: 'recurring' | 'one_time' | 'usage' | 'state_based';
  /** `charge` (first billing of its period), `adjustment` (a dated change to a billed period), `late_usage`. */
  lineType: 'charge' | 'adjustment' | 'late_usage';
  description: string;
  quantity: string;
  unitPrice: string;
  periodStart: string;
  periodEnd: string;
  amount: Money;
  tax: Money;
  /** The rate the line was taxed at when issued ("0.0725"); null on lines issued before rates were kept. */
  taxRate: string | null;
}

export interface InvoiceDetail extends InvoiceView {
  lines: InvoiceLineView[];
}

/** "12.5000" → "12.5", "3.0000" → "3": numeric columns keep their scale, people do not need it. */
export function trimDecimal(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** The balance of a stored invoice, as `amountDueMinor` and `invoiceStatus` read it. */
export function invoiceBalanceOf(row: {
  total_minor: bigint;
  paid_minor: bigint;
  credited_minor: bigint;
  voided_at: Date | null;
}): InvoiceBalance {
  return {
    totalMinor: row.total_minor,
    paidMinor: row.paid_minor,
    creditedMinor: row.credited_minor,
    voided: row.voided_at !== null,
  };
}

export function toInvoiceView(row: InvoiceRow, today: string): InvoiceView {
  const currency = row.currency as CurrencyCode;
  const balance = invoiceBalanceOf(row);
  return {
    id: row.id.toString(),
    invoiceNumber: row.invoice_number,
    accountId: row.account_id.toString(),
    accountNumber: row.account_number,
    kind: row.kind,
    invoiceDate: row.invoice_date,
    dueDate: row.due_date,
    currency,
    subtotal: { minor: row.subtotal_minor, currency },
    tax: { minor: row.tax_minor, currency },
    total: { minor: row.total_minor, currency },
    paid: { minor: row.paid_minor, currency },
    credited: { minor: row.credited_minor, currency },
    due: { minor: amountDueMinor(balance), currency },
    status: invoiceStatus({ ...balance, dueDate: row.due_date }, today),
    voidedAt: row.voided_at?.toISOString() ?? null,
    voidReason: row.void_reason,
    billingRunId: row.billing_run_id?.toString() ?? null,
  };
}

export function toInvoiceLineView(row: InvoiceLineRow, currency: CurrencyCode): InvoiceLineView {
  return {
    id: row.id.toString(),
    accountId: row.account_id.toString(),
    accountNumber: row.account_number,
    productId: row.account_product_id?.toString() ?? null,
    serviceId: row.service_id.toString(),
    serviceCode: row.service_code,
    chargeKind: row.charge_kind,
    lineType: row.line_type,
    description: row.description,
    quantity: trimDecimal(row.quantity),
    unitPrice: trimDecimal(row.unit_price),
    periodStart: row.period_start,
    periodEnd: row.period_end,
    amount: { minor: row.amount_minor, currency },
    tax: { minor: row.tax_minor, currency },
    taxRate: row.tax_rate === null ? null : trimDecimal(row.tax_rate),
  };
}
