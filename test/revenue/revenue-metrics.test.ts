import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { amendedContract, contractState, countsInArr, effectiveChurnDate } from '../../src/domain/contract-state.ts';
import { FixedClock } from '../../src/domain/clock.ts';
import { addDays, addMonths } from '../../src/domain/billing-period.ts';
import { formatMoney } from '../../src/domain/money.ts';
import { decimal } from '../../src/domain/rate.ts';
import { contractSums } from '../../src/domain/recurring-revenue.ts';
import { contractRevenue, standingOf, type StoredContract } from '../../src/revenue/contracts/contract-view.ts';
import { findContracts, linksOf } from '../../src/revenue/contracts/stored-contracts.repo.ts';
import { revenueMetrics } from '../../src/revenue/metrics/revenue-metrics.ts';
import { type TestDb, testDb } from '../db.ts';

/** A small deterministic generator (mulberry32), so a failure names data that can be made again. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 400 contracts on 25 accounts, across 2024–2026: one to three lines (a quarter one-time), some with Assigned
 * ARR/MRR, some terminated, a third renewed by a later contract (booked, lost with an effective date, or
 * forecast), some amended, a few archived.
 */
async function generate(db: TestDb['db']): Promise<void> {
  const next = random(20261202);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const at = new Date('2026-01-01T00:00:00Z');
  await db
    .insertInto('revenue_stages')
    .values(
      (['Closed Won:booked', 'Closed Lost:lost', 'Negotiation:forecast'] as const).map((s) => {
        const [stage, category] = s.split(':') as [string, 'booked' | 'lost' | 'forecast'];
        return { stage, category, mapped_by: 'org' as const, created_at: at, updated_at: at };
      }),
    )
    .execute();
  const [recurringProduct, oneTimeProduct] = await db
    .insertInto('revenue_products')
    .values([
      { code: 'SUB', name: 'Sub', active: true, recurring: true, created_at: at, updated_at: at },
      { code: 'ONCE', name: 'Once', active: true, recurring: false, created_at: at, updated_at: at },
    ])
    .returning('id')
    .execute();
  const ids: bigint[] = [];
  for (let i = 0; i < 400; i++) {
    const start = addDays('2024-01-01', Math.floor(next() * 900));
    const end = addDays(addMonths(start, pick([3, 6, 12, 12, 24])), -1);
    const stage = next() < 0.8 ? 'Closed Won' : pick(['Closed Lost', 'Negotiation']);
    const lines = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, position) => {
      const recurring = next() < 0.75;
      const lineStart = next() < 0.7 ? start : addDays(start, Math.floor(next() * 60));
      const arr = BigInt(Math.floor(next() * 5_000_000) - (next() < 0.1 ? 2_000_000 : 0));
      return {
        position,
        product_id: recurring ? recurringProduct.id : oneTimeProduct.id,
        quantity: '1',
        start_date: lineStart,
        end_date: lineStart > end ? lineStart : end,
        revenue_minor: BigInt(Math.floor(next() * 10_000_000)),
        recurring,
        arr_minor: recurring ? arr : 0n,
        mrr_minor: recurring ? arr / 12n : 0n,
      };
    });
    const assigned = next() < 0.08;
    const terminated = next() < 0.1;
    // The sums kept with the lines, as writeContracts keeps them.
    const sums = contractSums(
      { start, end },
      lines.map((l) => ({
        start: l.start_date,
        end: l.end_date,
        recurring: l.recurring,
        revenueMinor: l.revenue_minor,
        arrMinor: l.arr_minor,
        mrrMinor: l.mrr_minor,
      })),
    );
    const [{ id }] = await db
      .insertInto('contracts')
      .values({
        origin: 'salesforce',
        name: `C${i}`,
        account_salesforce_id: `001${String(Math.floor(next() * 25)).padStart(15, '0')}`,
        stage,
        close_date: addDays(start, -Math.floor(next() * 30)),
        start_date: start,
        end_date: end,
        currency: 'USD',
        source_currency: 'USD',
        conversion_rate: '1',
        assigned_arr_minor: assigned ? 1_200_000n : null,
        assigned_mrr_minor: assigned ? 100_000n : null,
        terminated_effective_date: terminated || next() < 0.1 ? addDays(start, Math.floor(next() * 500)) : null,
        termination_date: terminated ? start : null,
        recurring: sums.recurring,
        uniform: sums.uniform,
        arr_minor: sums.arrMinor,
        mrr_minor: sums.mrrMinor,
        one_time_minor: sums.oneTimeMinor,
        revenue_minor: sums.revenueMinor,
        archived_at: next() < 0.03 ? at : null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .execute();
    ids.push(id);
    await db
      .insertInto('contract_lines')
      .values(lines.map((l) => ({ ...l, contract_id: id })))
      .execute();
    if (i > 0 && next() < 0.35) {
      await db
        .insertInto('contract_links')
        .values({
          kind: next() < 0.7 ? 'renewal' : 'amendment',
          later_id: id,
          earlier_id: pick(ids.slice(0, -1)),
          source: 'salesforce',
          created_at: at,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
}

/** The metrics computed contract by contract with the domain's rules: what the one SQL statement must agree with. */
async function reference(ctx: AppContext, asOf: string) {
  const contracts = (await findContracts(ctx.db, { limit: 10_000 })).filter((c) => c.status === 'booked');
  const links = await linksOf(ctx.db, contracts);
  const yearBefore = addDays(addMonths(asOf, -12), 0);
  const standing = (c: StoredContract) => standingOf(c, links);
  const arrOn = (c: StoredContract, day: string) =>
    countsInArr(standing(c), day) ? contractRevenue(c, day) : { arrMinor: 0n, mrrMinor: 0n };
  const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
  const due = addDays(asOf, 90);
  const byAccount = new Map<string, { then: bigint; now: bigint }>();
  for (const c of contracts) {
    const a = byAccount.get(c.accountId!) ?? { then: 0n, now: 0n };
    a.then += arrOn(c, yearBefore).arrMinor;
    a.now += arrOn(c, asOf).arrMinor;
    byAccount.set(c.accountId!, a);
  }
  const kept = [...byAccount.values()].filter((a) => a.then > 0n);
  const start = sum(kept.map((a) => a.then));
  const ratio = (part: bigint) => (start > 0n ? decimal(part).dividedBy(decimal(start)).toFixed(4) : null);
  const usd = (minor: bigint) => formatMoney({ minor, currency: 'USD' });
  const overdue = contracts.filter((c) => contractState(standing(c), asOf) === 'overdue');
  // Overdue contracts are counted without the amendments riding along with them (their ARR is in).
  const overdueContracts = overdue.filter((c) => amendedContract(standing(c)) === null);
  const oneTime = (c: StoredContract) => sum(c.lines.filter((l) => !l.recurring).map((l) => l.revenueMinor));
  return {
    asOf,
    currency: 'USD',
    arr: usd(sum(contracts.map((c) => arrOn(c, asOf).arrMinor))),
    mrr: usd(sum(contracts.map((c) => arrOn(c, asOf).mrrMinor))),
    acv: usd(
      sum(contracts.map((c) => (countsInArr(standing(c), asOf) ? contractRevenue(c, asOf).arrMinor + oneTime(c) : 0n))),
    ),
    bookings: usd(
      sum(
        contracts
          .filter((c) => c.closeDate > yearBefore && c.closeDate <= asOf)
          .flatMap((c) => c.lines.map((l) => l.revenueMinor)),
      ),
    ),
    renewalsDue: usd(
      sum(
        contracts
          .filter((c) => {
            const s = standing(c);
            const churned = effectiveChurnDate(s);
            // An amendment is renewed with the contract it amends, not on its own.
            return (
              amendedContract(s) === null &&
              c.end > asOf &&
              c.end <= due &&
              s.recurring &&
              !s.renewalBooked &&
              (churned === null || churned > c.end)
            );
          })
          .map((c) => contractRevenue(c, c.end).arrMinor),
      ),
    ),
    overdue: { count: overdueContracts.length, arr: usd(sum(overdue.map((c) => contractRevenue(c, asOf).arrMinor))) },
    churnedArr: usd(
      sum(
        contracts
          .filter((c) => {
            const on = effectiveChurnDate(standing(c));
            return on !== null && on > yearBefore && on <= asOf;
          })
          .map((c) => contractRevenue(c, addDays(effectiveChurnDate(standing(c))!, -1)).arrMinor),
      ),
    ),
    nrr: ratio(sum(kept.map((a) => a.now))),
    grr: ratio(sum(kept.map((a) => (a.now < a.then ? a.now : a.then)))),
  };
}

describe('revenue metrics: one SQL statement agrees with the domain’s rules contract by contract', () => {
  let t: TestDb;
  let ctx: AppContext;

  beforeAll(async () => {
    t = await testDb();
    ctx = { db: t.db, clock: new FixedClock(new Date('2026-06-30T12:00:00Z')), logger: pino({ level: 'silent' }) };
    await generate(t.db);
  });
  afterAll(() => t.close());

  it.each(['2024-03-31', '2024-12-31', '2025-06-30', '2025-12-31', '2026-02-28', '2026-06-30', '2027-03-31'])(
    'on %s',
    async (asOf) => {
      const expected = await reference(ctx, asOf);
      expect(await revenueMetrics(ctx, asOf)).toEqual(expected);
    },
  );

  it('a bad date is validation_failed', async () => {
    await expect(revenueMetrics(ctx, '2026-02-30')).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
