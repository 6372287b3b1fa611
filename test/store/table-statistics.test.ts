import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { TableStatistics } from '../../src/store/table-statistics.ts';
import { type TestDb, testDb } from '../db.ts';

/** What the planner believes of the table (-1: never analyzed). */
async function plannerRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass(${table})`.execute(db);
  return rows[0].n;
}

async function addContacts(db: Db, from: number, count: number): Promise<void> {
  await sql`INSERT INTO contacts (first_name, last_name) SELECT 'F' || g, 'L' || g FROM generate_series(${from}::int, ${from + count - 1}::int) g`.execute(
    db,
  );
}

describe('TableStatistics', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb();
  });
  afterAll(() => t.close());

  it('analyzes once a load has added 5,000 rows to an empty table, then each time the table has grown fourfold', async () => {
    const statistics = new TableStatistics(t.db, ['contacts'], true);
    await addContacts(t.db, 1, 4_000);
    await statistics.grew(4_000);
    await statistics.settled();
    expect(await plannerRows(t.db, 'contacts')).toBe(-1);

    await addContacts(t.db, 4_001, 2_000);
    await statistics.grew(2_000);
    await statistics.settled();
    expect(await plannerRows(t.db, 'contacts')).toBe(6_000);

    // 6,000 known: the next analysis waits for 18,000 more (24,000 in all).
    await addContacts(t.db, 6_001, 17_000);
    await statistics.grew(17_000);
    await statistics.settled();
    expect(await plannerRows(t.db, 'contacts')).toBe(6_000);
    await addContacts(t.db, 23_001, 1_000);
    await statistics.grew(1_000);
    await statistics.settled();
    expect(await plannerRows(t.db, 'contacts')).toBe(24_000);
  });

  it('in a transaction (a dry run), analyzes in turn and sees the rows the transaction inserted', async () => {
    const trx = await t.db.startTransaction().execute();
    try {
      await sql`DELETE FROM contacts`.execute(trx);
      // Known empty at the start (the test above left 24,000 analyzed rows, a basis 30,000 would not quadruple).
      await sql`ANALYZE contacts`.execute(trx);
      await addContacts(trx, 1, 30_000);
      const statistics = new TableStatistics(trx, ['contacts'], false);
      await statistics.grew(30_000);
      expect(await plannerRows(trx, 'contacts')).toBe(30_000);
    } finally {
      await trx.rollback().execute();
    }
  });
});
