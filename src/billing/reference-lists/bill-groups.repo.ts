import { sql } from 'kysely';
import type { Db } from '../../store/db.ts';

export interface BillGroupRow {
  code: string;
  name: string;
  /** Accounts whose own bill group it is (not those inheriting it). */
  accounts: number;
}

export async function listBillGroupRows(db: Db): Promise<BillGroupRow[]> {
  const { rows } = await sql<BillGroupRow>`
    SELECT g.code, g.name, (SELECT count(*) FROM accounts a WHERE a.bill_group = g.code)::int AS accounts
      FROM bill_groups g ORDER BY lower(g.code), g.code`.execute(db);
  return rows;
}

/** The codes alone: what a batch checks its accounts against, without counting each group's accounts. */
export async function listBillGroupCodes(db: Db): Promise<string[]> {
  return (await db.selectFrom('bill_groups').select('code').execute()).map((r) => r.code);
}

/** The bill group whose code matches without regard to case; `lock` holds it until the transaction ends. */
export async function findBillGroup(db: Db, code: string, lock = false): Promise<BillGroupRow | undefined> {
  const { rows } = await sql<BillGroupRow>`
    SELECT g.code, g.name, (SELECT count(*) FROM accounts a WHERE a.bill_group = g.code)::int AS accounts
      FROM bill_groups g WHERE lower(g.code) = lower(${code}) ${lock ? sql`FOR UPDATE OF g` : sql``}`.execute(db);
  return rows[0];
}

/** Adds one unless its code exists in any case (the loser of a race reads the winner's). */
export async function insertBillGroup(db: Db, values: { code: string; name: string }): Promise<boolean> {
  const inserted = await db
    .insertInto('bill_groups')
    .values(values)
    .onConflict((oc) => oc.doNothing())
    .returning('code')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function deleteBillGroup(db: Db, code: string): Promise<void> {
  await db.deleteFrom('bill_groups').where('code', '=', code).execute();
}

/** A few accounts in the bill group, to name in a refusal. */
export async function accountsInBillGroup(db: Db, code: string, limit = 5): Promise<string[]> {
  const rows = await db
    .selectFrom('accounts')
    .select('account_number')
    .where('bill_group', '=', code)
    .orderBy('account_number')
    .limit(limit)
    .execute();
  return rows.map((r) => r.account_number);
}
