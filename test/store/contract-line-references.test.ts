import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { type TestDb, testDb } from '../db.ts';

/**
 * A contract line's references, checked once per statement (migration 0020) where row-level foreign keys checked
 * each line: the same refusals and the same cascade.
 */
describe('contract line references', () => {
  let t: TestDb;
  let contract: bigint;
  let product: bigint;
  beforeAll(async () => {
    t = await testDb();
    const at = new Date('2026-01-01T00:00:00Z');
    await sql`INSERT INTO revenue_stages (stage, category, mapped_by, created_at, updated_at)
              VALUES ('Closed Won', 'booked', 'org', ${at}, ${at})`.execute(t.db);
    product = (
      await sql<{ id: bigint }>`INSERT INTO revenue_products (code, name, active, recurring, created_at, updated_at)
        VALUES ('SUB', 'Subscription', true, true, ${at}, ${at}) RETURNING id`.execute(t.db)
    ).rows[0].id;
    contract = await newContract(t.db, at);
  });
  afterAll(() => t.close());

  const addLines = (db: Db, contractId: bigint, productId: bigint, count = 2) =>
    sql`
    INSERT INTO contract_lines (contract_id, position, product_id, quantity, start_date, end_date, revenue_minor,
                                recurring, arr_minor, mrr_minor)
    SELECT ${contractId}, g, ${productId}, 1, '2026-01-01', '2026-12-31', 1000, true, 1000, 83
    FROM generate_series(0, ${count - 1}::int) g`.execute(db);
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (e: { code?: string; message: string }) => [e.code, e.message],
    );
  const linesOf = async (contractId: bigint) =>
    Number(
      (
        await sql<{ n: string }>`SELECT count(*) AS n FROM contract_lines WHERE contract_id = ${contractId}`.execute(
          t.db,
        )
      ).rows[0].n,
    );

  it('takes lines that name an existing contract and product, a whole statement at a time', async () => {
    await addLines(t.db, contract, product, 3);
    expect(await linesOf(contract)).toBe(3);
  });

  it('refuses a statement with one line naming a contract or a product that does not exist, whole', async () => {
    const other = await newContract(t.db, new Date('2026-01-01T00:00:00Z'));
    const both = sql`
      INSERT INTO contract_lines (contract_id, position, product_id, quantity, start_date, end_date, revenue_minor,
                                  recurring, arr_minor, mrr_minor)
      VALUES (${other}, 0, ${product}, 1, '2026-01-01', '2026-12-31', 1, true, 1, 1),
             (${other + 1000n}, 0, ${product}, 1, '2026-01-01', '2026-12-31', 1, true, 1, 1)`.execute(t.db);
    expect(await codeOf(both)).toEqual(['23503', 'a contract line names a contract that does not exist']);
    expect(await linesOf(other)).toBe(0);
    expect(await codeOf(addLines(t.db, other, product + 1000n))).toEqual([
      '23503',
      'a contract line names a revenue product that does not exist',
    ]);
    await addLines(t.db, other, product, 1);
    expect(
      await codeOf(
        sql`UPDATE contract_lines SET contract_id = ${other + 1000n} WHERE contract_id = ${other}`.execute(t.db),
      ),
    ).toEqual(['23503', 'a contract line names a contract that does not exist']);
  });

  it('deletes a contract’s lines with it, and keeps a product that lines name', async () => {
    expect(await codeOf(sql`DELETE FROM revenue_products WHERE id = ${product}`.execute(t.db))).toEqual([
      '23503',
      'a revenue product that contract lines name cannot be deleted',
    ]);
    await sql`DELETE FROM contracts WHERE id = ${contract}`.execute(t.db);
    expect(await linesOf(contract)).toBe(0);
  });
});

async function newContract(db: Db, at: Date): Promise<bigint> {
  const { rows } = await sql<{ id: bigint }>`
    INSERT INTO contracts (origin, name, stage, close_date, start_date, end_date, currency, source_currency,
                           conversion_rate, recurring, created_at, updated_at)
    VALUES ('revbridge', 'C', 'Closed Won', '2026-01-01', '2026-01-01', '2026-12-31', 'USD', 'USD', 1, true, ${at}, ${at})
    RETURNING id`.execute(db);
  return rows[0].id;
}
