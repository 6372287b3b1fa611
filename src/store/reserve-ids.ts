import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * `count` ids of a bigserial table's sequence, before the rows exist: a batch can then point rows at each
 * other (a child at a parent of the same statement) and match what it inserted without relying on the
 * order of RETURNING. An id reserved and not used is a gap, as a rolled-back insert leaves one.
 */
export async function reserveIds(db: Db, table: 'accounts' | 'contacts', count: number): Promise<bigint[]> {
  if (count === 0) return [];
  const result = await sql<{ id: string }>`
    SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::text AS id FROM generate_series(1, ${count})`.execute(db);
  return result.rows.map((r) => BigInt(r.id));
}
