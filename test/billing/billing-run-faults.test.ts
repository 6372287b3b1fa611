import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { createAccount, createPackage, orderProduct, recordUsage } from '../scenarios/billing-fixtures.ts';
import { markForRerate } from '../../src/billing/products/dated-changes.repo.ts';
import { useFixtureContext } from './helpers.ts';

/**
 * A run that dies half-way (here: the database refuses the last insert, as a crash or a killed backend
 * would end it) leaves nothing behind — no invoice, no line, no usage marked billed, no re-rate mark
 * cleared — and the next run bills everything exactly once.
 */
const t = useFixtureContext();

describe('a billing run that fails half-way', () => {
  it('writes nothing, and the next run bills every period once', async () => {
    const { packageId, services } = await createPackage(t.db, 'FAULT', [
      { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 10_000n }] },
      { code: 'calls', kind: 'usage', prices: [{ from: '2025-01-01', usageRate: '0.01' }] },
    ]);
    const a = await createAccount(t.db, 'FAULT-1');
    const product = await orderProduct(t.db, a, packageId, { start: '2026-01-01' });
    await recordUsage(t.db, a, services.calls, '100', '2026-01-15');
    await t.db.updateTable('account_products').set({ rerate_from: '2026-01-10' }).where('id', '=', product).execute();
    const count = async (table: 'invoices' | 'invoice_lines' | 'billing_runs') =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.db)).rows[0].n);

    await sql`CREATE FUNCTION refuse_line() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN RAISE EXCEPTION 'disk full'; END $$`.execute(t.db);
    await sql`CREATE TRIGGER refuse_line BEFORE INSERT ON invoice_lines FOR EACH ROW EXECUTE FUNCTION refuse_line()`.execute(
      t.db,
    );
    await expect(runBilling(t.ctx, { date: '2026-03-31', allowFutureDate: true })).rejects.toThrow(/disk full/);
    expect([await count('invoices'), await count('invoice_lines'), await count('billing_runs')]).toEqual([0, 0, 0]);
    const usage = await t.db.selectFrom('usage_records').select('billed_line_id').execute();
    expect(usage.map((u) => u.billed_line_id)).toEqual([null]);
    const mark = await t.db.selectFrom('account_products').select('rerate_from').where('id', '=', product).execute();
    expect(mark[0].rerate_from).toBe('2026-01-10');

    await sql`DROP TRIGGER refuse_line ON invoice_lines`.execute(t.db);
    const retried = await runBilling(t.ctx, { date: '2026-03-31', allowFutureDate: true });
    expect(retried).toMatchObject({ invoicesCreated: 1, lines: { charges: 4, adjustments: 0, lateUsage: 0 } });
    const lines = await t.db
      .selectFrom('invoice_lines')
      .select(['charge_kind', 'period_start', 'amount_minor'])
      .orderBy('charge_kind')
      .orderBy('period_start')
      .execute();
    expect(lines.map((l) => [l.charge_kind, l.period_start, l.amount_minor])).toEqual([
      ['recurring', '2026-01-01', 10_000n],
      ['recurring', '2026-02-01', 10_000n],
      ['recurring', '2026-03-01', 10_000n],
      ['usage', '2026-01-01', 100n],
    ]);
    expect((await runBilling(t.ctx, { date: '2026-03-31', allowFutureDate: true })).linesCreated).toBe(0);
  });
});

describe('a dated change committed while a run is working', () => {
  it('keeps its re-rate mark, so the next run prices it', async () => {
    const { packageId, services } = await createPackage(t.db, 'RACE', [
      { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 3_100n }] },
      { code: 'calls', kind: 'usage', prices: [{ from: '2025-01-01', usageRate: '0.01' }] },
    ]);
    const a = await createAccount(t.db, 'RACE-1');
    const product = await orderProduct(t.db, a, packageId, { start: '2026-05-01' });
    await recordUsage(t.db, a, services.calls, '1', '2026-05-02');
    await runBilling(t.ctx, { date: '2026-05-31', allowFutureDate: true }); // May: 31.00
    // A first change inside May, not yet priced: marks the product from May 11.
    await markForRerate(t.db, { productId: product }, '2026-05-11');
    await t.db
      .insertInto('product_quantities')
      .values({
        account_product_id: product,
        service_id: await seatOf(packageId),
        effective_from: '2026-05-11',
        quantity: '2',
      })
      .execute();

    // Hold a usage record so the run stops before it settles its marks, then change the quantity again.
    const holder = await t.pool.connect();
    try {
      await recordUsage(t.db, a, services.calls, '1', '2026-05-03'); // late usage: the run will mark it
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM usage_records WHERE account_id = $1 FOR UPDATE', [a]);
      const running = runBilling(t.ctx, { date: '2026-05-31', allowFutureDate: true });
      await waitUntilBlocked(t.pool);
      await t.db
        .insertInto('product_quantities')
        .values({
          account_product_id: product,
          service_id: await seatOf(packageId),
          effective_from: '2026-05-21',
          quantity: '3',
        })
        .execute();
      await markForRerate(t.db, { productId: product }, '2026-05-21'); // the day stays May 11; the version moves
      await holder.query('COMMIT');
      const first = await running;
      expect(first.lines.adjustments).toBe(1);
    } finally {
      holder.release();
    }
    const mark = await t.db.selectFrom('account_products').select('rerate_from').where('id', '=', product).execute();
    expect(mark[0].rerate_from).toBe('2026-05-11');
    // The next run prices May 21–31 at 3 seats: May = 31.00 × (10 + 2 × 10 + 3 × 11)/31 = 63.00 in all.
    await runBilling(t.ctx, { date: '2026-05-31', allowFutureDate: true });
    const seats = await t.db
      .selectFrom('invoice_lines')
      .select((eb) => eb.fn.sum<string>('amount_minor').as('total'))
      .where('account_product_id', '=', product)
      .executeTakeFirstOrThrow();
    expect(BigInt(seats.total)).toBe(6_300n);
    expect((await runBilling(t.ctx, { date: '2026-05-31', allowFutureDate: true })).linesCreated).toBe(0);
  });
});

async function seatOf(packageId: bigint): Promise<bigint> {
  const row = await t.db
    .selectFrom('package_services')
    .select('id')
    .where('package_id', '=', packageId)
    .where('kind', '=', 'recurring')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Waits until some backend waits on a lock (the run, stopped by the held usage record). */
async function waitUntilBlocked(pool: { query: (q: string) => Promise<{ rows: { n: string }[] }> }): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await pool.query(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE usage_records%'",
    );
    if (Number(rows[0].n) > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the run never waited on the held record');
}
