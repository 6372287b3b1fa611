import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { accountSummary } from '../../src/billing/invoices/account-summary.ts';
import { getInvoice } from '../../src/billing/invoices/get-invoice.ts';
import { listInvoices } from '../../src/billing/invoices/list-invoices.ts';
import { toJsonView } from '../../src/billing/json-view.ts';
import { recordPayment } from '../../src/billing/payments/record-payment.ts';
import { FixedClock } from '../../src/domain/clock.ts';
import { type TestDb, testDb } from '../db.ts';
import { billingContext, createAccount, createPackage, orderProduct } from '../scenarios/billing-fixtures.ts';

let t: TestDb;
let ctx: AppContext;
const clock = new FixedClock(new Date('2026-02-01T10:00:00Z'));
let parent: bigint;

beforeAll(async () => {
  t = await testDb();
  ctx = billingContext(t.db, clock);
  const { packageId } = await createPackage(t.db, 'BASIC', [
    { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 1999n }] },
  ]);
  parent = await createAccount(t.db, 'P-1', { ar_term_days: 10 });
  await t.db.updateTable('accounts').set({ subscription_invoicer_id: parent }).where('id', '=', parent).execute();
  const child = await createAccount(t.db, 'C-1', { parent_id: parent });
  const other = await createAccount(t.db, 'O-1');
  for (const a of [parent, child, other]) await orderProduct(t.db, a, packageId, { start: '2026-01-01' });
  for (const date of ['2026-01-31', '2026-02-28', '2026-03-31']) await runBilling(ctx, { date, allowFutureDate: true });
});
afterAll(() => t.close());

describe('listInvoices', () => {
  it('pages through invoices in issue order, and filters by account number or id', async () => {
    const first = await listInvoices(ctx, { limit: 4 });
    expect(first.invoices).toHaveLength(4);
    expect(first.nextCursor).not.toBeNull();
    const rest = await listInvoices(ctx, { limit: 4, cursor: first.nextCursor! });
    expect(rest).toMatchObject({ nextCursor: null });
    expect(rest.invoices).toHaveLength(2);
    const byNumber = await listInvoices(ctx, { accountId: 'P-1' });
    expect(byNumber.invoices.map((i) => i.invoiceNumber)).toEqual(['P-1-0001', 'P-1-0002', 'P-1-0003']);
    expect((await listInvoices(ctx, { accountId: parent.toString() })).invoices).toEqual(byNumber.invoices);
    // The child's charges are on its parent's invoices.
    expect((await listInvoices(ctx, { accountId: 'C-1' })).invoices).toEqual([]);
  });

  it('refuses an unknown account, a bad limit and a foreign cursor', async () => {
    await expect(listInvoices(ctx, { accountId: 'NOPE' })).rejects.toMatchObject({ code: 'account_not_found' });
    await expect(listInvoices(ctx, { limit: 0 })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(listInvoices(ctx, { cursor: 'abc' })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('getInvoice', () => {
  it('finds an invoice by number or id, with its lines as issued', async () => {
    const byNumber = toJsonView(await getInvoice(ctx, 'P-1-0002'));
    expect(byNumber).toMatchObject({
      accountNumber: 'P-1',
      kind: 'subscription',
      invoiceDate: '2026-02-28',
      dueDate: '2026-03-10',
      subtotal: { amount: '39.98', currency: 'USD' },
      total: { amount: '39.98', currency: 'USD' },
      due: { amount: '39.98', currency: 'USD' },
      status: 'open',
    });
    expect(
      byNumber.lines.map((l) => [l.accountNumber, l.quantity, l.unitPrice, l.periodStart, l.amount.amount]),
    ).toEqual([
      ['P-1', '1', '19.99', '2026-02-01', '19.99'],
      ['C-1', '1', '19.99', '2026-02-01', '19.99'],
    ]);
    expect(toJsonView(await getInvoice(ctx, byNumber.id))).toEqual(byNumber);
  });

  it('answers invoice_not_found for an unknown number or id', async () => {
    await expect(getInvoice(ctx, 'P-1-9999')).rejects.toMatchObject({ code: 'invoice_not_found' });
    await expect(getInvoice(ctx, '999999')).rejects.toMatchObject({ code: 'invoice_not_found' });
  });

  it('is open until the due date, past due after it, paid when paid', async () => {
    clock.set('2026-04-10T10:00:00Z');
    expect((await getInvoice(ctx, 'P-1-0003')).status).toBe('open'); // due 2026-04-10
    clock.set('2026-04-11T10:00:00Z');
    expect((await getInvoice(ctx, 'P-1-0003')).status).toBe('past_due');
    await recordPayment(ctx, {
      accountId: 'P-1',
      invoiceId: 'P-1-0003',
      amount: '39.98',
      currency: 'USD',
      receivedOn: '2026-04-11',
    });
    expect((await getInvoice(ctx, 'P-1-0003')).status).toBe('paid');
  });
});

describe('accountSummary', () => {
  it('adds up the invoices addressed to the account as of a day', async () => {
    const summary = toJsonView(await accountSummary(ctx, 'P-1', '2026-03-05'));
    expect(summary).toMatchObject({
      accountNumber: 'P-1',
      asOf: '2026-03-05',
      invoiceCount: 3,
      totalBilled: { amount: '119.94', currency: 'USD' },
      firstInvoice: { date: '2026-01-31', amount: { amount: '39.98', currency: 'USD' } },
      latestInvoice: { date: '2026-03-31', amount: { amount: '39.98', currency: 'USD' } },
      due: { amount: '79.96', currency: 'USD' }, // P-1-0003 was paid above
      pastDue: { amount: '39.98', currency: 'USD' }, // P-1-0001, due 2026-02-10
    });
  });

  it('is empty for an account without invoices, and refuses an unknown account or a bad day', async () => {
    expect(toJsonView(await accountSummary(ctx, 'C-1'))).toMatchObject({
      invoiceCount: 0,
      totalBilled: { amount: '0.00' },
      firstInvoice: null,
      latestInvoice: null,
      pastDue: { amount: '0.00' },
    });
    await expect(accountSummary(ctx, 'NOPE')).rejects.toMatchObject({ code: 'account_not_found' });
    await expect(accountSummary(ctx, 'P-1', '2026-13-01')).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
