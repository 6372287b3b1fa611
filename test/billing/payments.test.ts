import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { getInvoice } from '../../src/billing/invoices/get-invoice.ts';
import { toJsonView } from '../../src/billing/json-view.ts';
import { type RecordPaymentInput, recordPayment } from '../../src/billing/payments/record-payment.ts';
import { type TestDb, testDb } from '../db.ts';
import { billingContext, createAccount, createPackage, orderProduct } from '../scenarios/billing-fixtures.ts';

let t: TestDb;
let ctx: AppContext;

beforeAll(async () => {
  t = await testDb();
  ctx = billingContext(t.db);
  const { packageId } = await createPackage(t.db, 'BASIC', [
    { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 10000n }] },
  ]);
  for (const n of ['PAY-1', 'PAY-2', 'PAY-3']) {
    await orderProduct(t.db, await createAccount(t.db, n), packageId, { start: '2026-01-01' });
  }
  await runBilling(ctx, { date: '2026-01-31', allowFutureDate: true }); // PAY-n-0001: 100.00 each
  await runBilling(ctx, { date: '2026-02-28', allowFutureDate: true }); // PAY-n-0002: 100.00 each
});
afterAll(() => t.close());

const pay = (input: Partial<RecordPaymentInput>) =>
  recordPayment(ctx, { accountId: 'PAY-1', amount: '10.00', currency: 'USD', receivedOn: '2026-03-01', ...input });

async function counts() {
  const n = async (table: 'payments' | 'payment_applications') =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const paid = await t.db
    .selectFrom('invoices')
    .select((eb) => eb.fn.sum<string>('paid_minor').as('s'))
    .executeTakeFirstOrThrow();
  return { payments: await n('payments'), applications: await n('payment_applications'), paid: paid.s };
}

describe('recordPayment', () => {
  it("applies a payment to the named invoice's paid amount", async () => {
    const result = await pay({ invoiceId: 'PAY-1-0001', amount: '60.50', reference: 'BANK-001' });
    expect(result.created).toBe(true);
    expect(toJsonView(result.payment)).toMatchObject({
      amount: { amount: '60.50', currency: 'USD' },
      receivedOn: '2026-03-01',
      reference: 'BANK-001',
      appliedTo: [{ invoiceNumber: 'PAY-1-0001', amount: { amount: '60.50', currency: 'USD' } }],
    });
    expect(toJsonView(await getInvoice(ctx, 'PAY-1-0001'))).toMatchObject({
      paid: { amount: '60.50' },
      due: { amount: '39.50' },
    });
  });

  it('records a payment once per reference; a reference reused for another payment is refused', async () => {
    const before = await counts();
    const again = await pay({ invoiceId: 'PAY-1-0001', amount: '60.50', reference: 'BANK-001' });
    expect(again.created).toBe(false);
    expect(again.payment.appliedTo).toHaveLength(1);
    expect(await counts()).toEqual(before);
    await expect(pay({ invoiceId: 'PAY-1-0001', amount: '1.00', reference: 'BANK-001' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { field: 'reference' },
    });
    await expect(pay({ accountId: 'PAY-2', amount: '60.50', reference: 'BANK-001' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses more than is due, another currency, and an invoice of another account, writing nothing', async () => {
    const before = await counts();
    await expect(pay({ invoiceId: 'PAY-1-0001', amount: '39.51' })).rejects.toMatchObject({
      code: 'payment_exceeds_due',
      details: { due: '39.50' },
    });
    await expect(pay({ invoiceId: 'PAY-1-0001', currency: 'EUR' })).rejects.toMatchObject({
      code: 'currency_mismatch',
    });
    await expect(pay({ invoiceId: 'PAY-2-0001' })).rejects.toMatchObject({ code: 'invoice_not_found' });
    await expect(pay({ invoiceId: 'NOPE' })).rejects.toMatchObject({ code: 'invoice_not_found' });
    await expect(pay({ accountId: 'NOPE' })).rejects.toMatchObject({ code: 'account_not_found' });
    await expect(pay({ amount: '250.01' })).rejects.toMatchObject({ code: 'payment_exceeds_due' }); // 239.50 due
    expect(await counts()).toEqual(before);
  });

  it('refuses malformed money, a zero amount, an unknown currency and a bad date', async () => {
    await expect(pay({ amount: '12.345' })).rejects.toMatchObject({ code: 'malformed_money' });
    await expect(pay({ amount: 'ten' })).rejects.toMatchObject({ code: 'malformed_money' });
    await expect(pay({ amount: '0.00' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(pay({ amount: '-5' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(pay({ currency: 'XXX' })).rejects.toMatchObject({ code: 'unknown_currency' });
    await expect(pay({ receivedOn: '2026-02-30' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('spreads a payment without an invoice over the open invoices, oldest due first', async () => {
    const result = await pay({ amount: '139.50' });
    expect(toJsonView(result.payment.appliedTo).map((a) => [a.invoiceNumber, a.amount.amount])).toEqual([
      ['PAY-1-0001', '39.50'],
      ['PAY-1-0002', '100.00'],
    ]);
    expect(result.payment.invoiceId).toBeNull();
    expect((await getInvoice(ctx, 'PAY-1-0002')).status).toBe('paid');
    await expect(pay({ amount: '0.01' })).rejects.toMatchObject({ code: 'payment_exceeds_due' });
  });

  it('lets only one of two concurrent payments take what is due', async () => {
    const attempts = await Promise.allSettled([
      pay({ accountId: 'PAY-3', invoiceId: 'PAY-3-0001', amount: '60.00' }),
      pay({ accountId: 'PAY-3', invoiceId: 'PAY-3-0001', amount: '60.00' }),
    ]);
    expect(attempts.map((a) => a.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((attempts.find((a) => a.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      code: 'payment_exceeds_due',
    });
    expect(toJsonView(await getInvoice(ctx, 'PAY-3-0001')).paid.amount).toBe('60.00');
  });

  it('records one payment when the same reference arrives twice at once', async () => {
    const input = { accountId: 'PAY-3', invoiceId: 'PAY-3-0002', amount: '25.00', reference: 'WEBHOOK-7' };
    const [a, b] = await Promise.all([pay(input), pay(input)]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.payment.id).toBe(b.payment.id);
    expect(toJsonView(await getInvoice(ctx, 'PAY-3-0002')).paid.amount).toBe('25.00');
  });
});
