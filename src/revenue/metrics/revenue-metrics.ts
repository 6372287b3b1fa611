import type { AppContext } from '../../app-context.ts';
import { isIsoDate } from '../../domain/billing-period.ts';
import { today } from '../../domain/clock.ts';
import { fail } from '../../domain/errors.ts';
import { formatMoney } from '../../domain/money.ts';
import { decimal } from '../../domain/rate.ts';
import { tenantCurrency } from '../contracts/tenant-currency.ts';
import { metricSums } from './revenue-metrics.repo.ts';

export interface RevenueMetrics {
  asOf: string;
  currency: string;
  arr: string;
  mrr: string;
  /** ARR plus the one-time revenue of the contracts counting in it. */
  acv: string;
  /** Term revenue of the contracts booked (closed) in the 12 months up to the day. */
  bookings: string;
  /** ARR of booked contracts ending in the next 90 days with no booked renewal. */
  renewalsDue: string;
  /** Booked contracts past their end with no booked renewal (still counting in ARR). */
  overdue: { count: number; arr: string };
  /** ARR of contracts churned in the 12 months up to the day (at the day before each churned). */
  churnedArr: string;
  /** Net revenue retention: the ARR now of the accounts that had ARR a year before, over what they had then. */
  nrr: string | null;
  /** Gross revenue retention: the same, each account capped at what it had (no expansion). */
  grr: string | null;
}

/** The revenue metrics on a day (today by default), from every booked contract in one query. */
export async function revenueMetrics(ctx: AppContext, asOf?: string): Promise<RevenueMetrics> {
  if (asOf !== undefined && !isIsoDate(asOf)) {
    fail('validation_failed', `--as-of must be a date like 2026-06-30, got "${asOf}".`, { field: 'asOf' });
  }
  const day = asOf ?? today(ctx.clock);
  const s = await metricSums(ctx.db, day);
  const currency = await tenantCurrency(ctx);
  const money = (minor: bigint) => formatMoney({ minor, currency });
  const ratio = (part: bigint) =>
    s.startArr > 0n ? decimal(part).dividedBy(decimal(s.startArr)).toDecimalPlaces(4).toFixed(4) : null;
  return {
    asOf: day,
    currency,
    arr: money(s.arr),
    mrr: money(s.mrr),
    acv: money(s.arr + s.oneTime),
    bookings: money(s.bookings),
    renewalsDue: money(s.renewalsDue),
    overdue: { count: s.overdueCount, arr: money(s.overdueArr) },
    churnedArr: money(s.churnedArr),
    nrr: ratio(s.retainedNet),
    grr: ratio(s.retainedGross),
  };
}
