import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { createAccount, createPackage, orderProduct, recordUsage } from '../scenarios/billing-fixtures.ts';
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
