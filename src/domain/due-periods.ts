import { addDays, type BillingCycle, type BillingPeriod, periodContaining } from './billing-period.ts';

/**
 * Which ranges a billing run bills, decided once here and mirrored by the run's SQL (charges.repo.ts;
 * test/billing/due-periods-sql.test.ts compares the two on generated histories).
 *
 * A charge is identified by the whole range it covers. For a run dated D:
 * - recurring and state-based charges are billed **in advance**: every period of the account's cycle up
 *   to and including the one D falls in;
 * - usage is billed **in arrears**: every period that has ended by D (a period has ended on its last day,
 *   so a run dated on the last day of a month bills that month's usage);
 * - a one-time charge once, on the product's first day, by the first run whose period reaches it;
 * and always only what no earlier charge covers, so missed periods are caught up and any sequence of run
 * dates (daily, month-end, skipped, repeated, out of order) bills each day of each product exactly once.
 * Periods are cut by the account's *current* cycle; days already covered (say, by a quarter billed before
 * a switch to monthly) are never billed again, and the uncovered rest of a period is billed as one range.
 */

export type ChargeTiming = 'in_advance' | 'in_arrears' | 'once';

export interface DueRangesInput {
  cycle: BillingCycle;
  runDate: string;
  timing: ChargeTiming;
  /** First billable day (the product's start; for usage, the first unbilled day used). */
  activeFrom: string;
  /** Last billable day (product end, day before the account closed), or null when open-ended. */
  activeTo: string | null;
  /** Ranges already billed (charge lines on invoices that are not void), in any order. */
  covered: BillingPeriod[];
}

/** The last day a run dated `runDate` bills for `timing` on `cycle`, or null when nothing is due yet. */
export function billingHorizon(cycle: BillingCycle, runDate: string, timing: ChargeTiming): string {
  const current = periodContaining(runDate, cycle);
  if (timing !== 'in_arrears') return current.end;
  return runDate === current.end ? current.end : addDays(current.start, -1);
}

/**
 * The uncovered ranges due for one product service (or one account's usage service) on `runDate`, each
 * within one period of the cycle, in date order.
 */
export function dueRanges(input: DueRangesInput): BillingPeriod[] {
  const horizon = billingHorizon(input.cycle, input.runDate, input.timing);
  if (input.timing === 'once') {
    const day = input.activeFrom;
    const covered = input.covered.some((c) => c.start <= day && day <= c.end);
    return !covered && day <= horizon ? [{ start: day, end: day }] : [];
  }
  const last = input.activeTo !== null && input.activeTo < horizon ? input.activeTo : horizon;
  const due: BillingPeriod[] = [];
  for (const gap of uncoveredRanges(input.activeFrom, last, input.covered)) {
    for (let day = gap.start; day <= gap.end;) {
      const period = periodContaining(day, input.cycle);
      const end = period.end < gap.end ? period.end : gap.end;
      due.push({ start: day, end });
      day = addDays(end, 1);
    }
  }
  return due;
}

/** The parts of `from`..`to` that no covered range touches, in date order. */
export function uncoveredRanges(from: string, to: string, covered: BillingPeriod[]): BillingPeriod[] {
  const gaps: BillingPeriod[] = [];
  let cursor = from;
  for (const c of [...covered].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))) {
    if (cursor > to) break;
    if (c.end < cursor) continue;
    if (c.start > cursor) gaps.push({ start: cursor, end: c.start <= to ? addDays(c.start, -1) : to });
    cursor = addDays(c.end, 1);
  }
  if (cursor <= to) gaps.push({ start: cursor, end: to });
  return gaps;
}
