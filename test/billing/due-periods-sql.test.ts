import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { addDays, type BillingCycle, type BillingPeriod } from '../../src/domain/billing-period.ts';
import { lastBillableDay } from '../../src/domain/account-status.ts';
import { dueRanges } from '../../src/domain/due-periods.ts';
import { prorate, rangeShare } from '../../src/domain/proration.ts';
import { createAccount, createPackage, orderProduct, recordUsage, setAccount } from '../scenarios/billing-fixtures.ts';
import { useFixtureContext } from './helpers.ts';

/**
 * The run's SQL (coverage.repo.ts, usage-charges.repo.ts) against `dueRanges`, the one domain function
 * that decides what is due, on generated histories: random product starts and ends, accounts closed from a
 * random day (`lastBillableDay`), account cycles that
 * change between runs, usage on random days, and random run-date sequences (repeated, skipped, out of
 * order). After every run, the ranges the SQL billed for each product service and usage service must be
 * exactly the ones the domain says, priced like `rangeShare`, and in the end every day of every product is
 * billed exactly once.
 */
const t = useFixtureContext();
const cycles: BillingCycle[] = ['monthly', 'quarterly', 'semiannual', 'annual'];
const PRICE = 10_000n; // 100.00 a month

interface History {
  accounts: { start: string; length: number | null; cycle: BillingCycle; usage: number[]; closedFrom: string | null }[];
  runs: { date: string; cycleChanges: (BillingCycle | null)[] }[];
}

const dayIn2026 = (n: number) => addDays('2026-01-01', n);
const history: fc.Arbitrary<History> = fc.integer({ min: 3, max: 8 }).chain((n) =>
  fc.record({
    accounts: fc.array(
      fc.record({
        start: fc.integer({ min: 0, max: 300 }).map(dayIn2026),
        length: fc.option(fc.integer({ min: 0, max: 400 }), { freq: 2 }),
        cycle: fc.constantFrom(...cycles),
        usage: fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 4 }),
        closedFrom: fc.option(fc.integer({ min: 0, max: 500 }).map(dayIn2026), { freq: 3 }),
      }),
      { minLength: n, maxLength: n },
    ),
    runs: fc.array(
      fc.record({
        date: fc.integer({ min: 0, max: 540 }).map(dayIn2026),
        cycleChanges: fc.array(fc.option(fc.constantFrom(...cycles), { freq: 4 }), { minLength: n, maxLength: n }),
      }),
      { minLength: 2, maxLength: 7 },
    ),
  }),
);

const yearStart = (date: string) => `${date.slice(0, 4)}-01-01`;
const overlaps = (a: BillingPeriod, b: BillingPeriod) => a.start <= b.end && b.start <= a.end;
const days = (r: BillingPeriod) => (Date.parse(r.end) - Date.parse(r.start)) / 86_400_000 + 1;

describe('due ranges: the run SQL against dueRanges() on generated histories', () => {
  it('bills what the domain says is due, run after run, and every day once', async () => {
    const samples = fc.sample(history, { numRuns: 6, seed: 20261201 });
    for (const [h, sample] of samples.entries()) {
      const { packageId, services } = await createPackage(t.db, `GEN-${h}`, [
        { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: PRICE }] },
        { code: 'calls', kind: 'usage', prices: [{ from: '2025-01-01', usageRate: '0.01' }] },
      ]);
      const model = [];
      for (const [i, a] of sample.accounts.entries()) {
        const id = await createAccount(t.db, `GEN-${h}-${i}`, { billing_cycle: a.cycle });
        const productEnd = a.length === null ? null : addDays(a.start, a.length);
        const product = await orderProduct(t.db, id, packageId, { start: a.start, end: productEnd ?? undefined });
        if (a.closedFrom !== null) {
          await t.db
            .insertInto('account_status_history')
            .values({ account_id: id, effective_from: a.closedFrom, status: 'closed' })
            .execute();
        }
        const recorded = a.usage.map(dayIn2026);
        for (const d of recorded) await recordUsage(t.db, id, services.calls, '100', d);
        // Nothing of a closed account is billed from the day it closed (ACCOUNT_CLOSURE_RULE).
        const usageDays = recorded.filter((d) => a.closedFrom === null || d < a.closedFrom);
        model.push({
          id,
          product,
          start: a.start,
          end: lastBillableDay(productEnd, a.closedFrom),
          cycle: a.cycle,
          usageDays,
          covered: [] as BillingPeriod[],
          usageCovered: [] as BillingPeriod[],
        });
      }
      for (const run of sample.runs) {
        for (const [i, change] of run.cycleChanges.entries()) {
          if (change === null) continue;
          model[i].cycle = change;
          await setAccount(t.db, model[i].id, { billing_cycle: change });
        }
        const before = await maxLineId();
        await runBilling(t.ctx, { date: run.date, allowFutureDate: true });
        for (const m of model) {
          const expected = dueRanges({
            cycle: m.cycle,
            runDate: run.date,
            timing: 'in_advance',
            activeFrom: m.start,
            activeTo: m.end,
            covered: m.covered,
          });
          const billed = await newLines(m.id, before);
          const seats = billed.filter((l) => l.charge_kind === 'recurring' && l.line_type === 'charge');
          expect(
            seats.map((l) => ({ start: l.period_start, end: l.period_end })),
            `history ${h}, ${run.date}, account ${m.id}`,
          ).toEqual(expected);
          for (const l of seats) {
            expect(l.amount_minor).toBe(
              prorate(PRICE, '1', rangeShare(l.period_start, l.period_end, 'monthly'), 'USD'),
            );
          }
          m.covered.push(...expected);

          const unbilled = m.usageDays.filter((d) => !m.usageCovered.some((c) => c.start <= d && d <= c.end));
          const usageDue =
            unbilled.length === 0
              ? []
              : dueRanges({
                  cycle: m.cycle,
                  runDate: run.date,
                  timing: 'in_arrears',
                  activeFrom: yearStart(unbilled.reduce((a, b) => (a < b ? a : b))),
                  activeTo: null,
                  covered: m.usageCovered,
                }).filter((r) => unbilled.some((d) => r.start <= d && d <= r.end));
          const usageLines = billed.filter((l) => l.charge_kind === 'usage');
          expect(usageLines.map((l) => ({ start: l.period_start, end: l.period_end }))).toEqual(usageDue);
          for (const l of usageLines) {
            const used = m.usageDays.filter((d) => l.period_start <= d && d <= l.period_end).length;
            expect(l.amount_minor).toBe(BigInt(used * 100)); // 100 calls a day at 0.01
          }
          m.usageCovered.push(...usageDue);
        }
      }
      // Exactly once: no two billed ranges of a product touch, and together they never exceed its days.
      for (const m of model) {
        for (const [i, a] of m.covered.entries()) {
          for (const b of m.covered.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
          expect(a.start >= m.start && (m.end === null || a.end <= m.end)).toBe(true);
        }
        const total = m.covered.reduce((n, r) => n + days(r), 0);
        if (m.end !== null && m.end >= m.start && sample.runs.some((r) => r.date >= m.end!)) {
          expect(total).toBe(days({ start: m.start, end: m.end }));
        }
      }
    }
  });
});

async function maxLineId(): Promise<bigint> {
  const { rows } = await sql<{ id: bigint | null }>`SELECT max(id) AS id FROM invoice_lines`.execute(t.db);
  return rows[0].id ?? 0n;
}

async function newLines(accountId: bigint, after: bigint) {
  return t.db
    .selectFrom('invoice_lines')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '>', after)
    .orderBy('charge_kind')
    .orderBy('period_start')
    .execute();
}
