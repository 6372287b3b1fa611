import { type Transaction, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';

/**
 * Billed coverage and what is left to bill: the SQL twin of `dueRanges` (src/domain/due-periods.ts).
 *
 * A "key" is what a charge is billed for: one service of one account product (recurring, state-based,
 * one-time), or one usage service of one account. Its coverage is the ranges of its charge lines on
 * invoices that are not void; its gaps are the days from its first billable day to its bound (the product's
 * last day or the run's horizon, whichever is first) that no coverage touches; each gap is then cut by the
 * calendar periods of the account's current cycle into the ranges this run bills.
 */

type Trx = Transaction<Database>;

export async function createKeysTable(trx: Trx): Promise<void> {
  await sql`
    CREATE TEMP TABLE run_keys (
      key_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint NOT NULL,
      product_id bigint,
      service_id bigint NOT NULL,
      kind text NOT NULL,
      service_name text NOT NULL,
      frequency text,
      cycle text NOT NULL,
      service_state text,
      product_quantity numeric,
      active_from date NOT NULL,
      -- the last day billable at all (product end, day before the account closed); NULL: open-ended
      last_day date,
      -- the last day this run may bill: last_day or the run's horizon, whichever is first
      bound date NOT NULL,
      rerate_from date,
      rerate_version bigint
    ) ON COMMIT DROP`.execute(trx);
}

/**
 * Every service of every account product that has started by its account's horizon and before the
 * account closed. One-time services are billable on the product's first day only.
 */
export async function stageProductKeys(trx: Trx): Promise<void> {
  await sql`
    INSERT INTO run_keys (account_id, product_id, service_id, kind, service_name, frequency, cycle, service_state,
                          product_quantity, active_from, last_day, bound, rerate_from, rerate_version)
    SELECT ap.account_id, ap.id, s.id, s.kind, s.name, pk.frequency, ra.billing_cycle, ap.service_state, ap.quantity,
           ap.start_date, d.last_day,
           CASE WHEN s.kind = 'one_time' THEN ap.start_date ELSE least(d.last_day, ra.advance_end) END,
           ap.rerate_from, ap.rerate_version
      FROM account_products ap
      JOIN run_accounts ra ON ra.account_id = ap.account_id
      JOIN packages pk ON pk.id = ap.package_id
      JOIN package_services s ON s.package_id = ap.package_id AND s.kind <> 'usage'
     -- lastBillableDay (ACCOUNT_CLOSURE_RULE); least() skips NULLs
     CROSS JOIN LATERAL (SELECT least(ap.end_date, ra.closed_from - 1) AS last_day) d
     WHERE ap.start_date <= ra.advance_end
       AND (ra.closed_from IS NULL OR ap.start_date < ra.closed_from)`.execute(trx);
}

/** The covered ranges of every key: charge lines of invoices that are not void. */
export async function stageCoverage(trx: Trx): Promise<void> {
  await sql`ANALYZE run_keys`.execute(trx);
  await sql`
    CREATE TEMP TABLE run_covered ON COMMIT DROP AS
    SELECT k.key_id, il.id AS line_id, il.period_start AS s, il.period_end AS e
      FROM run_keys k
      JOIN invoice_lines il ON il.account_product_id = k.product_id AND il.service_id = k.service_id
      JOIN invoices i ON i.id = il.invoice_id
     WHERE k.product_id IS NOT NULL AND il.line_type = 'charge' AND i.voided_at IS NULL
    UNION ALL
    SELECT k.key_id, il.id, il.period_start, il.period_end
      FROM run_keys k
      JOIN invoice_lines il ON il.account_id = k.account_id AND il.service_id = k.service_id
                           AND il.charge_kind = 'usage'
      JOIN invoices i ON i.id = il.invoice_id
     WHERE k.product_id IS NULL AND il.line_type = 'charge' AND i.voided_at IS NULL`.execute(trx);
  await sql`ANALYZE run_covered`.execute(trx);
}

/**
 * The uncovered days of every key between its first billable day and its bound (`uncoveredRanges`): the
 * stretch before each covered range (after everything covered before it) and the stretch after the last.
 * Returns the earliest uncovered day, from which the run's calendar periods are generated.
 */
export async function stageGaps(trx: Trx): Promise<string | null> {
  await sql`
    CREATE TEMP TABLE run_gaps ON COMMIT DROP AS
    WITH c AS (
      SELECT k.key_id, k.active_from, k.bound, cv.s, cv.e,
             max(cv.e) OVER (PARTITION BY k.key_id ORDER BY cv.s, cv.e
                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_e,
             max(cv.e) OVER (PARTITION BY k.key_id) AS last_e
        FROM run_keys k
        JOIN run_covered cv ON cv.key_id = k.key_id
    ), g AS (
      SELECT key_id, greatest(coalesce(before_e + 1, active_from), active_from) AS gs, least(s - 1, bound) AS ge
        FROM c
      UNION ALL
      SELECT DISTINCT key_id, greatest(last_e + 1, active_from), bound FROM c
      UNION ALL
      SELECT k.key_id, k.active_from, k.bound
        FROM run_keys k
       WHERE NOT EXISTS (SELECT 1 FROM run_covered cv WHERE cv.key_id = k.key_id)
    )
    SELECT DISTINCT key_id, gs, ge FROM g WHERE gs <= ge`.execute(trx);
  await sql`ANALYZE run_gaps`.execute(trx);
  const { rows } = await sql<{ first: string | null }>`SELECT min(gs)::text AS first FROM run_gaps`.execute(trx);
  return rows[0].first;
}

/**
 * The ranges this run bills: each gap cut at the calendar periods of its account's cycle; a one-time
 * service's gap is its single day.
 */
export async function stagePieces(trx: Trx): Promise<void> {
  await sql`
    CREATE TEMP TABLE run_pieces ON COMMIT DROP AS
    SELECT g.key_id, greatest(g.gs, p.period_start) AS s, least(g.ge, p.period_end) AS e,
           g.gs <= p.period_start AND g.ge >= p.period_end AS whole_period
      FROM run_gaps g
      JOIN run_keys k ON k.key_id = g.key_id AND k.kind <> 'one_time'
      JOIN run_periods p ON p.cycle = k.cycle AND p.period_start <= g.ge AND p.period_end >= g.gs
    UNION ALL
    SELECT g.key_id, g.gs, g.ge, true
      FROM run_gaps g
      JOIN run_keys k ON k.key_id = g.key_id AND k.kind = 'one_time'`.execute(trx);
  await sql`ANALYZE run_pieces`.execute(trx);
}
