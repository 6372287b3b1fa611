import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { dueDate, invoiceNumber } from '../../src/domain/invoice-numbering.ts';
import { prorate, rangeShare } from '../../src/domain/proration.ts';
import { taxMinor } from '../../src/domain/tax.ts';
import {
  createAccount,
  createPackage,
  invoiceLinesOf,
  orderProduct,
  setTaxRate,
} from '../scenarios/billing-fixtures.ts';
import { useFixtureContext } from './helpers.ts';

/**
 * The billing run's SQL against the pure domain rules it mirrors: every amount here is computed twice, once
 * by PostgreSQL and once by `prorate`, `rateUsage`, `taxMinor`, `invoiceNumber`, `dueDate`, and must agree.
 */
const t = useFixtureContext();
const linesOf = (accountId: bigint) => invoiceLinesOf(t.db, accountId);
const invoicesOf = (accountId: bigint) =>
  t.db.selectFrom('invoices').selectAll().where('account_id', '=', accountId).orderBy('sequence').execute();

describe('runBilling: invoices', () => {
  it('numbers invoices per account like invoiceNumber(), past 9999, with the due date from the AR term', async () => {
    const { packageId } = await createPackage(t.db, 'NUMBERS', [
      { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 1234n }] },
    ]);
    const a = await createAccount(t.db, 'NUM.9', { ar_term_days: 45 });
    await orderProduct(t.db, a, packageId, { start: '2026-01-01' });
    await t.db
      .insertInto('invoices')
      .values({
        account_id: a,
        sequence: 9999,
        invoice_number: invoiceNumber('NUM.9', 9999),
        kind: 'subscription',
        invoice_date: '2025-12-31',
        due_date: '2026-01-30',
        currency: 'USD',
        subtotal_minor: 0n,
        tax_minor: 0n,
        total_minor: 0n,
      })
      .execute();
    await runBilling(t.ctx, { date: '2027-01-31', allowFutureDate: true });
    await runBilling(t.ctx, { date: '2027-02-28', allowFutureDate: true });
    const invoices = await invoicesOf(a);
    expect(invoices.map((i) => i.invoice_number)).toEqual(['NUM.9-9999', 'NUM.9-10000', 'NUM.9-10001']);
    expect(invoices[1].invoice_number).toBe(invoiceNumber('NUM.9', 10000));
    expect(invoices[2].due_date).toBe(dueDate('2027-02-28', 45));
    expect(invoices[2]).toMatchObject({ kind: 'subscription', subtotal_minor: 1234n, total_minor: 1234n });
  });

  it('taxes each line at the tax account jurisdiction: country-region when it has a rate, else country', async () => {
    await setTaxRate(t.db, 'CA', '0.05');
    await setTaxRate(t.db, 'CA-QC', '0.14975');
    const { packageId } = await createPackage(
      t.db,
      'TAXED',
      [
        { code: 'a', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 3333n }] },
        { code: 'b', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 1001n }] },
      ],
      'CAD',
    );
    const quebec = await createAccount(t.db, 'TX-QC', { country: 'CA', region: 'qc', currency: 'CAD' });
    const ontario = await createAccount(t.db, 'TX-ON', { country: 'CA', region: 'ON', currency: 'CAD' });
    const nowhere = await createAccount(t.db, 'TX-NONE', { currency: 'CAD' });
    for (const a of [quebec, ontario, nowhere]) await orderProduct(t.db, a, packageId, { start: '2028-03-01' });
    await runBilling(t.ctx, { date: '2028-03-01', allowFutureDate: true });
    for (const [account, rate] of [
      [quebec, '0.14975'],
      [ontario, '0.05'],
      [nowhere, '0'],
    ] as const) {
      const lines = await linesOf(account);
      expect(lines.map((l) => l.tax_minor)).toEqual(lines.map((l) => taxMinor(l.amount_minor, rate, 'CAD')));
      const invoice = await t.db
        .selectFrom('invoices')
        .selectAll()
        .where('account_id', '=', account)
        .executeTakeFirstOrThrow();
      expect(invoice.tax_minor).toBe(lines.reduce((s, l) => s + l.tax_minor, 0n));
      expect(invoice.total_minor).toBe(invoice.subtotal_minor + invoice.tax_minor);
    }
    expect((await linesOf(quebec)).map((l) => l.tax_minor)).toEqual([499n, 150n]);
  });

  it('creates nothing when run again; a product ordered later gets its own invoice on the same date', async () => {
    const { packageId } = await createPackage(t.db, 'AGAIN', [
      { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 500n }] },
    ]);
    const a = await createAccount(t.db, 'AG-1');
    await orderProduct(t.db, a, packageId, { start: '2029-01-01' });
    const first = await runBilling(t.ctx, { date: '2029-01-31', allowFutureDate: true });
    expect(first.invoicesCreated).toBeGreaterThan(0);
    const again = await runBilling(t.ctx, { date: '2029-01-31', allowFutureDate: true });
    expect(again).toMatchObject({ invoicesCreated: 0, linesCreated: 0, totalsByCurrency: {} });
    expect(again.runId).not.toBe(first.runId);

    await orderProduct(t.db, a, packageId, { start: '2029-01-31', quantity: '31' });
    const supplementary = await runBilling(t.ctx, { date: '2029-01-31', allowFutureDate: true });
    expect(supplementary).toMatchObject({ invoicesCreated: 1, linesCreated: 1 });
    const invoices = await invoicesOf(a);
    expect(invoices.map((i) => [i.sequence, i.total_minor])).toEqual([
      [1, 500n],
      [2, 500n], // 500 × 31 × 1/31
    ]);
    const run = await t.db
      .selectFrom('billing_runs')
      .selectAll()
      .where('id', '=', BigInt(again.runId))
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ run_date: '2029-01-31', invoices_created: 0, lines_created: 0 });
    expect(run.finished_at).not.toBeNull();
  });

  it('bills a quarterly account in advance up to the end of the calendar quarter that contains the date', async () => {
    const { packageId } = await createPackage(t.db, 'QUARTER', [
      { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 9000n }] },
    ]);
    const a = await createAccount(t.db, 'QT-1', { billing_cycle: 'quarterly' });
    await orderProduct(t.db, a, packageId, { start: '2030-05-01' });
    const result = await runBilling(t.ctx, { date: '2030-05-20', allowFutureDate: true });
    expect(result.periods.quarterly).toEqual({ start: '2030-04-01', end: '2030-06-30' });
    const [line] = await linesOf(a);
    expect(line).toMatchObject({ period_start: '2030-05-01', period_end: '2030-06-30' });
    // A monthly price on a quarterly account, from May 1: May and June, two months' worth.
    expect(line.amount_minor).toBe(prorate(9000n, '1', rangeShare('2030-05-01', '2030-06-30', 'monthly'), 'USD'));
    expect(line.amount_minor).toBe(18_000n);
  });

  it('refuses a date that is not a calendar day and writes nothing', async () => {
    const before = await t.db
      .selectFrom('billing_runs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(runBilling(t.ctx, { date: '2026-02-30', allowFutureDate: true })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    const after = await t.db
      .selectFrom('billing_runs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('round_half_up_div (migration 0003)', () => {
  it('rounds the exact quotient half up, where dividing first would not', async () => {
    const cases: [string, string][] = [
      ['1', '2'],
      ['3', '2'],
      ['-1', '2'],
      ['49999999999999999999.5', '1'],
      ['104.1665', '208.333'],
      ['1000000000000000000001', '2000000000000000000000'],
      ['999999999999999999999', '2000000000000000000000'],
    ];
    for (const [n, d] of cases) {
      const { rows } = await sql<{
        r: string;
      }>`SELECT round_half_up_div(${n}::numeric, ${d}::numeric)::text AS r`.execute(t.db);
      expect(rows[0].r, `${n}/${d}`).toBe(halfUp(n, d));
    }
  });
});

/** Half-up of n/d with BigInt arithmetic, as the reference. */
function halfUp(n: string, d: string): string {
  const scale = Math.max(n.split('.')[1]?.length ?? 0, d.split('.')[1]?.length ?? 0);
  const toInt = (s: string) => {
    const [w, f = ''] = s.replace('-', '').split('.');
    const v = BigInt(w + f.padEnd(scale, '0'));
    return s.startsWith('-') ? -v : v;
  };
  const N = toInt(n);
  const D = toInt(d);
  const abs = N < 0n ? -N : N;
  const q = (2n * abs + D) / (2n * D);
  return (N < 0n ? -q : q).toString();
}
