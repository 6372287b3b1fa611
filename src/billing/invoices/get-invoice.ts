import type { AppContext } from '../../app-context.ts';
import { today } from '../../domain/clock.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { fail } from '../../domain/errors.ts';
import { findInvoice, listInvoiceLines } from './invoices.repo.ts';
import { type InvoiceDetail, toInvoiceLineView, toInvoiceView } from './invoices.views.ts';

/** One invoice, by number (`A-1001-0003`) or id, with its lines as issued. */
export async function getInvoice(ctx: AppContext, idOrNumber: string): Promise<InvoiceDetail> {
  const row = await findInvoice(ctx.db, idOrNumber);
  if (!row) fail('invoice_not_found', `No invoice has number or id "${idOrNumber}".`, { invoice: idOrNumber });
  const lines = await listInvoiceLines(ctx.db, row.id);
  return {
    ...toInvoiceView(row, today(ctx.clock)),
    lines: lines.map((line) => toInvoiceLineView(line, row.currency as CurrencyCode)),
  };
}
