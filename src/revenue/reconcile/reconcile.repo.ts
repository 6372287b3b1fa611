import { sql } from 'kysely';
import type { Db } from '../../store/db.ts';
import { pgArray } from '../../store/pg-array.ts';

/** A booked contract line overlapping the period, with where its revenue stops (a churned contract's date). */
export interface BookedLine {
  accountId: string;
  accountName: string | null;
  revenueMinor: bigint;
  arrMinor: bigint;
  start: string;
  end: string;
  /** The day revenue stops counting (Terminated Effective Date of a churned contract), or null. */
  stopsOn: string | null;
}

/** What billing invoiced on one invoice line overlapping the period, net of credit notes, by billing account. */
export interface BilledLine {
  billingAccountId: bigint;
  amountMinor: bigint;
  start: string;
  end: string;
}

export interface BillingAccount {
  id: bigint;
  number: string;
  name: string;
  currency: string;
  salesforceId: string | null;
}

/** Lines of booked, unarchived contracts whose term overlaps `from`..`to`. */
export async function bookedLines(db: Db, from: string, to: string): Promise<BookedLine[]> {
  const { rows } = await sql<{
    account: string;
    account_name: string | null;
    revenue_minor: string;
    arr_minor: string;
    start_date: string;
    end_date: string;
    stops_on: string | null;
  }>`
    SELECT c.account_salesforce_id AS account, c.account_name, l.revenue_minor, l.arr_minor, l.start_date,
           l.end_date,
           CASE WHEN c.terminated_effective_date IS NOT NULL AND c.termination_date IS NOT NULL
                THEN c.terminated_effective_date END AS stops_on
    FROM contract_lines l
    JOIN contracts c ON c.id = l.contract_id AND c.archived_at IS NULL
    JOIN revenue_stages s ON s.stage = c.stage AND s.category = 'booked'
    WHERE l.start_date <= ${to}::date AND l.end_date >= ${from}::date AND c.account_salesforce_id IS NOT NULL`.execute(
    db,
  );
  return rows.map((r) => ({
    accountId: r.account.trim(),
    accountName: r.account_name,
    revenueMinor: BigInt(r.revenue_minor),
    arrMinor: BigInt(r.arr_minor),
    start: r.start_date,
    end: r.end_date,
    stopsOn: r.stops_on,
  }));
}

/** Invoice lines of unvoided invoices whose service period overlaps `from`..`to`, less what credit notes took back. */
export async function billedLines(db: Db, from: string, to: string): Promise<BilledLine[]> {
  const { rows } = await sql<{ account_id: string; amount: string; period_start: string; period_end: string }>`
    SELECT il.account_id,
           il.amount_minor - coalesce((SELECT sum(cl.amount_minor) FROM credit_note_lines cl
                                       WHERE cl.invoice_line_id = il.id), 0) AS amount,
           il.period_start, il.period_end
    FROM invoice_lines il
    JOIN invoices i ON i.id = il.invoice_id AND i.voided_at IS NULL
    WHERE il.period_start <= ${to}::date AND il.period_end >= ${from}::date`.execute(db);
  return rows.map((r) => ({
    billingAccountId: BigInt(r.account_id),
    amountMinor: BigInt(r.amount),
    start: r.period_start,
    end: r.period_end,
  }));
}

/** Billing accounts with the Salesforce account each is linked to (if any). */
export async function billingAccounts(
  db: Db,
  ids: readonly bigint[],
  salesforceIds: readonly string[],
): Promise<BillingAccount[]> {
  if (ids.length === 0 && salesforceIds.length === 0) return [];
  const { rows } = await sql<{
    id: string;
    account_number: string;
    name: string;
    currency: string;
    salesforce_id: string | null;
  }>`
    SELECT a.id, a.account_number, a.name, a.currency, k.salesforce_id
    FROM accounts a
    LEFT JOIN sync_links k ON k.object = 'account' AND k.billing_id = a.id
    WHERE a.id = any(${pgArray(ids)}::bigint[]) OR k.salesforce_id = any(${pgArray(salesforceIds)}::char(18)[])`.execute(
    db,
  );
  return rows.map((r) => ({
    id: BigInt(r.id),
    number: r.account_number,
    name: r.name,
    currency: r.currency.trim(),
    salesforceId: r.salesforce_id?.trim() ?? null,
  }));
}
