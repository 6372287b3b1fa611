import { sql } from 'kysely';
import type { Db } from '../../store/db.ts';

/** The sums behind the revenue metrics on one day, in minor units of the tenant currency. */
export interface MetricSums {
  currency: string | null;
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

/** How far ahead a contract ending counts as a renewal due. */
export const RENEWALS_DUE_DAYS = 90;

/**
 * Every revenue metric on `asOf` in one statement, one pass over the contract lines of booked contracts (plus
 * one row per contract whose Assigned ARR/MRR replaces its lines'). The SQL twin of the domain's rules, held
 * to them by a test: a contract counts in ARR on a day when `countsInArr` says so (started, not churned, in
 * its term or overdue), and its ARR that day is its lines in force on the day clamped into its term.
 */
export async function metricSums(db: Db, asOf: string): Promise<MetricSums> {
  const { rows } = await sql<{
    currency: string | null;
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
  }>`
    WITH days AS (SELECT ${asOf}::date AS d, (${asOf}::date - interval '1 year')::date AS y),
    renewal AS (
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
    booked AS (
      SELECT c.id, c.account_salesforce_id AS account, c.currency, c.start_date, c.end_date, c.close_date,
             c.recurring, c.assigned_arr_minor, c.assigned_mrr_minor,
             coalesce(r.booked, false) AS renewal_booked,
             CASE
               WHEN c.terminated_effective_date IS NOT NULL AND c.termination_date IS NOT NULL
                 THEN c.terminated_effective_date
               WHEN r.lost THEN coalesce(c.terminated_effective_date, r.lost_effective)
             END AS churned_on
      FROM contracts c
      JOIN revenue_stages s ON s.stage = c.stage AND s.category = 'booked'
      LEFT JOIN renewal r ON r.id = c.id
      WHERE c.archived_at IS NULL
    ),
    -- An amendment of a booked contract rides along with it: churned with it at the latest, and past its own
    -- end overdue while that contract is (contractState).
    k AS (
      SELECT b.*, p.id IS NOT NULL AS is_amendment, churn.eff AS churn_eff,
        (b.start_date <= days.d AND (churn.eff IS NULL OR days.d < churn.eff)
          AND (days.d <= b.end_date OR rides.d)) AS counts_d,
        (b.start_date <= days.y AND (churn.eff IS NULL OR days.y < churn.eff)
          AND (days.y <= b.end_date OR rides.y)) AS counts_y,
        least(greatest(days.d, b.start_date), b.end_date) AS day_d,
        least(greatest(days.y, b.start_date), b.end_date) AS day_y,
        (days.d > b.end_date AND rides.d AND (churn.eff IS NULL OR days.d < churn.eff)) AS overdue_d,
        (p.id IS NULL AND b.end_date > days.d AND b.end_date <= days.d + ${RENEWALS_DUE_DAYS}::int AND b.recurring
          AND NOT b.renewal_booked AND (churn.eff IS NULL OR churn.eff > b.end_date)) AS due,
        (churn.eff > days.y AND churn.eff <= days.d) AS churned_in_year,
        least(greatest(churn.eff - 1, b.start_date), b.end_date) AS day_churn,
        (b.close_date > days.y AND b.close_date <= days.d) AS booked_in_year
      FROM booked b
      CROSS JOIN days
      LEFT JOIN contract_links a ON a.kind = 'amendment' AND a.later_id = b.id
      LEFT JOIN booked p ON p.id = a.earlier_id
      CROSS JOIN LATERAL (SELECT least(b.churned_on, p.churned_on) AS eff) churn
      CROSS JOIN LATERAL (
        SELECT
          CASE WHEN p.id IS NULL THEN b.recurring AND NOT b.renewal_booked
               ELSE days.d > p.end_date AND p.recurring AND NOT p.renewal_booked
                    AND (p.churned_on IS NULL OR days.d < p.churned_on) END AS d,
          CASE WHEN p.id IS NULL THEN b.recurring AND NOT b.renewal_booked
               ELSE days.y > p.end_date AND p.recurring AND NOT p.renewal_booked
                    AND (p.churned_on IS NULL OR days.y < p.churned_on) END AS y
      ) rides
    ),
    line_rows AS (
      SELECT k.account, k.counts_d, k.counts_y, k.day_d, k.day_y, k.overdue_d, k.due, k.end_date, k.churned_in_year,
             k.day_churn, k.booked_in_year, l.start_date AS l_start, l.end_date AS l_end,
             CASE WHEN k.assigned_arr_minor IS NULL THEN l.arr_minor ELSE 0 END AS arr,
             CASE WHEN k.assigned_arr_minor IS NULL THEN l.mrr_minor ELSE 0 END AS mrr,
             l.revenue_minor AS revenue, l.recurring
      FROM k JOIN contract_lines l ON l.contract_id = k.id
      UNION ALL
      -- Assigned ARR/MRR: one row over the whole term, carrying no revenue of its own.
      SELECT k.account, k.counts_d, k.counts_y, k.day_d, k.day_y, k.overdue_d, k.due, k.end_date, k.churned_in_year,
             k.day_churn, false, k.start_date, k.end_date, k.assigned_arr_minor, k.assigned_mrr_minor, 0, true
      FROM k WHERE k.assigned_arr_minor IS NOT NULL
    ),
    per_account AS (
      SELECT account,
        sum(arr) FILTER (WHERE counts_d AND l_start <= day_d AND l_end >= day_d) AS arr_d,
        sum(mrr) FILTER (WHERE counts_d AND l_start <= day_d AND l_end >= day_d) AS mrr_d,
        sum(revenue) FILTER (WHERE counts_d AND NOT recurring) AS one_time_d,
        sum(arr) FILTER (WHERE counts_y AND l_start <= day_y AND l_end >= day_y) AS arr_y,
        sum(revenue) FILTER (WHERE booked_in_year) AS bookings,
        sum(arr) FILTER (WHERE due AND l_start <= end_date AND l_end >= end_date) AS due_arr,
        sum(arr) FILTER (WHERE overdue_d AND l_start <= day_d AND l_end >= day_d) AS overdue_arr,
        sum(arr) FILTER (WHERE churned_in_year AND l_start <= day_churn AND l_end >= day_churn) AS churned_arr
      FROM line_rows
      GROUP BY account
    )
    SELECT
      (SELECT min(currency) FROM contracts) AS currency,
      sum(arr_d) AS arr, sum(mrr_d) AS mrr, sum(one_time_d) AS one_time, sum(bookings) AS bookings,
      sum(due_arr) AS renewals_due, (SELECT count(*) FROM k WHERE overdue_d AND NOT is_amendment) AS overdue_count,
      sum(overdue_arr) AS overdue_arr, sum(churned_arr) AS churned_arr,
      sum(arr_y) FILTER (WHERE arr_y > 0) AS start_arr,
      sum(coalesce(arr_d, 0)) FILTER (WHERE arr_y > 0) AS retained_net,
      sum(least(coalesce(arr_d, 0), arr_y)) FILTER (WHERE arr_y > 0) AS retained_gross
    FROM per_account`.execute(db);
  const r = rows[0];
  const big = (v: string | null) => BigInt(v ?? '0');
  return {
    currency: r.currency?.trim() ?? null,
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
