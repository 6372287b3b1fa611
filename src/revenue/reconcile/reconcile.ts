import type { AppContext } from '../../app-context.ts';
import { amountInPeriod } from '../../domain/amount-in-period.ts';
import { addDays, addMonths, isIsoDate } from '../../domain/billing-period.ts';
import { today } from '../../domain/clock.ts';
import { type CurrencyCode, isCurrencyCode } from '../../domain/currency.ts';
import { fail } from '../../domain/errors.ts';
import { formatMoney } from '../../domain/money.ts';
import { tenantCurrency } from '../contracts/tenant-currency.ts';
import { billedLines, billingAccounts, bookedLines } from './reconcile.repo.ts';

/** How one account's booked revenue and billing compare over the period. */
export type ReconcileStatus =
  'matched' | 'missing_invoice' | 'amount_differs' | 'contract_missing' | 'not_in_billing' | 'currency_differs';

export interface ReconciledAccount {
  salesforceId: string | null;
  name: string | null;
  billingAccount: string | null;
  /** Contract ARR on the period's last day. */
  arr: string;
  /** Contract revenue falling in the period (booked contracts, stopped at a termination's effective date). */
  booked: string;
  /** What billing invoiced for service in the period, net of credit notes (in the billing account's currency). */
  billed: string;
  difference: string;
  status: ReconcileStatus;
  /** What to look at, in a sentence. */
  detail: string;
}

export interface Reconciliation {
  from: string;
  to: string;
  currency: string;
  totals: { booked: string; billed: string; difference: string };
  accounts: ReconciledAccount[];
  /** The accounts whose status is not `matched`. */
  differences: ReconciledAccount[];
}

const DETAIL: Record<ReconcileStatus, string> = {
  matched: 'billed as booked',
  missing_invoice: 'booked revenue with nothing invoiced for the period',
  amount_differs:
    'invoiced a different amount than the contracts book (price or quantity differs, or a period is missing)',
  contract_missing: 'invoiced with no booked contract for the period',
  not_in_billing: 'the Salesforce account has no billing account: nothing can have been invoiced',
  currency_differs: 'the billing account is in another currency than revenue; compare by hand',
};

/**
 * Booked vs billed (issue 9): per account and in total, the revenue booked contracts carry for the period (each
 * line's term revenue cut to the period by the month-day measure billing prorates with, stopping the day before
 * the Terminated Effective Date of a contract that carries it with a Termination Date)
 * against what billing invoiced for service in that period (invoice lines' amounts cut the same way, voided
 * invoices left out, credit notes taken off). Accounts are matched through the account sync's links. Every
 * account that differs is listed with why. The period defaults to the 12 months up to today.
 */
export async function reconcile(ctx: AppContext, period: { from?: string; to?: string } = {}): Promise<Reconciliation> {
  for (const [field, value] of Object.entries(period)) {
    if (value !== undefined && !isIsoDate(value)) {
      fail('validation_failed', `--${field} must be a date like 2026-06-30, got "${value}".`, { field });
    }
  }
  const to = period.to ?? today(ctx.clock);
  const from = period.from ?? addDays(addMonths(to, -12), 1);
  if (to < from) fail('invalid_period', `The period ends (${to}) before it starts (${from}).`, { from, to });

  const booked = new Map<string, { name: string | null; bookedMinor: bigint; arrMinor: bigint }>();
  for (const line of await bookedLines(ctx.db, from, to)) {
    // A terminated contract's revenue counts up to the day before its effective date.
    const last = line.stopsOn !== null && line.stopsOn <= line.end ? addDays(line.stopsOn, -1) : line.end;
    const until = last < to ? last : to;
    const entry = booked.get(line.accountId) ?? { name: line.accountName, bookedMinor: 0n, arrMinor: 0n };
    entry.bookedMinor += amountInPeriod(line.revenueMinor, line.start, line.end, from, until);
    if (line.start <= to && to <= last) entry.arrMinor += line.arrMinor;
    booked.set(line.accountId, entry);
  }
  const billed = new Map<bigint, bigint>();
  for (const line of await billedLines(ctx.db, from, to)) {
    const part = amountInPeriod(line.amountMinor, line.start, line.end, from, to);
    billed.set(line.billingAccountId, (billed.get(line.billingAccountId) ?? 0n) + part);
  }
  const accounts = await billingAccounts(ctx.db, [...billed.keys()], [...booked.keys()]);
  const bySalesforce = new Map(accounts.filter((a) => a.salesforceId).map((a) => [a.salesforceId!, a]));
  const tenant = await tenantCurrency(ctx);
  const money = (minor: bigint, currency: CurrencyCode = tenant) => formatMoney({ minor, currency });

  const rows: ReconciledAccount[] = [];
  const seenBilling = new Set<bigint>();
  let bookedTotal = 0n;
  let billedTotal = 0n;
  const row = (r: Omit<ReconciledAccount, 'detail'>): ReconciledAccount => ({ ...r, detail: DETAIL[r.status] });
  for (const [salesforceId, b] of booked) {
    const account = bySalesforce.get(salesforceId);
    if (account) seenBilling.add(account.id);
    const billedMinor = account ? (billed.get(account.id) ?? 0n) : 0n;
    const currency = account && isCurrencyCode(account.currency) ? account.currency : tenant;
    const status: ReconcileStatus = !account
      ? 'not_in_billing'
      : currency !== tenant
        ? 'currency_differs'
        : billedMinor === b.bookedMinor
          ? 'matched'
          : billedMinor === 0n
            ? 'missing_invoice'
            : 'amount_differs';
    if (status !== 'currency_differs') {
      bookedTotal += b.bookedMinor;
      billedTotal += billedMinor;
    }
    rows.push(
      row({
        salesforceId,
        name: account?.name ?? b.name,
        billingAccount: account?.number ?? null,
        arr: money(b.arrMinor),
        booked: money(b.bookedMinor),
        billed: money(billedMinor, currency),
        difference: status === 'currency_differs' ? '' : money(billedMinor - b.bookedMinor),
        status,
      }),
    );
  }
  for (const account of accounts) {
    const billedMinor = billed.get(account.id);
    if (seenBilling.has(account.id) || billedMinor === undefined || billedMinor === 0n) continue;
    const currency = isCurrencyCode(account.currency) ? account.currency : tenant;
    if (currency === tenant) billedTotal += billedMinor;
    rows.push(
      row({
        salesforceId: account.salesforceId,
        name: account.name,
        billingAccount: account.number,
        arr: money(0n),
        booked: money(0n),
        billed: money(billedMinor, currency),
        difference: currency === tenant ? money(billedMinor) : '',
        status: currency === tenant ? 'contract_missing' : 'currency_differs',
      }),
    );
  }
  rows.sort(
    (a, b) =>
      (a.name ?? '').localeCompare(b.name ?? '') || (a.billingAccount ?? '').localeCompare(b.billingAccount ?? ''),
  );
  return {
    from,
    to,
    currency: tenant,
    totals: { booked: money(bookedTotal), billed: money(billedTotal), difference: money(billedTotal - bookedTotal) },
    accounts: rows,
    differences: rows.filter((r) => r.status !== 'matched'),
  };
}
