import { sql } from 'kysely';
import { addMonths } from '../../domain/billing-period.ts';
import type { Db } from '../../store/db.ts';

/** The sums behind the revenue metrics on one day, in minor units of the tenant currency. */
export interface MetricSums {
  arr: bigint;
  mrr: bigint;
  oneTime: bigint;
  bookings: bigint;
  renewalsDue: bigint;
  overdueCount: number;
  overdueArr: bigint;
  churnedArr: bigint;
  /** ARR a year before, of the accounts that had some. */
  startArr: bigint;
  /** Those accounts' ARR now (expansion included). */
  retainedNet: bigint;
  /** Those accounts' ARR now, each capped at what it had a year before. */
  retainedGross: bigint;
}

interface MetricRow {
  arr: string | null;
  mrr: string | null;
  one_time: string | null;
  bookings: string | null;
  renewals_due: string | null;
  overdue_count: string;
  overdue_arr: string | null;
  churned_arr: string | null;
  start_arr: string | null;
  retained_net: string | null;
  retained_gross: string | null;
}

/** How far ahead a contract ending counts as a renewal due. */
const RENEWALS_DUE_DAYS = 90;

/**
 * Every revenue metric on `asOf` in one statement: one pass over the contract lines of booked contracts, each
 * joined to its contract, its renewals' standing and (for an amendment) the standing of the contract it amends,
 * summed per account. The SQL twin of the domain's rules, held to them by a test: a contract counts in ARR on a
 * day when `countsInArr` says so (started, not churned, in its term or overdue), its ARR that day is its lines
 * in force on the day clamped into its term, and Assigned ARR/MRR count once (on its first line) instead.
 */
export async function metricSums(db: Db, asOf: string): Promise<MetricSums> {
  const d = sql`${asOf}::date`;
  const y = sql`${addMonths(asOf, -12)}::date`;
  // JIT compilation costs more than it saves on this one pass (about a second more at a million lines).
  const rows = await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    const result = await sql<MetricRow>`
    WITH renewal AS (
      SELECT k.earlier_id AS id,
             bool_or(s.category = 'booked') AS booked,
             bool_or(s.category = 'lost') AS lost,
             min(r.terminated_effective_date) FILTER (WHERE s.category = 'lost') AS lost_effective
      FROM contract_links k
      JOIN contracts r ON r.id = k.later_id AND r.archived_at IS NULL
      JOIN revenue_stages s ON s.stage = r.stage
      WHERE k.kind = 'renewal'
      GROUP BY k.earlier_id
    ),
    parent AS (
      SELECT a.later_id AS id, p.end_date, p.recurring, coalesce(r.booked, false) AS renewal_booked,
             CASE WHEN p.terminated_effective_date IS NOT NULL AND p.termination_date IS NOT NULL
                    THEN p.terminated_effective_date
                  WHEN r.lost THEN coalesce(p.terminated_effective_date, r.lost_effective) END AS churned_on
      FROM contract_links a
      JOIN contracts p ON p.id = a.earlier_id AND p.archived_at IS NULL
      JOIN revenue_stages ps ON ps.stage = p.stage AND ps.category = 'booked'
      LEFT JOIN renewal r ON r.id = p.id
      WHERE a.kind = 'amendment'
    ),
    -- Per contract, once: whether it counts on each day that matters, and the day its lines are read on.
    contract AS MATERIALIZED (
      SELECT c.id, c.account_salesforce_id AS account, c.end_date, c.assigned_arr_minor, c.assigned_mrr_minor,
             c.uniform, c.arr_minor, c.mrr_minor, c.one_time_minor, c.revenue_minor,
             least(greatest(${d}, c.start_date), c.end_date) AS day_d,
             least(greatest(${y}, c.start_date), c.end_date) AS day_y,
             least(greatest(x.churn - 1, c.start_date), c.end_date) AS day_churn,
             (c.start_date <= ${d} AND (x.churn IS NULL OR ${d} < x.churn) AND (${d} <= c.end_date OR x.rides_d)) AS counts_d,
             (c.start_date <= ${y} AND (x.churn IS NULL OR ${y} < x.churn) AND (${y} <= c.end_date OR x.rides_y)) AS counts_y,
             (${d} > c.end_date AND x.rides_d AND (x.churn IS NULL OR ${d} < x.churn)) AS overdue_d,
             (p.id IS NULL AND c.end_date > ${d} AND c.end_date <= ${d} + ${RENEWALS_DUE_DAYS}::int AND c.recurring AND NOT coalesce(r.booked, false)
               AND (x.churn IS NULL OR x.churn > c.end_date)) AS due,
             (x.churn > ${y} AND x.churn <= ${d}) AS churned_in_year,
             (c.close_date > ${y} AND c.close_date <= ${d}) AS booked_in_year,
             p.id IS NOT NULL AS is_amendment
      FROM contracts c
      JOIN revenue_stages s ON s.stage = c.stage AND s.category = 'booked'
      LEFT JOIN renewal r ON r.id = c.id
      LEFT JOIN parent p ON p.id = c.id
      CROSS JOIN LATERAL (
        SELECT
          least(CASE WHEN c.terminated_effective_date IS NOT NULL AND c.termination_date IS NOT NULL
                       THEN c.terminated_effective_date
                     WHEN r.lost THEN coalesce(c.terminated_effective_date, r.lost_effective) END,
                p.churned_on) AS churn,
          CASE WHEN p.id IS NULL THEN c.recurring AND NOT coalesce(r.booked, false)
               ELSE ${d} > p.end_date AND p.recurring AND NOT p.renewal_booked AND (p.churned_on IS NULL OR ${d} < p.churned_on) END AS rides_d,
          CASE WHEN p.id IS NULL THEN c.recurring AND NOT coalesce(r.booked, false)
               ELSE ${y} > p.end_date AND p.recurring AND NOT p.renewal_booked AND (p.churned_on IS NULL OR ${y} < p.churned_on) END AS rides_y
      ) x
      WHERE c.archived_at IS NULL
    ),
    -- One row per contract whose ARR is the same on every day of its term (every line spans it, or Assigned
    -- ARR/MRR replace its lines): its sums, kept with its lines. One row per line of the other contracts, with
    -- what it adds on each day that matters.
    rows AS (
      SELECT k.account, true AS first, k.one_time_minor AS one_time, k.revenue_minor AS revenue,
             coalesce(k.assigned_arr_minor, k.arr_minor) AS arr_d, coalesce(k.assigned_mrr_minor, k.mrr_minor) AS mrr_d,
             coalesce(k.assigned_arr_minor, k.arr_minor) AS arr_y, coalesce(k.assigned_arr_minor, k.arr_minor) AS arr_end,
             coalesce(k.assigned_arr_minor, k.arr_minor) AS arr_churn,
             k.counts_d, k.counts_y, k.overdue_d, k.due, k.churned_in_year, k.booked_in_year, k.is_amendment
      FROM contract k
      WHERE k.uniform OR k.assigned_arr_minor IS NOT NULL
      UNION ALL
      SELECT k.account, l.position = 0, CASE WHEN l.recurring THEN 0 ELSE l.revenue_minor END, l.revenue_minor,
             CASE WHEN l.start_date <= k.day_d AND l.end_date >= k.day_d THEN l.arr_minor ELSE 0 END,
             CASE WHEN l.start_date <= k.day_d AND l.end_date >= k.day_d THEN l.mrr_minor ELSE 0 END,
             CASE WHEN l.start_date <= k.day_y AND l.end_date >= k.day_y THEN l.arr_minor ELSE 0 END,
             CASE WHEN l.start_date <= k.end_date AND l.end_date >= k.end_date THEN l.arr_minor ELSE 0 END,
             CASE WHEN l.start_date <= k.day_churn AND l.end_date >= k.day_churn THEN l.arr_minor ELSE 0 END,
             k.counts_d, k.counts_y, k.overdue_d, k.due, k.churned_in_year, k.booked_in_year, k.is_amendment
      FROM contract k JOIN contract_lines l ON l.contract_id = k.id
      WHERE NOT k.uniform AND k.assigned_arr_minor IS NULL
    ),
    per_account AS (
      SELECT account,
        sum(arr_d) FILTER (WHERE counts_d) AS arr_d,
        sum(mrr_d) FILTER (WHERE counts_d) AS mrr_d,
        sum(one_time) FILTER (WHERE counts_d) AS one_time_d,
        sum(arr_y) FILTER (WHERE counts_y) AS arr_y,
        sum(revenue) FILTER (WHERE booked_in_year) AS bookings,
        sum(arr_end) FILTER (WHERE due) AS due_arr,
        sum(arr_d) FILTER (WHERE overdue_d) AS overdue_arr,
        count(*) FILTER (WHERE overdue_d AND first AND NOT is_amendment) AS overdue_count,
        sum(arr_churn) FILTER (WHERE churned_in_year) AS churned_arr
      FROM rows
      GROUP BY account
    )
    SELECT
      sum(arr_d) AS arr, sum(mrr_d) AS mrr, sum(one_time_d) AS one_time, sum(bookings) AS bookings,
      sum(due_arr) AS renewals_due, sum(overdue_count) AS overdue_count,
      sum(overdue_arr) AS overdue_arr, sum(churned_arr) AS churned_arr,
      sum(arr_y) FILTER (WHERE arr_y > 0) AS start_arr,
      sum(coalesce(arr_d, 0)) FILTER (WHERE arr_y > 0) AS retained_net,
      sum(least(coalesce(arr_d, 0), arr_y)) FILTER (WHERE arr_y > 0) AS retained_gross
    FROM per_account`.execute(trx);
    return result.rows;
  });
  const r = rows[0];
  const big = (v: string | null) => BigInt(v ?? '0');
  return {
    arr: big(r.arr),
    mrr: big(r.mrr),
    oneTime: big(r.one_time),
    bookings: big(r.bookings),
    renewalsDue: big(r.renewals_due),
    overdueCount: Number(r.overdue_count),
    overdueArr: big(r.overdue_arr),
    churnedArr: big(r.churned_arr),
    startArr: big(r.start_arr),
    retainedNet: big(r.retained_net),
    retainedGross: big(r.retained_gross),
  };
}
