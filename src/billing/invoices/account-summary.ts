import type { AppContext } from '../../app-context.ts';
import { today as clockToday } from '../../domain/clock.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { financialSummary } from '../../domain/financial-summary.ts';
import type { Money } from '../../domain/money.ts';
import { parseDate } from '../input/date-input.ts';
import { listInvoicesForSummaries, listInvoicesForSummary } from './invoices.repo.ts';
import { invoiceBalanceOf } from './invoices.views.ts';
import { requireAccount } from '../accounts/require-account.ts';

export interface InvoiceMarkView {
  date: string;
  amount: Money;
}

/**
 * The invoice roll-ups seed 003 puts on the Salesforce Account: Total Amount Billed (all time), First and
 * Latest Invoice Amount and Date, Due Amount, Past Due Amount.
 */
export interface AccountSummary {
  accountId: string;
  accountNumber: string;
  currency: CurrencyCode;
  /** The day the summary is for: due and past due depend on it. */
  asOf: string;
  /** Invoices that count: voided ones do not. */
  invoiceCount: number;
  /** All time, voided invoices left out and credit notes taken off. */
  totalBilled: Money;
  /** The credit notes already taken off `totalBilled`. */
  totalCredited: Money;
  firstInvoice: InvoiceMarkView | null;
  latestInvoice: InvoiceMarkView | null;
  due: Money;
  pastDue: Money;
}

/**
 * An account's financial summary as of `today` (default: the clock's day), over the invoices addressed to
 * it. A child whose charges its parent invoices has none of its own; its parent's summary holds them, as
 * the invoices do.
 */
export async function accountSummary(ctx: AppContext, accountId: string, today?: string): Promise<AccountSummary> {
  const asOf = today === undefined ? clockToday(ctx.clock) : parseDate(today, 'today');
  const account = await requireAccount(ctx.db, accountId);
  return summaryOf(account, await listInvoicesForSummary(ctx.db, account.id), asOf);
}

/**
 * `accountSummary` for many accounts at once (the roll-ups written to Salesforce): one query for all
 * their invoices. Accounts that do not exist are left out.
 */
export async function accountSummaries(
  ctx: AppContext,
  accountIds: readonly bigint[],
  today?: string,
): Promise<Map<bigint, AccountSummary>> {
  const asOf = today === undefined ? clockToday(ctx.clock) : parseDate(today, 'today');
  if (accountIds.length === 0) return new Map();
  const accounts = await ctx.db
    .selectFrom('accounts')
    .select(['id', 'account_number', 'currency'])
    .where('id', 'in', [...accountIds])
    .execute();
  const invoices = await listInvoicesForSummaries(ctx.db, accountIds);
  return new Map(accounts.map((a) => [a.id, summaryOf(a, invoices.get(a.id) ?? [], asOf)]));
}

function summaryOf(
  account: { id: bigint; account_number: string; currency: string },
  invoices: Awaited<ReturnType<typeof listInvoicesForSummary>>,
  asOf: string,
): AccountSummary {
  const currency = account.currency as CurrencyCode;
  const summary = financialSummary(
    invoices.map((i) => ({ invoiceDate: i.invoice_date, dueDate: i.due_date, ...invoiceBalanceOf(i) })),
    currency,
    asOf,
  );
  const mark = (m: { date: string; amountMinor: bigint } | null) =>
    m && { date: m.date, amount: { minor: m.amountMinor, currency } };
  return {
    accountId: account.id.toString(),
    accountNumber: account.account_number,
    currency,
    asOf,
    invoiceCount: summary.invoiceCount,
    totalBilled: { minor: summary.totalBilledMinor, currency },
    totalCredited: { minor: summary.totalCreditedMinor, currency },
    firstInvoice: mark(summary.firstInvoice),
    latestInvoice: mark(summary.latestInvoice),
    due: { minor: summary.dueMinor, currency },
    pastDue: { minor: summary.pastDueMinor, currency },
  };
}
