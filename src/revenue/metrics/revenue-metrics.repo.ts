import { sql } from 'kysely';
import { addMonths } from '../../domain/billing-period.ts';
import type { Db } from '../../store/db.ts';
import { pgArray } from '../../store/pg-array.ts';

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
 * Every revenue metric on `asOf` in one statement: one pass over the booked contracts, each joined to its
 * renewals' standing and (for an amendment) the standing of the contract it amends, summed per account. The SQL
 * twin of the domain's rules, held to them by a test: a contract counts in ARR on a day when `countsInArr` says
 * so (started, not churned, in its term or overdue), its ARR that day is its lines in force on the day clamped
 * into its term, and Assigned ARR/MRR count once instead. A contract whose ARR is the same on every day of its
 * term gives the sums kept with it; only the other contracts' lines are read.
 */
export async function metricSums(db: Db, asOf: string): Promise<MetricSums> {
  // JIT compilation costs more than it saves on this one pass (about a second more at a million lines).
  const rows = await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    const stages = await trx.selectFrom('revenue_stages').select(['stage', 'category']).execute();
    const of = (category: string) => stages.filter((s) => s.category === category).map((s) => s.stage);
    return (await metricsStatement(asOf, { booked: of('booked'), lost: of('lost') }).execute(trx)).rows;
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

/**
 * The metrics' one statement on `asOf` (apart, so its plan can be looked at with EXPLAIN). Written for the plan
 * it gets at a million lines, each choice measured in `npm run bench -- revenue`:
 * - the stage categories come in as lists, not as a join to revenue_stages: that table holds a handful of rows
 *   the planner has no statistics for, and it planned the whole pass for a few hundred contracts (and spilled);
 * - a link reads the contract at its other end by key (OFFSET 0 keeps the lookup): links are a fraction of the
 *   contracts, and a join let the planner read every contract to find a few thousand;
 * - an amendment's parent finds its renewals' standing by key too, so the planner knows there is one row per
 *   amendment and hashes the amendments, not the contracts;
 * - the lines of contracts whose ARR varies are read by key from those contracts, not joined: a join hashed the
 *   few thousand contracts and scanned every line of the store to find theirs (a third of the pass);
 * - the grouping compares accounts bytewise (COLLATE "C"): an Id is ASCII, and the database's collation costs
 *   more per comparison for the same groups;
 * - what each contract adds to each sum is worked out before the grouping by account, which then sorts ten
 *   numbers a contract rather than every column the rules read.
 */
export function metricsStatement(asOf: string, stages: { booked: readonly string[]; lost: readonly string[] }) {
  const d = sql`${asOf}::date`;
  const y = sql`${addMonths(asOf, -12)}::date`;
  const booked = sql`${pgArray(stages.booked)}::text[]`;
  const lost = sql`${pgArray(stages.lost)}::text[]`;
  return sql<MetricRow>`
    -- Per contract that has renewals: whether one is booked, one lost, and the earliest effective date of a lost one.
    WITH renewal AS NOT MATERIALIZED (
      SELECT k.earlier_id AS id,
             bool_or(r.stage = any(${booked})) AS booked,
             bool_or(r.stage = any(${lost})) AS lost,
             min(r.terminated_effective_date) FILTER (WHERE r.stage = any(${lost})) AS lost_effective
      FROM contract_links k
      CROSS JOIN LATERAL (
        SELECT r.stage, r.terminated_effective_date FROM contracts r
        WHERE r.id = k.later_id AND r.archived_at IS NULL OFFSET 0
      ) r
      WHERE k.kind = 'renewal'
      GROUP BY k.earlier_id
    ),
    -- Per amendment of a booked contract: that contract's end, and whether it is renewed or churned.
    parent AS NOT MATERIALIZED (
      SELECT a.later_id AS id, p.end_date, p.recurring, coalesce(r.booked, false) AS renewal_booked,
             CASE WHEN p.terminated_effective_date IS NOT NULL AND p.termination_date IS NOT NULL
                    THEN p.terminated_effective_date
                  WHEN r.lost THEN coalesce(p.terminated_effective_date, r.lost_effective) END AS churned_on
      FROM contract_links a
      CROSS JOIN LATERAL (
        SELECT p.id, p.end_date, p.recurring, p.terminated_effective_date, p.termination_date FROM contracts p
        WHERE p.id = a.earlier_id AND p.archived_at IS NULL AND p.stage = any(${booked}) OFFSET 0
      ) p
      LEFT JOIN LATERAL (SELECT * FROM renewal WHERE renewal.id = p.id OFFSET 0) r ON true
      WHERE a.kind = 'amendment'
    ),
    -- The lines of the contracts whose ARR changes within their term (some line starts or ends inside it, and no
    -- Assigned ARR/MRR replace them), found through a partial index and read by key: the only lines the metrics read.
    varying AS (
      SELECT l.contract_id, l.position, l.start_date, l.end_date, l.arr_minor, l.mrr_minor, l.revenue_minor, l.recurring
      FROM contracts n
      CROSS JOIN LATERAL (SELECT * FROM contract_lines l WHERE l.contract_id = n.id OFFSET 0) l
      WHERE NOT n.uniform AND n.assigned_arr_minor IS NULL AND n.archived_at IS NULL
    ),
    -- One row per booked contract whose ARR is the same on every day of its term, with the sums kept with it; one
    -- row per line of the others, with what the line adds on each day that matters (clamped into the term). Each
    -- with whether its contract counts on those days.
    contract AS (
      SELECT c.account_salesforce_id COLLATE "C" AS account,
             coalesce(l.position = 0, true) AS first,
             CASE WHEN l.contract_id IS NULL THEN c.one_time_minor WHEN l.recurring THEN 0 ELSE l.revenue_minor END AS one_time,
             coalesce(l.revenue_minor, c.revenue_minor) AS revenue,
             CASE WHEN l.contract_id IS NULL THEN coalesce(c.assigned_arr_minor, c.arr_minor)
                  WHEN l.start_date <= k.day_d AND l.end_date >= k.day_d THEN l.arr_minor ELSE 0 END AS arr_d,
             CASE WHEN l.contract_id IS NULL THEN coalesce(c.assigned_mrr_minor, c.mrr_minor)
                  WHEN l.start_date <= k.day_d AND l.end_date >= k.day_d THEN l.mrr_minor ELSE 0 END AS mrr_d,
             CASE WHEN l.contract_id IS NULL THEN coalesce(c.assigned_arr_minor, c.arr_minor)
                  WHEN l.start_date <= k.day_y AND l.end_date >= k.day_y THEN l.arr_minor ELSE 0 END AS arr_y,
             CASE WHEN l.contract_id IS NULL THEN coalesce(c.assigned_arr_minor, c.arr_minor)
                  WHEN l.start_date <= c.end_date AND l.end_date >= c.end_date THEN l.arr_minor ELSE 0 END AS arr_end,
             CASE WHEN l.contract_id IS NULL THEN coalesce(c.assigned_arr_minor, c.arr_minor)
                  WHEN l.start_date <= k.day_churn AND l.end_date >= k.day_churn THEN l.arr_minor ELSE 0 END AS arr_churn,
             (c.start_date <= ${d} AND (x.churn IS NULL OR ${d} < x.churn) AND (${d} <= c.end_date OR x.rides_d)) AS counts_d,
             (c.start_date <= ${y} AND (x.churn IS NULL OR ${y} < x.churn) AND (${y} <= c.end_date OR x.rides_y)) AS counts_y,
             (${d} > c.end_date AND x.rides_d AND (x.churn IS NULL OR ${d} < x.churn)) AS overdue_d,
             (p.id IS NULL AND c.end_date > ${d} AND c.end_date <= ${d} + ${RENEWALS_DUE_DAYS}::int AND c.recurring AND NOT coalesce(r.booked, false)
               AND (x.churn IS NULL OR x.churn > c.end_date)) AS due,
             (x.churn > ${y} AND x.churn <= ${d}) AS churned_in_year,
             (c.close_date > ${y} AND c.close_date <= ${d}) AS booked_in_year,
             p.id IS NOT NULL AS is_amendment
      FROM contracts c
      LEFT JOIN renewal r ON r.id = c.id
      LEFT JOIN parent p ON p.id = c.id
      LEFT JOIN varying l ON l.contract_id = c.id
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
      CROSS JOIN LATERAL (
        SELECT least(greatest(${d}, c.start_date), c.end_date) AS day_d,
               least(greatest(${y}, c.start_date), c.end_date) AS day_y,
               least(greatest(x.churn - 1, c.start_date), c.end_date) AS day_churn
      ) k
      WHERE c.archived_at IS NULL AND c.stage = any(${booked})
    ),
    -- What each row adds to each sum, worked out before the grouping (OFFSET 0 keeps it apart).
    share AS (
      SELECT account,
        CASE WHEN counts_d THEN arr_d END AS arr_d,
        CASE WHEN counts_d THEN mrr_d END AS mrr_d,
        CASE WHEN counts_d THEN one_time END AS one_time_d,
        CASE WHEN counts_y THEN arr_y END AS arr_y,
        CASE WHEN booked_in_year THEN revenue END AS bookings,
        CASE WHEN due THEN arr_end END AS due_arr,
        CASE WHEN overdue_d THEN arr_d END AS overdue_arr,
        (overdue_d AND first AND NOT is_amendment)::int AS overdue_count,
        CASE WHEN churned_in_year THEN arr_churn END AS churned_arr
      FROM contract
      OFFSET 0
    ),
    per_account AS (
      SELECT account, sum(arr_d) AS arr_d, sum(mrr_d) AS mrr_d, sum(one_time_d) AS one_time_d, sum(arr_y) AS arr_y,
        sum(bookings) AS bookings, sum(due_arr) AS due_arr, sum(overdue_arr) AS overdue_arr,
        sum(overdue_count) AS overdue_count, sum(churned_arr) AS churned_arr
      FROM share
      GROUP BY account
    )
    SELECT
      sum(arr_d) AS arr, sum(mrr_d) AS mrr, sum(one_time_d) AS one_time, sum(bookings) AS bookings,
      sum(due_arr) AS renewals_due, sum(overdue_count) AS overdue_count,
      sum(overdue_arr) AS overdue_arr, sum(churned_arr) AS churned_arr,
      sum(arr_y) FILTER (WHERE arr_y > 0) AS start_arr,
      sum(coalesce(arr_d, 0)) FILTER (WHERE arr_y > 0) AS retained_net,
      sum(least(coalesce(arr_d, 0), arr_y)) FILTER (WHERE arr_y > 0) AS retained_gross
    FROM per_account`;
}
