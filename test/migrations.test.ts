import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/store/migrate.ts';
import { type TestDb, testDb } from './db.ts';

describe('migrations', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDb();
  });
  afterAll(() => t.close());

  it('apply once; a second run applies nothing', async () => {
    expect(await migrate(t.pool)).toEqual([]);
    const { rows } = await t.pool.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toContain('0001_billing');
  });

  it('money columns come back as bigint, dates as ISO strings', async () => {
    await t.db.insertInto('accounts').values({ account_number: 'A-1', name: 'Acme', currency: 'USD' }).execute();
    const row = await t.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    expect(typeof row.id).toBe('bigint');
  });
});
