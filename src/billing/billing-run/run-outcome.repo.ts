import { type Transaction, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';

type Trx = Transaction<Database>;

/** Drops charges without a price and says how many; the run bills everything else. */
export async function dropUnpricedCharges(trx: Trx): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    WITH gone AS (DELETE FROM run_charges WHERE amount_minor IS NULL RETURNING 1)
    SELECT count(*)::int AS n FROM gone`.execute(trx);
  await sql`ANALYZE run_charges`.execute(trx);
  return rows[0].n;
}

/** The run's lines by type (every staged charge became a line). */
export async function lineCounts(trx: Trx): Promise<{ charges: number; adjustments: number; lateUsage: number }> {
  const { rows } = await sql<{ charges: number; adjustments: number; late_usage: number }>`
    SELECT count(*) FILTER (WHERE line_type = 'charge')::int AS charges,
           count(*) FILTER (WHERE line_type = 'adjustment')::int AS adjustments,
           count(*) FILTER (WHERE line_type = 'late_usage')::int AS late_usage
      FROM run_charges`.execute(trx);
  return { charges: rows[0].charges, adjustments: rows[0].adjustments, lateUsage: rows[0].late_usage };
}

/**
 * Clears the re-rate mark of every product this run re-rated. Only a mark whose version is still the one the
 * run read is cleared (0008): a change committed meanwhile keeps its mark for the next run, which prices it.
 */
export async function settleReratedProducts(trx: Trx): Promise<void> {
  await sql`
    UPDATE account_products ap
       SET rerate_from = NULL
      FROM (SELECT DISTINCT product_id, rerate_version FROM run_keys WHERE rerate_from IS NOT NULL) k
     WHERE ap.id = k.product_id AND ap.rerate_version = k.rerate_version`.execute(trx);
}
