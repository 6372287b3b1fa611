import type { AppContext } from '../../app-context.ts';
import { DEFAULT_BILLING_CYCLE } from '../../domain/account-hierarchy.ts';
import {
  type BillingCycle,
  type BillingPeriod,
  CYCLE_MONTHS,
  nextPeriodStart,
  periodContaining,
} from '../../domain/billing-period.ts';
import { today } from '../../domain/clock.ts';
import type { CurrencyCode } from '../../domain/currency.ts';
import { billingHorizon } from '../../domain/due-periods.ts';
import { fail } from '../../domain/errors.ts';
import { parseDate } from '../input/date-input.ts';
import type { Money } from '../../domain/money.ts';
import { dropUnpricedCharges, lineCounts, settleReratedProducts } from './run-outcome.repo.ts';
import { stageProductCharges, stageProductRanges, stageSegments, stageVersions } from './charges.repo.ts';
import { createKeysTable, stageCoverage, stageGaps, stagePieces, stageProductKeys } from './coverage.repo.ts';
import { assertOneCurrencyPerInvoice, issueInvoices, runTotals, stageInvoices } from './issue-invoices.repo.ts';
import {
  type RunCycle,
  createChargesTable,
  lockBillingRuns,
  stageAccounts,
  stageCurrencies,
  stageCycles,
  stagePeriods,
} from './run-staging.repo.ts';
import { markUsageBilled, stageUsageCharges, stageUsageKeys, stageUsageRanges } from './usage-charges.repo.ts';
import { type UntaxedSummary, untaxedAccounts } from './untaxed-accounts.repo.ts';

export interface RunBillingInput {
  /** The run date (YYYY-MM-DD): the invoice date, and the day that decides which periods are due. */
  date: string;
  /**
   * Bill a date after the store's today. Only for test clocks and rehearsals: a run in the future would
   * bill periods in advance that far ahead and usage that has not happened yet.
   */
  allowFutureDate?: boolean;
}

export interface CurrencyTotals {
  invoices: number;
  subtotal: Money;
  tax: Money;
  total: Money;
}

export interface BillingRunResult {
  runId: string;
  date: string;
  /** The current period of monthly accounts (the default cycle); `periods` has every cycle's. */
  period: BillingPeriod;
  periods: Record<BillingCycle, BillingPeriod>;
  invoicesCreated: number;
  linesCreated: number;
  /** Lines by what they are: first charges of a range, adjustments of billed ranges, late usage. */
  lines: { charges: number; adjustments: number; lateUsage: number };
  /** Charges left out because the service has no price on the day (`price_not_defined`); billed once priced. */
  unpricedCharges: number;
  /** Accounts whose lines were issued without tax: no country on the tax account, or no rate on the date. */
  untaxed: UntaxedSummary;
  totalsByCurrency: Record<string, CurrencyTotals>;
}

/**
 * The billing run for `date` (see `dueRanges` in src/domain/due-periods.ts for what is due): recurring and
 * state-based services in advance for every uncovered range up to the period `date` falls in, usage in
 * arrears for every ended period, one-time services once, adjustments for billed ranges whose facts
 * changed, late usage for billed ranges. Each account's charges go on invoices of its subscription and
 * usage invoicer accounts, taxed at its tax account's flat jurisdiction rate.
 *
 * Set-based: a fixed handful of statements whatever the number of accounts (see `npm run bench --
 * billing`), all in one transaction, so a failed run leaves nothing behind; an advisory lock serialises
 * runs. Idempotent: a range is billed once, so a repeated run (or any run date already covered) creates
 * nothing, and issued invoices are never touched.
 */
export async function runBilling(ctx: AppContext, input: RunBillingInput): Promise<BillingRunResult> {
  // The store's range too (0000-01-31 is refused with validation_failed naming the field), not only the form.
  const date = parseDate(input.date, 'date');
  const cycles = Object.keys(CYCLE_MONTHS) as BillingCycle[];
  const current = Object.fromEntries(cycles.map((c) => [c, periodContaining(date, c)])) as Record<
    BillingCycle,
    BillingPeriod
  >;
  const storeToday = today(ctx.clock);
  if (date > storeToday && !input.allowFutureDate) {
    fail('run_date_in_future', `The run date ${date} is after today (${storeToday}).`, { date, today: storeToday });
  }
  const runCycles: RunCycle[] = cycles.map((cycle) => ({
    cycle,
    months: CYCLE_MONTHS[cycle],
    advanceEnd: billingHorizon(cycle, date, 'in_advance'),
    arrearsEnd: billingHorizon(cycle, date, 'in_arrears'),
  }));
  const started = performance.now();

  // Where a run's time goes, step by step, at debug level (LOG_LEVEL=debug): the first thing to read when a
  // run is slower than `npm run bench -- billing` says it should be.
  const steps: Record<string, number> = {};
  const timed = async <T>(name: string, step: () => Promise<T>): Promise<T> => {
    const from = performance.now();
    try {
      return await step();
    } finally {
      steps[name] = Math.round(performance.now() - from);
    }
  };

  const outcome = await ctx.db.transaction().execute(async (trx) => {
    await lockBillingRuns(trx);
    const run = await trx
      .insertInto('billing_runs')
      .values({ run_date: date, started_at: ctx.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();

    await timed('stageCycles', () => stageCycles(trx, runCycles));
    await timed('stageCurrencies', () => stageCurrencies(trx));
    await timed('stageAccounts', () => stageAccounts(trx, date));
    await timed('createKeysTable', () => createKeysTable(trx));
    await timed('stageProductKeys', () => stageProductKeys(trx));
    await timed('stageUsageKeys', () => stageUsageKeys(trx));
    await timed('stageCoverage', () => stageCoverage(trx));
    const firstUncovered = await timed('stageGaps', () => stageGaps(trx));
    await timed('stagePeriods', () =>
      stagePeriods(trx, firstUncovered === null ? [] : calendarPeriods(firstUncovered, runCycles)),
    );
    await timed('stagePieces', () => stagePieces(trx));
    await timed('stageProductRanges', () => stageProductRanges(trx));
    await timed('stageVersions', () => stageVersions(trx));
    await timed('stageSegments', () => stageSegments(trx));
    await timed('createChargesTable', () => createChargesTable(trx));
    await timed('stageProductCharges', () => stageProductCharges(trx));
    await timed('stageUsageRanges', () => stageUsageRanges(trx));
    await timed('stageUsageCharges', () => stageUsageCharges(trx));
    const unpriced = await timed('dropUnpricedCharges', () => dropUnpricedCharges(trx));
    await timed('assertOneCurrencyPerInvoice', () => assertOneCurrencyPerInvoice(trx));
    await timed('stageInvoices', () => stageInvoices(trx, date));
    const created = await timed('issueInvoices', () => issueInvoices(trx, run.id, date));
    const lines = await timed('lineCounts', () => lineCounts(trx));
    await timed('markUsageBilled', () => markUsageBilled(trx));
    await timed('settleReratedProducts', () => settleReratedProducts(trx));
    const untaxed = await timed('untaxedAccounts', () => untaxedAccounts(trx));
    const totals = await runTotals(trx, run.id);

    await trx
      .updateTable('billing_runs')
      .set({ finished_at: ctx.clock.now(), invoices_created: created.invoices, lines_created: created.lines })
      .where('id', '=', run.id)
      .execute();
    return { runId: run.id, created, lines, unpriced, untaxed, totals };
  });

  const totalsByCurrency: Record<string, CurrencyTotals> = {};
  for (const t of outcome.totals) {
    const currency = t.currency as CurrencyCode;
    totalsByCurrency[currency] = {
      invoices: t.invoices,
      subtotal: { minor: t.subtotal_minor, currency },
      tax: { minor: t.tax_minor, currency },
      total: { minor: t.total_minor, currency },
    };
  }
  const result: BillingRunResult = {
    runId: outcome.runId.toString(),
    date,
    period: current[DEFAULT_BILLING_CYCLE],
    periods: current,
    invoicesCreated: outcome.created.invoices,
    linesCreated: outcome.created.lines,
    lines: outcome.lines,
    unpricedCharges: outcome.unpriced,
    untaxed: outcome.untaxed,
    totalsByCurrency,
  };
  const log = { runId: result.runId, date, ms: Math.round(performance.now() - started) };
  if (outcome.unpriced > 0) ctx.logger.warn({ ...log, unpriced: outcome.unpriced }, 'charges without a price');
  if (outcome.untaxed.accounts > 0)
    ctx.logger.warn({ ...log, untaxed: outcome.untaxed }, 'accounts invoiced without tax');
  ctx.logger.info({ ...log, invoices: result.invoicesCreated, ...result.lines }, 'billing run done');
  ctx.logger.debug({ ...log, steps }, 'billing run steps (ms)');
  return result;
}

/** Every calendar period of every cycle from the one holding `from` to the run's in-advance horizon. */
function calendarPeriods(from: string, cycles: RunCycle[]): (BillingPeriod & { cycle: BillingCycle })[] {
  const periods: (BillingPeriod & { cycle: BillingCycle })[] = [];
  for (const { cycle, advanceEnd } of cycles) {
    for (
      let p = periodContaining(from, cycle);
      p.start <= advanceEnd;
      p = periodContaining(nextPeriodStart(p), cycle)
    ) {
      periods.push({ cycle, ...p });
    }
  }
  return periods;
}
