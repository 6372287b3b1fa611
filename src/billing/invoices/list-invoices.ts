import type { AppContext } from '../../app-context.ts';
import { today } from '../../domain/clock.ts';
import { fail } from '../../domain/errors.ts';
import { findAccount } from '../accounts/accounts.repo.ts';
import { isId } from '../catalog/input.ts';
import { listInvoiceRows } from './invoices.repo.ts';
import { type InvoiceView, toInvoiceView } from './invoices.views.ts';

export interface ListInvoicesInput {
  /** Only invoices addressed to this account (id or number). */
  accountId?: string;
  /** Page size, 1–500 (default 50). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

export interface InvoicePage {
  invoices: InvoiceView[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Issued invoices in issue order, a page at a time (a billing run for 100k accounts issues 100k). */
export async function listInvoices(ctx: AppContext, input: ListInvoicesInput = {}): Promise<InvoicePage> {
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    fail('validation_failed', `limit must be a whole number from 1 to 500, got ${limit}.`, { field: 'limit' });
  }
  if (input.cursor !== undefined && !isId(input.cursor)) {
    fail('validation_failed', `"${input.cursor}" is not a cursor from a previous page.`, { field: 'cursor' });
  }
  let accountId: bigint | undefined;
  if (input.accountId !== undefined) {
    const account = await findAccount(ctx.db, input.accountId);
    if (!account) fail('account_not_found', `No billing account has id or number "${input.accountId}".`);
    accountId = account.id;
  }
  // One row more than asked tells whether another page exists without a count(*).
  const rows = await listInvoiceRows(ctx.db, {
    accountId,
    afterId: input.cursor === undefined ? null : BigInt(input.cursor),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const asOf = today(ctx.clock);
  return {
    invoices: page.map((row) => toInvoiceView(row, asOf)),
    nextCursor: rows.length > limit ? page[page.length - 1].id.toString() : null,
  };
}
