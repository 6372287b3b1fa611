import { sql } from 'kysely';
import { DEFAULT_AR_TERM_DAYS, DEFAULT_BILLING_CYCLE } from '../../domain/account-hierarchy.ts';
import type { BillingCycle } from '../../domain/billing-period.ts';
import type { Db } from '../../store/db.ts';

/**
 * Every account's effective billing settings in one query: the set-based twin of `effectiveSettings`
 * (src/domain/account-hierarchy.ts), which answers for one account at a time. Seed: "children inherit
 * parent settings by default", so each unset setting comes from the nearest ancestor that sets it; unset
 * all the way up, invoicers and the tax account are the account itself, the AR term is net 30 and the
 * cycle monthly. test/billing/billing-run-settings.test.ts checks that the two always agree.
 *
 * The recursion walks down from the roots, carrying the nearest set value; one step per hierarchy level,
 * so 100k flat accounts are one join. Accounts caught in a parent loop are unreachable from a root and
 * get no row (the account use-cases refuse loops with `hierarchy_cycle`; such data is not billed).
 */
export function effectiveSettingsQuery() {
  return sql`
    WITH RECURSIVE tree AS (
      SELECT a.id, a.id AS root_id,
             a.subscription_invoicer_id AS sub, a.usage_invoicer_id AS usg, a.tax_account_id AS tax,
             a.ar_term_days AS ar, a.billing_cycle AS cycle, a.bill_group AS grp
        FROM accounts a
       WHERE a.parent_id IS NULL
      UNION ALL
      SELECT c.id, t.root_id,
             coalesce(c.subscription_invoicer_id, t.sub), coalesce(c.usage_invoicer_id, t.usg),
             coalesce(c.tax_account_id, t.tax), coalesce(c.ar_term_days, t.ar),
             coalesce(c.billing_cycle, t.cycle), coalesce(c.bill_group, t.grp)
        FROM accounts c
        JOIN tree t ON c.parent_id = t.id
    )
    SELECT id AS account_id,
           root_id,
           coalesce(sub, id) AS subscription_invoicer_id,
           coalesce(usg, id) AS usage_invoicer_id,
           coalesce(tax, id) AS tax_account_id,
           coalesce(ar, ${sql.lit(DEFAULT_AR_TERM_DAYS)}::int) AS ar_term_days,
           coalesce(cycle, ${sql.lit(DEFAULT_BILLING_CYCLE)}::text) AS billing_cycle,
           grp AS bill_group
      FROM tree`;
}

export interface EffectiveSettingsRow {
  account_id: bigint;
  root_id: bigint;
  subscription_invoicer_id: bigint;
  usage_invoicer_id: bigint;
  tax_account_id: bigint;
  ar_term_days: number;
  billing_cycle: BillingCycle;
  bill_group: string | null;
}

/** All accounts' effective settings (for checks and tools; the billing run stages them in a temp table). */
export async function listEffectiveSettings(db: Db): Promise<EffectiveSettingsRow[]> {
  const { rows } = await sql<EffectiveSettingsRow>`${effectiveSettingsQuery()} ORDER BY account_id`.execute(db);
  return rows;
}
