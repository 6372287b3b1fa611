import { sql } from 'kysely';
import type { Db } from '../../store/db.ts';

export interface ArTermRow {
  code: string;
  days: number;
  /** Accounts whose own AR term is this many days (not those inheriting it). */
  accounts: number;
}

export async function listArTermRows(db: Db): Promise<ArTermRow[]> {
  const { rows } = await sql<ArTermRow>`
    SELECT t.code, t.days, (SELECT count(*) FROM accounts a WHERE a.ar_term_days = t.days)::int AS accounts
      FROM ar_terms t ORDER BY t.days`.execute(db);
  return rows;
}

export async function findArTerm(db: Db, code: string, lock = false): Promise<ArTermRow | undefined> {
  const { rows } = await sql<ArTermRow>`
    SELECT t.code, t.days, (SELECT count(*) FROM accounts a WHERE a.ar_term_days = t.days)::int AS accounts
      FROM ar_terms t WHERE lower(t.code) = lower(${code}) ${lock ? sql`FOR UPDATE OF t` : sql``}`.execute(db);
  return rows[0];
}

/** Adds one unless its code (in any case) or its days exist already. */
export async function insertArTerm(db: Db, values: { code: string; days: number }): Promise<boolean> {
  const inserted = await db
    .insertInto('ar_terms')
    .values(values)
    .onConflict((oc) => oc.doNothing())
    .returning('code')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function deleteArTerm(db: Db, code: string): Promise<void> {
  await db.deleteFrom('ar_terms').where('code', '=', code).execute();
}

export async function accountsWithArTermDays(db: Db, days: number, limit = 5): Promise<string[]> {
  const rows = await db
    .selectFrom('accounts')
    .select('account_number')
    .where('ar_term_days', '=', days)
    .orderBy('account_number')
    .limit(limit)
    .execute();
  return rows.map((r) => r.account_number);
}
