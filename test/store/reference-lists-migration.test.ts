import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { listMigrations } from '../../src/store/migrate.ts';

/**
 * 0009 turns free-text bill groups and account categories into references to billing's lists: a store
 * with accounts written before it keeps every account's value, spellings differing only in case merged.
 */
describe('migration 0009 on a store with free-text bill groups and categories', () => {
  const schema = `t_mig9_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  const run = async (version: string) => {
    const m = listMigrations().find((x) => x.version.startsWith(version))!;
    await client.query(m.sql);
  };

  beforeAll(async () => {
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
    for (const m of listMigrations().filter((x) => x.version < '0009')) await client.query(m.sql);
    await client.query(`
      INSERT INTO accounts (account_number, name, currency, bill_group, account_category) VALUES
        ('A-1', 'One', 'USD', 'east', 'SMB'),
        ('A-2', 'Two', 'USD', 'East', 'smb'),
        ('A-3', 'Three', 'USD', 'default', NULL),
        ('A-4', 'Four', 'USD', NULL, 'business')`);
    await run('0009');
  });
  afterAll(async () => {
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    await client.end();
  });

  it('seeds the defaults, adds what accounts used, and points each account at the list’s spelling', async () => {
    const groups = await client.query('SELECT code FROM bill_groups ORDER BY code');
    expect(groups.rows.map((r) => r.code)).toEqual(['Default', 'East']);
    const categories = await client.query('SELECT code FROM account_categories ORDER BY code');
    expect(categories.rows.map((r) => r.code)).toEqual(['Business', 'Residential', 'SMB']);
    const terms = await client.query('SELECT code, days FROM ar_terms ORDER BY days');
    expect(terms.rows.map((r) => `${r.code}=${r.days}`)).toEqual([
      'Net 0=0',
      'Net 15=15',
      'Net 30=30',
      'Net 45=45',
      'Net 60=60',
    ]);
    const accounts = await client.query(
      'SELECT account_number, bill_group, account_category FROM accounts ORDER BY account_number',
    );
    expect(accounts.rows.map((r) => [r.account_number, r.bill_group, r.account_category])).toEqual([
      ['A-1', 'East', 'SMB'],
      ['A-2', 'East', 'SMB'],
      ['A-3', 'Default', null],
      ['A-4', null, 'Business'],
    ]);
  });

  it('refuses, in the store itself, a value the list does not hold', async () => {
    await expect(
      client.query(
        "INSERT INTO accounts (account_number, name, currency, bill_group) VALUES ('A-5', 'F', 'USD', 'North')",
      ),
    ).rejects.toThrow(/accounts_bill_group_fkey/);
    await expect(client.query("DELETE FROM account_categories WHERE code = 'SMB'")).rejects.toThrow(
      /accounts_account_category_fkey/,
    );
  });
});
