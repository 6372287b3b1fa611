import { type RawBuilder, type Transaction, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';

/**
 * The billing run's charges for every due account, in a few INSERT … SELECT / DELETE statements (never one
 * query per account). Each mirrors a pure domain rule, and the tests compare them to the cent:
 * - price: `resolvePrice` — the account's price plan effective on the day wins, field by field falling
 *   back to the list price version effective that day;
 * - recurring and state-based: `prorate` with `cycleShareFactor(prorationFactor(…))` (PRORATION_RULE: price ×
 *   quantity × days active in the period / days in the period, times the account cycle's share of the
 *   package frequency's price, rounded once, half-up) via round_half_up_div (0003);
 * - one-time: price × quantity, once per product and service;
 * - usage: `rateUsage` — the included quantity first and free, the rest at the overage rate (else the
 *   usage rate); PostgreSQL's round(numeric) is half away from zero, the same rule as `toMinor`.
 * Every due charge is staged, then the ones already billed are dropped (dropBilledCharges): that is what
 * makes a repeated run create nothing.
 */

type Trx = Transaction<Database>;

/**
 * List price versions with the day the next version takes over, so "the version effective on day D" is a
 * hash join with a range filter (one lookup per charge as a lateral index scan cost 2.7 s at 100k accounts).
 */
export async function stageListPrices(trx: Trx): Promise<void> {
  await sql`
    CREATE TEMP TABLE run_list_prices ON COMMIT DROP AS
    SELECT sp.service_id, sp.effective_from,
           lead(sp.effective_from) OVER (PARTITION BY sp.service_id ORDER BY sp.effective_from) AS next_from,
           sp.recurring_minor, sp.one_time_minor, sp.usage_rate, sp.included_quantity, sp.overage_rate,
           sp.state_prices
      FROM service_prices sp`.execute(trx);
  await sql`ANALYZE run_list_prices`.execute(trx);
}

/**
 * The account's price plan version effective on `day` for (`account`, `service`), as a LEFT JOIN condition
 * on price_plans `pp`: a hash join on the pair (a lateral index lookup per charge cost 1.6 s at 100k
 * accounts), and since plan versions may overlap (effective_to), the NOT EXISTS keeps only the latest one
 * that started on or before the day. It runs only for the few charges that matched a plan at all.
 */
function planOn(account: RawBuilder<unknown>, service: RawBuilder<unknown>, day: RawBuilder<unknown>) {
  return sql`pp.account_id = ${account} AND pp.service_id = ${service}
       AND pp.effective_from <= ${day} AND (pp.effective_to IS NULL OR pp.effective_to >= ${day})
       AND NOT EXISTS (SELECT 1 FROM price_plans later
                        WHERE later.account_id = pp.account_id AND later.service_id = pp.service_id
                          AND later.effective_from > pp.effective_from AND later.effective_from <= ${day}
                          AND (later.effective_to IS NULL OR later.effective_to >= ${day}))`;
}

/** The list price version effective on `day` (see stageListPrices), as a LEFT JOIN condition on `list`. */
function listOn(service: RawBuilder<unknown>, day: RawBuilder<unknown>) {
  return sql`list.service_id = ${service} AND list.effective_from <= ${day}
       AND (list.next_from IS NULL OR list.next_from > ${day})`;
}

/**
 * Recurring, one-time and state-based charges of every account product overlapping its account's period.
 * Prices are taken on the first active day in the period (the period start, or a later product start), so
 * a plan negotiated for a product that starts mid-period applies from its first day.
 */
export async function stageProductCharges(trx: Trx): Promise<void> {
  await sql`
    INSERT INTO run_charges
    SELECT ap.account_id, ra.subscription_invoicer_id, ap.id, s.id, s.kind,
           CASE s.kind
             WHEN 'one_time' THEN s.name || ' (one-time)'
             WHEN 'state_based' THEN s.name || ' (' || ap.service_state || ')'
             ELSE s.name
           END || CASE WHEN s.kind <> 'one_time' AND d.active_days < ra.period_days
                       THEN format(' (prorated %s/%s days)', d.active_days, ra.period_days) ELSE '' END,
           ap.quantity,
           CASE s.kind
             WHEN 'one_time' THEN price.minor / ra.minor_factor
             ELSE price.minor * ra.cycle_months / freq.months / ra.minor_factor
           END,
           ra.period_start, ra.period_end,
           CASE s.kind
             WHEN 'one_time' THEN round_half_up_div(price.minor * ap.quantity, 1)
             ELSE round_half_up_div(price.minor * ap.quantity * d.active_days * ra.cycle_months,
                                    ra.period_days * freq.months)
           END,
           ra.tax_rate, ra.currency
      FROM account_products ap
      JOIN run_accounts ra ON ra.account_id = ap.account_id
      JOIN package_services s ON s.package_id = ap.package_id AND s.kind <> 'usage'
      JOIN packages pk ON pk.id = ap.package_id
      -- months per period of the package's frequency: a recurring price is per that period
      JOIN run_periods freq ON freq.cycle = pk.frequency
     CROSS JOIN LATERAL (
           SELECT greatest(ap.start_date, ra.period_start) AS price_on,
                  least(coalesce(ap.end_date, ra.period_end), ra.period_end)
                    - greatest(ap.start_date, ra.period_start) + 1 AS active_days) d
      LEFT JOIN price_plans pp ON ${planOn(sql`ap.account_id`, sql`s.id`, sql`d.price_on`)}
      LEFT JOIN run_list_prices list ON ${listOn(sql`s.id`, sql`d.price_on`)}
     CROSS JOIN LATERAL (
           SELECT CASE s.kind
                    WHEN 'recurring' THEN coalesce(pp.recurring_minor, list.recurring_minor)::numeric
                    WHEN 'one_time' THEN coalesce(pp.one_time_minor, list.one_time_minor)::numeric
                    ELSE (coalesce(pp.state_prices, list.state_prices) ->> ap.service_state)::numeric
                           * ra.minor_factor
                  END AS minor) price
     WHERE ap.start_date <= ra.period_end
       AND (ap.end_date IS NULL OR ap.end_date >= ra.period_start)`.execute(trx);
}

/**
 * Usage per account and service: the sum of its usage records dated in the account's period, rated once.
 * A service with neither a plan nor a list price stays unpriced (`resolvePrice` would refuse it); one
 * whose price sets no rate charges nothing (`rateUsage`).
 */
export async function stageUsageCharges(trx: Trx): Promise<void> {
  await sql`
    INSERT INTO run_charges
    SELECT u.account_id, ra.usage_invoicer_id, NULL, u.service_id, 'usage',
           format('%s: %s used, %s included', s.name, trim_scale(u.used), trim_scale(coalesce(r.included, 0))),
           r.billable, r.unit, ra.period_start, ra.period_end,
           CASE WHEN pp.id IS NOT NULL OR list.service_id IS NOT NULL
                THEN round(r.billable * r.unit * ra.minor_factor) END,
           ra.tax_rate, ra.currency
      FROM (SELECT ur.account_id, ur.service_id, sum(ur.quantity) AS used
              FROM usage_records ur
              JOIN run_accounts ra ON ra.account_id = ur.account_id
             WHERE ur.used_on BETWEEN ra.period_start AND ra.period_end
               -- a constant range as well, so the used_on index narrows the scan before the join
               AND ur.used_on BETWEEN (SELECT min(period_start) FROM run_periods)
                                  AND (SELECT max(period_end) FROM run_periods)
             GROUP BY ur.account_id, ur.service_id) u
      JOIN run_accounts ra ON ra.account_id = u.account_id
      JOIN package_services s ON s.id = u.service_id
      LEFT JOIN price_plans pp ON ${planOn(sql`u.account_id`, sql`u.service_id`, sql`ra.period_start`)}
      LEFT JOIN run_list_prices list ON ${listOn(sql`u.service_id`, sql`ra.period_start`)}
     CROSS JOIN LATERAL (
           SELECT coalesce(pp.included_quantity, list.included_quantity) AS included,
                  greatest(u.used - coalesce(pp.included_quantity, list.included_quantity, 0), 0) AS billable,
                  coalesce(pp.overage_rate, list.overage_rate, pp.usage_rate, list.usage_rate, 0) AS unit) r`.execute(
    trx,
  );
}

/**
 * Drops staged charges that are already on an invoice: the same line key (account, service, product,
 * kind, period) — invoice_lines' unique key — and, for one-time charges, any earlier one-time line of the
 * product and service. Deleting from the analysed stage instead of anti-joining inside the staging
 * statements keeps the plan sound when invoice_lines' statistics say "empty" (a first run): that anti-join
 * became a nested loop costing 2 s at 100k accounts.
 */
export async function dropBilledCharges(trx: Trx): Promise<void> {
  await sql`ANALYZE run_charges`.execute(trx);
  await sql`
    DELETE FROM run_charges c
     USING invoice_lines il
     WHERE il.account_id = c.account_id AND il.service_id = c.service_id
       AND il.account_product_id IS NOT DISTINCT FROM c.account_product_id
       AND il.charge_kind = c.charge_kind AND il.period_start = c.period_start`.execute(trx);
  await sql`
    DELETE FROM run_charges c
     USING invoice_lines il
     WHERE c.charge_kind = 'one_time' AND il.charge_kind = 'one_time'
       AND il.account_product_id = c.account_product_id AND il.service_id = c.service_id`.execute(trx);
}

/** Drops charges without a price and says how many; the run bills everything else. */
export async function dropUnpricedCharges(trx: Trx): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    WITH gone AS (DELETE FROM run_charges WHERE amount_minor IS NULL RETURNING 1)
    SELECT count(*)::int AS n FROM gone`.execute(trx);
  await sql`ANALYZE run_charges`.execute(trx);
  return rows[0].n;
}
