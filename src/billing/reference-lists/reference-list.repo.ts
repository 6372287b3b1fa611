import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../store/db.ts';
import type { AttributeValue, ListRow, ReferenceList } from './reference-list.ts';

/** The list's columns and how many accounts refer to each value (the list's table is `l`). */
function selectRows(list: ReferenceList): RawBuilder<unknown> {
  const { column, holds } = list.usedBy;
  return sql`
    SELECT ${sql.join(list.columns.map((c) => sql.ref(`l.${c}`)))},
           (SELECT count(*) FROM accounts a WHERE ${sql.ref(`a.${column}`)} = ${sql.ref(`l.${holds}`)})::int AS accounts
      FROM ${sql.table(list.table)} l`;
}

export async function listValueRows<Row extends ListRow>(db: Db, list: ReferenceList<Row>): Promise<Row[]> {
  const order = list.orderBy === 'code' ? sql`lower(l.code), l.code` : sql.ref(`l.${list.orderBy}`);
  const { rows } = await sql<Row>`${selectRows(list)} ORDER BY ${order}`.execute(db);
  return rows;
}

/** The codes alone: what a batch checks its accounts against, without counting each value's accounts. */
export async function listValueCodes(db: Db, list: ReferenceList): Promise<string[]> {
  return (await db.selectFrom(list.table).select('code').execute()).map((r) => r.code);
}

/** The value whose code matches without regard to case; `lock` holds it until the transaction ends. */
export async function findListValue<Row extends ListRow>(
  db: Db,
  list: ReferenceList<Row>,
  code: string,
  lock = false,
): Promise<Row | undefined> {
  const { rows } = await sql<Row>`${selectRows(list)}
     WHERE lower(l.code) = lower(${code}) ${lock ? sql`FOR UPDATE OF l` : sql``}`.execute(db);
  return rows[0];
}

/** Adds one unless its code exists in any case, or its unique attribute does (the loser of a race reads the winner's). */
export async function insertListValue(
  db: Db,
  list: ReferenceList,
  code: string,
  value: AttributeValue,
): Promise<boolean> {
  const { rows } = await sql`
    INSERT INTO ${sql.table(list.table)} (code, ${sql.ref(list.attribute.column)}) VALUES (${code}, ${value})
    ON CONFLICT DO NOTHING RETURNING code`.execute(db);
  return rows.length > 0;
}

export async function deleteListValue(db: Db, list: ReferenceList, code: string): Promise<void> {
  await db.deleteFrom(list.table).where('code', '=', code).execute();
}

/** A few accounts that refer to the value (by what they hold of it: the code, or days), to name in a refusal. */
export async function accountsUsing(db: Db, list: ReferenceList, held: AttributeValue, limit = 5): Promise<string[]> {
  const { rows } = await sql<{ account_number: string }>`
    SELECT account_number FROM accounts WHERE ${sql.ref(list.usedBy.column)} = ${held}
     ORDER BY account_number LIMIT ${limit}`.execute(db);
  return rows.map((r) => r.account_number);
}
