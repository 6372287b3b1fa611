import { type Transaction, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';

/** Why an account's lines carry no tax: its tax account has no country, or no rate is in force for it. */
export type UntaxedReason = 'no_country' | 'no_rate';

export interface UntaxedAccount {
  /** The account whose lines were issued without tax. */
  accountNumber: string;
  /** Its effective tax-inheritance account: the address to fix. */
  taxAccountNumber: string;
  reason: UntaxedReason;
  /** The jurisdiction that has no rate on the run date (the country); null for `no_country`. */
  jurisdiction: string | null;
}

export interface UntaxedSummary {
  /** How many accounts got lines without tax in this run. */
  accounts: number;
  /** The first few of them, by account number. */
  examples: UntaxedAccount[];
}

/** Enough to find the pattern (usually one tax account, or one missing country rate), not a full list. */
export const UNTAXED_EXAMPLES = 10;

/**
 * Accounts with charges in this run whose tax account has no jurisdiction or no rate on the run date, so
 * their lines were taxed 0: an operator must hear about it rather than find it on an invoice. Reads the
 * run's working set (run_accounts.untaxed, set by stageAccounts, and the charges left after dropping billed
 * and unpriced ones), so call it after the charges are final and before commit drops the temp tables.
 */
export async function untaxedAccounts(trx: Transaction<Database>): Promise<UntaxedSummary> {
  const { rows } = await sql<{
    account_number: string;
    tax_account_number: string;
    jurisdiction: string | null;
    total: number;
  }>`
    SELECT a.account_number, ta.account_number AS tax_account_number, ra.tax_jurisdiction AS jurisdiction,
           count(*) OVER ()::int AS total
      FROM run_accounts ra
      JOIN accounts a ON a.id = ra.account_id
      JOIN accounts ta ON ta.id = ra.tax_account_id
     WHERE ra.untaxed AND EXISTS (SELECT 1 FROM run_charges c WHERE c.account_id = ra.account_id)
     ORDER BY a.account_number
     LIMIT ${UNTAXED_EXAMPLES}`.execute(trx);
  return {
    accounts: rows[0]?.total ?? 0,
    examples: rows.map((r) => ({
      accountNumber: r.account_number,
      taxAccountNumber: r.tax_account_number,
      reason: r.jurisdiction === null ? 'no_country' : 'no_rate',
      jurisdiction: r.jurisdiction,
    })),
  };
}
