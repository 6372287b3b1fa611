import { sql } from 'kysely';
import type { Db } from '../../store/db.ts';

export interface AccountCategoryRow {
  id: bigint;
  code: string;
  name: string;
  accounts: number;
}

export async function listAccountCategoryRows(db: Db): Promise<AccountCategoryRow[]> {
  const { rows } = await sql<AccountCategoryRow>`
    SELECT c.id, c.code, c.name,
           (SELECT count(*) FROM accounts a WHERE a.account_category = c.code)::int AS accounts
      FROM account_categories c ORDER BY lower(c.code), c.code`.execute(db);
  return rows;
}

/** The codes alone: what a batch checks its accounts against, without counting each category's accounts. */
export async function listAccountCategoryCodes(db: Db): Promise<string[]> {
  return (await db.selectFrom('account_categories').select('code').execute()).map((r) => r.code);
}

/** The category whose code matches without regard to case; `lock` holds it until the transaction ends. */
export async function findAccountCategory(db: Db, code: string, lock = false): Promise<AccountCategoryRow | undefined> {
  const { rows } = await sql<AccountCategoryRow>`
    SELECT c.id, c.code, c.name,
           (SELECT count(*) FROM accounts a WHERE a.account_category = c.code)::int AS accounts
      FROM account_categories c
     WHERE lower(c.code) = lower(${code}) ${lock ? sql`FOR UPDATE OF c` : sql``}`.execute(db);
  return rows[0];
}

export async function insertAccountCategory(db: Db, values: { code: string; name: string }): Promise<boolean> {
  const inserted = await db
    .insertInto('account_categories')
    .values(values)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function deleteAccountCategory(db: Db, code: string): Promise<void> {
  await db.deleteFrom('account_categories').where('code', '=', code).execute();
}

export async function accountsInCategory(db: Db, code: string, limit = 5): Promise<string[]> {
  const rows = await db
    .selectFrom('accounts')
    .select('account_number')
    .where('account_category', '=', code)
    .orderBy('account_number')
    .limit(limit)
    .execute();
  return rows.map((r) => r.account_number);
}
