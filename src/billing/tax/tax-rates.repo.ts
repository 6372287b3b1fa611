import { sql } from 'kysely';
import type { Db } from '../../store/db.ts';

export interface TaxRateRow {
  jurisdiction: string;
  effective_from: string;
  /** The last day this version is in force: the day before the next version starts; null while current. */
  effective_to: string | null;
  rate: string;
  name: string | null;
}

/**
 * Adds a version unless one already starts on that day for the jurisdiction (ON CONFLICT DO NOTHING, so two
 * callers racing for the same day cannot fail on the key: the loser reads the winner's row). Returns
 * whether a row was inserted.
 */
export async function insertTaxRateVersion(
  db: Db,
  values: { jurisdiction: string; effective_from: string; rate: string; name: string | null },
): Promise<boolean> {
  const inserted = await db
    .insertInto('tax_rates')
    .values(values)
    .onConflict((oc) => oc.columns(['jurisdiction', 'effective_from']).doNothing())
    .returning('jurisdiction')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Versions with the day each ends (the next version's start − 1), by jurisdiction then date. `on` keeps
 * the one version per jurisdiction in force that day (the SQL twin of `versionInForce`).
 */
export async function listTaxRateRows(db: Db, filter: { jurisdiction?: string; on?: string }): Promise<TaxRateRow[]> {
  const { rows } = await sql<TaxRateRow>`
    SELECT jurisdiction, effective_from, next_from - 1 AS effective_to, rate::text AS rate, name
      FROM (SELECT tr.*, lead(tr.effective_from) OVER (PARTITION BY tr.jurisdiction ORDER BY tr.effective_from)
                           AS next_from
              FROM tax_rates tr
             WHERE ${filter.jurisdiction === undefined ? sql`true` : sql`tr.jurisdiction = ${filter.jurisdiction}`}) v
     WHERE ${
       filter.on === undefined
         ? sql`true`
         : sql`v.effective_from <= ${filter.on}::date AND (v.next_from IS NULL OR v.next_from > ${filter.on}::date)`
     }
     ORDER BY jurisdiction, effective_from`.execute(db);
  return rows;
}
