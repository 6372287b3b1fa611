import { type Transaction, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { listOn, planOn } from './charges.repo.ts';

/**
 * Usage, billed in arrears. The usage records a run rates are the unbilled ones (never billed, or billed
 * on an invoice since voided) dated up to the account's usage horizon (`billingHorizon` in arrears) and
 * before the account closed. A record inside a covered range is late usage for that range; the others
 * fall into the run's new pieces (`dueRanges`, cut by the account's cycle).
 *
 * Both are rated the same way, `rateUsage` on everything used in the range (included quantity free, the
 * rest at the overage rate, else the usage rate; the price in force on the range's first day, the
 * account's price plan winning field by field), and the line is that amount minus what the range's lines
 * already billed, so a range's lines always add up to the rating of all its usage.
 */

type Trx = Transaction<Database>;

/** Unbilled usage records up to each account's horizon, and one usage key per (account, service). */
export async function stageUsageKeys(trx: Trx): Promise<void> {
  await sql`
    CREATE TEMP TABLE run_usage ON COMMIT DROP AS
    SELECT ur.id, ur.account_id, ur.service_id, ur.used_on, ur.quantity
      FROM usage_records ur
      JOIN run_accounts ra ON ra.account_id = ur.account_id
     WHERE ur.billed_line_id IS NULL
       AND ur.used_on <= ra.arrears_end AND (ra.closed_from IS NULL OR ur.used_on < ra.closed_from)
    UNION ALL
    SELECT ur.id, ur.account_id, ur.service_id, ur.used_on, ur.quantity
      FROM invoices i
      JOIN invoice_lines il ON il.invoice_id = i.id AND il.charge_kind = 'usage'
      JOIN usage_records ur ON ur.billed_line_id = il.id
      JOIN run_accounts ra ON ra.account_id = ur.account_id
     WHERE i.voided_at IS NOT NULL
       AND ur.used_on <= ra.arrears_end AND (ra.closed_from IS NULL OR ur.used_on < ra.closed_from)`.execute(trx);
  await sql`ANALYZE run_usage`.execute(trx);
  await sql`
    INSERT INTO run_keys (account_id, service_id, kind, service_name, cycle, active_from, bound)
    -- from January 1 of the first year used: every calendar period of any cycle holding that day starts
    -- there or later, so a usage range is always a whole period (less what is covered), never "from the
    -- first day used"
    SELECT u.account_id, u.service_id, 'usage', s.name, ra.billing_cycle,
           date_trunc('year', min(u.used_on))::date, ra.arrears_end
      FROM run_usage u
      JOIN run_accounts ra ON ra.account_id = u.account_id
      JOIN package_services s ON s.id = u.service_id
     GROUP BY u.account_id, u.service_id, s.name, ra.billing_cycle, ra.arrears_end`.execute(trx);
}

/**
 * The usage ranges to rate: new pieces holding unbilled records, and covered ranges holding late ones,
 * with everything used in the range and what its lines already billed.
 */
export async function stageUsageRanges(trx: Trx): Promise<void> {
  await sql`
    CREATE TEMP TABLE run_usage_ranges ON COMMIT DROP AS
    SELECT pc.key_id, pc.s, pc.e, 'charge'::text AS line_type, sum(u.quantity) AS used, 0::numeric AS used_before,
           0::bigint AS billed_minor, bool_and(pc.whole_period) AS whole_period
      FROM run_pieces pc
      JOIN run_keys k ON k.key_id = pc.key_id AND k.kind = 'usage'
      JOIN run_usage u ON u.account_id = k.account_id AND u.service_id = k.service_id
                      AND u.used_on BETWEEN pc.s AND pc.e
     GROUP BY pc.key_id, pc.s, pc.e`.execute(trx);
  await sql`
    INSERT INTO run_usage_ranges
    SELECT late.key_id, late.s, late.e, 'late_usage', total.used, total.used - late.unbilled, billed.minor, false
      FROM (SELECT cv.key_id, cv.s, cv.e, sum(u.quantity) AS unbilled
              FROM run_covered cv
              JOIN run_keys k ON k.key_id = cv.key_id AND k.kind = 'usage'
              JOIN run_usage u ON u.account_id = k.account_id AND u.service_id = k.service_id
                              AND u.used_on BETWEEN cv.s AND cv.e
             GROUP BY cv.key_id, cv.s, cv.e) late
      JOIN run_keys k ON k.key_id = late.key_id
     CROSS JOIN LATERAL (
           SELECT sum(ur.quantity) AS used FROM usage_records ur
            WHERE ur.account_id = k.account_id AND ur.service_id = k.service_id
              AND ur.used_on BETWEEN late.s AND late.e) total
     CROSS JOIN LATERAL (
           SELECT coalesce(sum(il.amount_minor), 0)::bigint AS minor
             FROM invoice_lines il
             JOIN invoices i ON i.id = il.invoice_id AND i.voided_at IS NULL
            WHERE il.account_id = k.account_id AND il.service_id = k.service_id AND il.charge_kind = 'usage'
              AND il.period_start = late.s AND il.period_end = late.e) billed`.execute(trx);
}

/**
 * Rates every usage range and stages its line: the rating of all its usage minus what was billed. A late
 * record that changes nothing (still within the included quantity) gets no line and is settled against
 * the range's charge line (see markUsageBilled). A service with neither a plan nor a list price stays
 * unpriced and its records wait for the next run.
 */
export async function stageUsageCharges(trx: Trx): Promise<void> {
  await sql`
    INSERT INTO run_charges
    SELECT k.account_id, ra.usage_invoicer_id, NULL, k.service_id, 'usage', r.line_type,
           CASE r.line_type
             WHEN 'late_usage' THEN format('Late usage: %s, %s to %s: %s more used (%s in all, %s included)',
                                           k.service_name, r.s, r.e, trim_scale(r.used - r.used_before),
                                           trim_scale(r.used), trim_scale(coalesce(rate.included, 0)))
             ELSE format('%s: %s used, %s included', k.service_name, trim_scale(r.used),
                         trim_scale(coalesce(rate.included, 0)))
                  || CASE WHEN r.whole_period THEN '' ELSE format(' (%s to %s)', r.s, r.e) END
           END,
           rate.billable - rate.billable_before, rate.unit, r.s, r.e,
           CASE WHEN priced.yes THEN round(rate.billable * rate.unit * ra.minor_factor) - r.billed_minor END,
           ra.tax_rate, ra.currency
      FROM run_usage_ranges r
      JOIN run_keys k ON k.key_id = r.key_id
      JOIN run_accounts ra ON ra.account_id = k.account_id
      LEFT JOIN price_plans pp ON ${planOn(sql`k.account_id`, sql`k.service_id`, sql`r.s`)}
      LEFT JOIN run_list_prices list ON ${listOn(sql`k.service_id`, sql`r.s`)}
     CROSS JOIN LATERAL (SELECT pp.id IS NOT NULL OR list.service_id IS NOT NULL AS yes) priced
     CROSS JOIN LATERAL (
           SELECT coalesce(pp.included_quantity, list.included_quantity) AS included,
                  greatest(r.used - coalesce(pp.included_quantity, list.included_quantity, 0), 0) AS billable,
                  greatest(r.used_before - coalesce(pp.included_quantity, list.included_quantity, 0), 0)
                    AS billable_before,
                  -- negotiated rates win (seeds: reps negotiate usage and overage rates per service): the
                  -- plan's overage, else the plan's usage rate, before any list rate
                  coalesce(pp.overage_rate, pp.usage_rate, list.overage_rate, list.usage_rate, 0) AS unit) rate
     WHERE r.line_type = 'charge' OR NOT priced.yes
        OR round(rate.billable * rate.unit * ra.minor_factor) <> r.billed_minor`.execute(trx);
}

/**
 * Settles the run's usage records: each one is marked with the line that billed it. First every record
 * inside a covered range gets that range's charge line (late usage that changed nothing is settled there),
 * then this run's lines (`run_usage_lines`: new ranges, late usage) take their records. Records of unpriced
 * ranges stay unbilled and wait for the next run.
 */
export async function markUsageBilled(trx: Trx): Promise<void> {
  await sql`
    UPDATE usage_records ur
       SET billed_line_id = cv.line_id
      FROM run_usage u
      JOIN run_keys k ON k.kind = 'usage' AND k.account_id = u.account_id AND k.service_id = u.service_id
      JOIN run_covered cv ON cv.key_id = k.key_id AND u.used_on BETWEEN cv.s AND cv.e
     WHERE ur.id = u.id`.execute(trx);
  await sql`
    UPDATE usage_records ur
       SET billed_line_id = nl.id
      FROM run_usage u
      JOIN run_usage_lines nl ON nl.account_id = u.account_id AND nl.service_id = u.service_id
                             AND u.used_on BETWEEN nl.period_start AND nl.period_end
     WHERE ur.id = u.id`.execute(trx);
}
