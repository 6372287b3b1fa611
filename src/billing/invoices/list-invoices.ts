import type { AppContext } from '../../app-context.ts';
import { today } from '../../domain/clock.ts';
import { keysetPage, type PageRequest, pageWindow } from '../keyset-page.ts';
import { listInvoiceRows } from './invoices.repo.ts';
import { type InvoiceView, toInvoiceView } from './invoices.views.ts';
import { requireAccount } from '../accounts/require-account.ts';

export interface ListInvoicesInput extends PageRequest {
  /** Only invoices addressed to this account (id or number). */
  accountId?: string;
  /** Page size, 1–500 (default 50). */
  limit?: number;
}

export interface InvoicePage {
  invoices: InvoiceView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Issued invoices in issue order, a page at a time (a billing run for 100k accounts issues 100k). */
export async function listInvoices(ctx: AppContext, input: ListInvoicesInput = {}): Promise<InvoicePage> {
  const window = pageWindow(input, 50, 500);
  let accountId: bigint | undefined;
  if (input.accountId !== undefined) {
    const account = await requireAccount(ctx.db, input.accountId);
    accountId = account.id;
  }
  const rows = await listInvoiceRows(ctx.db, { accountId, afterId: window.afterId, limit: window.fetch });
  const { page, nextCursor } = keysetPage(rows, window);
  const asOf = today(ctx.clock);
  return { invoices: page.map((row) => toInvoiceView(row, asOf)), nextCursor };
}
