import { type Transaction, sql } from 'kysely';
import { MINOR_UNITS } from '../../domain/currency.ts';
import type { BillingCycle, BillingPeriod } from '../../domain/billing-period.ts';
import type { Database } from '../../store/schema.ts';
import { effectiveSettingsQuery } from './effective-settings.repo.ts';

/**
 * The billing run's working set, staged in temp tables that vanish at commit (ON COMMIT DROP). Temp tables
 * rather than one giant CTE: each step is readable on its own, and ANALYZE gives the planner real row
 * counts, which turns the later joins into hash joins instead of 100k-fold nested loops.
 */

type Trx = Transaction<Database>;

/** Per billing cycle: its months and the last day a run bills in advance and in arrears (`billingHorizon`). */
export interface RunCycle {
  cycle: BillingCycle;
  months: number;
  advanceEnd: string;
  arrearsEnd: string;
}

/** Serialises billing runs: two at once would both see a range as unbilled and number invoices alike. */
export async function lockBillingRuns(trx: Trx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('revbridge.billing_run'))`.execute(trx);
}

/** The run's horizons per cycle, computed by the domain (`billingHorizon`), so they are defined once. */
export async function stageCycles(trx: Trx, cycles: RunCycle[]): Promise<void> {
  const rows = cycles.map(
    (c) => sql`(${c.cycle}::text, ${c.months}::int, ${c.advanceEnd}::date, ${c.arrearsEnd}::date)`,
  );
  await sql`CREATE TEMP TABLE run_cycles (cycle text PRIMARY KEY, months int, advance_end date, arrears_end date)
            ON COMMIT DROP`.execute(trx);
  await sql`INSERT INTO run_cycles VALUES ${sql.join(rows)}`.execute(trx);
}

/**
 * The calendar periods of every cycle from the earliest uncovered day to the horizon, computed by the
 * domain (`periodContaining`) and handed to SQL as rows, so calendar alignment is defined in one place.
 */
export async function stagePeriods(trx: Trx, periods: (BillingPeriod & { cycle: BillingCycle })[]): Promise<void> {
  await sql`CREATE TEMP TABLE run_periods (cycle text, period_start date, period_end date) ON COMMIT DROP`.execute(trx);
  const CHUNK = 5_000;
  for (let i = 0; i < periods.length; i += CHUNK) {
    const rows = periods.slice(i, i + CHUNK).map((p) => sql`(${p.cycle}::text, ${p.start}::date, ${p.end}::date)`);
    await sql`INSERT INTO run_periods VALUES ${sql.join(rows)}`.execute(trx);
  }
  await sql`ANALYZE run_periods`.execute(trx);
}

/**
 * Minor units per currency from the domain table (src/domain/currency.ts), as the factor that turns a
 * major-unit decimal into minor units: 100 for USD, 1 for JPY, 1000 for KWD.
 */
export async function stageCurrencies(trx: Trx): Promise<void> {
  const rows = Object.entries(MINOR_UNITS).map(([code, digits]) => sql`(${code}::text, ${10 ** digits}::numeric)`);
  await sql`CREATE TEMP TABLE run_currencies (currency text PRIMARY KEY, minor_factor numeric) ON COMMIT DROP`.execute(
    trx,
  );
  await sql`INSERT INTO run_currencies VALUES ${sql.join(rows)}`.execute(trx);
}

/**
 * One row per account: effective settings (recursive CTE), its cycle's horizons, its currency's minor
 * factor, the day it closed (billing stops from that day), and the tax rate of its tax-inheritance account on
 * the run date. The SQL twin of `taxRateOn` (src/domain/tax.ts): each jurisdiction's version in force on
 * `date` (the latest starting on or before it), then `country-region` when it has one, else the country; no
 * country or no version in force means rate 0, marked `untaxed` so the run can say so.
 */
export async function stageAccounts(trx: Trx, date: string): Promise<void> {
  await sql`
    CREATE TEMP TABLE run_accounts ON COMMIT DROP AS
    WITH rates_on AS (
      SELECT DISTINCT ON (jurisdiction) jurisdiction, rate
        FROM tax_rates
       WHERE effective_from <= ${date}::date
       ORDER BY jurisdiction, effective_from DESC
    )
    SELECT e.*, a.currency::text AS currency, cur.minor_factor, cy.months AS cycle_months, cy.advance_end,
           cy.arrears_end, CASE WHEN st.status = 'closed' THEN st.effective_from END AS closed_from,
           coalesce(sub_rate.rate, country_rate.rate, 0) AS tax_rate,
           coalesce(sub_rate.jurisdiction, nullif(upper(btrim(ta.country)), '')) AS tax_jurisdiction,
           sub_rate.rate IS NULL AND country_rate.rate IS NULL AS untaxed
      FROM (${effectiveSettingsQuery()}) e
      JOIN accounts a ON a.id = e.account_id
      JOIN run_currencies cur ON cur.currency = a.currency
      JOIN run_cycles cy ON cy.cycle = e.billing_cycle
      JOIN accounts ta ON ta.id = e.tax_account_id
      LEFT JOIN (SELECT DISTINCT ON (account_id) account_id, effective_from, status
                   FROM account_status_history
                  ORDER BY account_id, effective_from DESC) st ON st.account_id = e.account_id
      LEFT JOIN rates_on sub_rate
        ON sub_rate.jurisdiction = upper(btrim(ta.country)) || '-' || upper(btrim(ta.region))
      LEFT JOIN rates_on country_rate ON country_rate.jurisdiction = upper(btrim(ta.country))`.execute(trx);
  await sql`ALTER TABLE run_accounts ADD PRIMARY KEY (account_id)`.execute(trx);
  await sql`ANALYZE run_accounts`.execute(trx);
}

/** What each staged charge carries until it becomes an invoice line. amount_minor NULL = no price. */
export async function createChargesTable(trx: Trx): Promise<void> {
  await sql`
    CREATE TEMP TABLE run_charges (
      account_id bigint NOT NULL,
      invoicer_id bigint NOT NULL,
      account_product_id bigint,
      service_id bigint NOT NULL,
      charge_kind text NOT NULL,
      line_type text NOT NULL,
      description text NOT NULL,
      quantity numeric NOT NULL,
      unit_price numeric,
      period_start date NOT NULL,
      period_end date NOT NULL,
      amount_minor bigint,
      tax_rate numeric NOT NULL,
      currency text NOT NULL,
      -- taxMinor (src/domain/tax.ts): amount × flat rate, half-up at the minor unit, once per line.
      tax_minor bigint GENERATED ALWAYS AS (round(amount_minor * tax_rate)) STORED
    ) ON COMMIT DROP`.execute(trx);
}
