import { type Transaction, sql } from 'kysely';
import type { Database } from '../../store/schema.ts';

type Trx = Transaction<Database>;

/**
 * Seed 003 and the issue: "invoice numbers unique and sequential per account" and both invoicers are
 * "self or other within their hierarchy". Charges were staged with the account that receives them (the
 * subscription invoicer for recurring, one-time and state-based charges, the usage invoicer for usage),
 * so an invoicer billing for a whole hierarchy gets one invoice per run holding every child's lines.
 * A currency mixed on one invoice would be data corruption (parent and child share a currency), so it
 * stops the run instead of being summed.
 */
export async function assertOneCurrencyPerInvoice(trx: Trx): Promise<void> {
  const { rows } = await sql<{ invoicer_id: bigint; currency: string; invoicer_currency: string }>`
    SELECT c.invoicer_id, c.currency, ra.currency AS invoicer_currency
      FROM run_charges c
      JOIN run_accounts ra ON ra.account_id = c.invoicer_id
     WHERE c.currency <> ra.currency
     LIMIT 1`.execute(trx);
  if (rows.length > 0) {
    const r = rows[0];
    throw new Error(`account id ${r.invoicer_id} (${r.invoicer_currency}) would invoice a ${r.currency} charge`);
  }
}

/**
 * One invoice per invoiced account, numbered, before anything is inserted:
 * - kind: 'subscription' or 'usage' by what the invoice holds, 'combined' when the account is both the
 *   subscription and the usage invoicer of the charges on it;
 * - sequence: one more than the account's last (the run holds an advisory lock, so no one else numbers
 *   invoices meanwhile). The last sequences are read in one grouped pass, not a subquery per invoice: on a
 *   table growing inside the same statement, that subquery went quadratic (10k invoices took 2.7 s);
 * - number: the SQL twin of `invoiceNumber` — account number, dash, sequence padded to at least 4 digits
 *   (lpad alone would cut 10000 to 1000);
 * - due date: `dueDate` — run date plus the invoiced account's effective AR term in days;
 * - subtotal and tax: exact sums of the lines, each rounded once.
 */
export async function stageInvoices(trx: Trx, invoiceDate: string): Promise<void> {
  await sql`
    CREATE TEMP TABLE run_invoices ON COMMIT DROP AS
    SELECT t.invoicer_id, seq.next AS sequence,
           a.account_number || '-' || lpad(seq.next::text, greatest(4, length(seq.next::text)), '0') AS invoice_number,
           CASE WHEN t.has_usage AND t.has_subscription THEN 'combined'
                WHEN t.has_usage THEN 'usage' ELSE 'subscription' END AS kind,
           ${invoiceDate}::date + ra.ar_term_days AS due_date, ra.currency, t.subtotal, t.tax
      FROM (SELECT c.invoicer_id, sum(c.amount_minor) AS subtotal, sum(c.tax_minor) AS tax,
                   bool_or(c.charge_kind = 'usage') AS has_usage,
                   bool_or(c.charge_kind <> 'usage') AS has_subscription
              FROM run_charges c
             GROUP BY c.invoicer_id) t
      JOIN accounts a ON a.id = t.invoicer_id
      JOIN run_accounts ra ON ra.account_id = t.invoicer_id
      LEFT JOIN (SELECT i.account_id, max(i.sequence) AS last
                   FROM invoices i
                  WHERE i.account_id IN (SELECT invoicer_id FROM run_charges)
                  GROUP BY i.account_id) prev ON prev.account_id = t.invoicer_id
     CROSS JOIN LATERAL (SELECT coalesce(prev.last, 0) + 1 AS next) seq`.execute(trx);
  await sql`ANALYZE run_invoices`.execute(trx);
}

/**
 * Inserts the staged invoices and moves every staged charge onto its invoice as a line, in one statement.
 * The new usage lines are kept in `run_usage_lines` (id and range), so the usage records they bill can be
 * marked without reading invoice_lines back: its statistics are stale inside the run (a first run saw it
 * empty) and that join planned as a nested loop costing seconds at 100k accounts.
 */
export async function issueInvoices(
  trx: Trx,
  runId: bigint,
  invoiceDate: string,
): Promise<{ invoices: number; lines: number }> {
  await sql`
    CREATE TEMP TABLE run_usage_lines (id bigint, account_id bigint, service_id bigint, period_start date,
                                       period_end date) ON COMMIT DROP`.execute(trx);
  const { rows } = await sql<{ invoices: number; lines: number }>`
    WITH issued AS (
      INSERT INTO invoices (account_id, sequence, invoice_number, kind, invoice_date, due_date, currency,
                            subtotal_minor, tax_minor, total_minor, billing_run_id)
      SELECT invoicer_id, sequence, invoice_number, kind, ${invoiceDate}::date, due_date, currency,
             subtotal, tax, subtotal + tax, ${runId}::bigint
        FROM run_invoices
      RETURNING id, account_id
    ),
    lines AS (
      INSERT INTO invoice_lines (invoice_id, account_id, account_product_id, service_id, charge_kind, line_type,
                                 description, quantity, unit_price, period_start, period_end, amount_minor, tax_minor,
                                 tax_rate)
      SELECT issued.id, c.account_id, c.account_product_id, c.service_id, c.charge_kind, c.line_type, c.description,
             c.quantity, c.unit_price, c.period_start, c.period_end, c.amount_minor, c.tax_minor, c.tax_rate
        FROM run_charges c
        JOIN issued ON issued.account_id = c.invoicer_id
      RETURNING id, account_id, service_id, charge_kind, period_start, period_end
    ),
    usage_lines AS (
      INSERT INTO run_usage_lines
      SELECT id, account_id, service_id, period_start, period_end FROM lines WHERE charge_kind = 'usage'
    )
    SELECT (SELECT count(*) FROM issued)::int AS invoices, (SELECT count(*) FROM lines)::int AS lines`.execute(trx);
  await sql`ANALYZE run_usage_lines`.execute(trx);
  return rows[0];
}

export interface RunTotalRow {
  currency: string;
  invoices: number;
  subtotal_minor: bigint;
  tax_minor: bigint;
  total_minor: bigint;
}

export async function runTotals(trx: Trx, runId: bigint): Promise<RunTotalRow[]> {
  const { rows } = await sql<RunTotalRow>`
    SELECT currency::text AS currency, count(*)::int AS invoices, sum(subtotal_minor)::bigint AS subtotal_minor,
           sum(tax_minor)::bigint AS tax_minor, sum(total_minor)::bigint AS total_minor
      FROM invoices
     WHERE billing_run_id = ${runId}::bigint
     GROUP BY currency
     ORDER BY currency`.execute(trx);
  return rows;
}
