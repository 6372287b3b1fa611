import { beforeAll, describe, expect, it } from 'vitest';
import { call, useApi } from '../api/api-helpers.ts';
import { createAccount, createPackage, orderProduct, setTaxRate } from '../scenarios/billing-fixtures.ts';

/** Voids and credit notes over HTTP (Fastify inject, real PostgreSQL). */
const api = useApi();

beforeAll(async () => {
  const db = api.t.db;
  await setTaxRate(db, 'US', '0.10');
  const { packageId } = await createPackage(db, 'CRAPI', [
    { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 6000n }] },
    { code: 'support', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 4000n }] },
  ]);
  const a = await createAccount(db, 'CA-1', { country: 'US', ar_term_days: 30 });
  await orderProduct(db, a, packageId, { start: '2026-01-01' });
  for (const date of ['2026-01-31', '2026-02-28', '2026-03-31']) {
    expect((await call(api, 'POST', '/billing-runs', { date, allowFutureDate: true })).status).toBe(201);
  }
  // CA-1-0001, -0002, -0003: 60.00 + 6.00 and 40.00 + 4.00 each, total 110.00.
});

describe('voids and credit notes over HTTP', () => {
  it('POST /invoices/:idOrNumber/void voids; again is 409 invoice_already_void', async () => {
    const voided = await call(api, 'POST', '/invoices/CA-1-0003/void', { reason: 'billed twice' });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({
      invoiceNumber: 'CA-1-0003',
      status: 'void',
      due: { amount: '0.00', currency: 'USD' },
      credited: { amount: '0.00', currency: 'USD' },
      voidReason: 'billed twice',
      voidedAt: expect.stringMatching(/^2026-01-15T/),
    });
    const again = await call(api, 'POST', '/invoices/CA-1-0003/void', { reason: 'billed twice' });
    expect([again.status, again.body.error.code]).toEqual([409, 'invoice_already_void']);
    const noReason = await call(api, 'POST', '/invoices/CA-1-0002/void', {});
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'validation_failed']);
    const missing = await call(api, 'POST', '/invoices/CA-1-0099/void', { reason: 'x' });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'invoice_not_found']);
  });

  it('POST /invoices/:idOrNumber/credit-notes credits lines, an amount, or the whole invoice', async () => {
    const inv = (await call(api, 'GET', '/invoices/CA-1-0001')).body;
    const [seat, support] = inv.lines.map((l: { id: string }) => l.id);
    const byLine = await call(api, 'POST', '/invoices/CA-1-0001/credit-notes', {
      reason: 'seat unused',
      lines: [{ lineId: seat, amount: { amount: '20.00', currency: 'USD' } }, { lineId: support }],
    });
    expect(byLine.status).toBe(201);
    expect(byLine.body).toMatchObject({
      creditNoteNumber: 'CA-1-CN-0001',
      invoiceNumber: 'CA-1-0001',
      subtotal: { amount: '60.00' },
      tax: { amount: '6.00' },
      total: { amount: '66.00' },
      lines: [
        { invoiceLineId: seat, amount: { amount: '20.00' }, tax: { amount: '2.00' } },
        { invoiceLineId: support, amount: { amount: '40.00' }, tax: { amount: '4.00' } },
      ],
    });
    const byAmount = await call(api, 'POST', '/invoices/CA-1-0001/credit-notes', {
      reason: 'goodwill',
      amount: { amount: '10.00', currency: 'USD' },
      reference: 'ZD-1',
    });
    expect([byAmount.status, byAmount.body.creditNoteNumber, byAmount.body.total.amount]).toEqual([
      201,
      'CA-1-CN-0002',
      '11.00',
    ]);
    const replay = await call(api, 'POST', '/invoices/CA-1-0001/credit-notes', {
      reason: 'goodwill',
      amount: { amount: '10.00', currency: 'USD' },
      reference: 'ZD-1',
    });
    expect([replay.status, replay.body.id]).toEqual([200, byAmount.body.id]);

    const over = await call(api, 'POST', '/invoices/CA-1-0001/credit-notes', {
      reason: 'too much',
      amount: { amount: '30.01', currency: 'USD' },
    });
    expect([over.status, over.body.error.code, over.body.error.details]).toEqual([
      409,
      'credit_exceeds_invoice',
      { creditable: '30.00' },
    ]);
    const mixed = await call(api, 'POST', '/invoices/CA-1-0001/credit-notes', {
      reason: 'x',
      lines: [{ lineId: seat, amount: { amount: '1.00', currency: 'EUR' } }],
    });
    expect([mixed.status, mixed.body.error.code]).toEqual([409, 'currency_mismatch']);
    const onVoid = await call(api, 'POST', '/invoices/CA-1-0003/credit-notes', { reason: 'x' });
    expect([onVoid.status, onVoid.body.error.code]).toEqual([409, 'invoice_voided']);

    const rest = await call(api, 'POST', '/invoices/CA-1-0001/credit-notes', { reason: 'cancelled' });
    expect([rest.status, rest.body.total.amount]).toEqual([201, '33.00']);
    const after = (await call(api, 'GET', '/invoices/CA-1-0001')).body;
    expect(after).toMatchObject({ status: 'credited', credited: { amount: '110.00' }, due: { amount: '0.00' } });
  });

  it('GET /invoices/:idOrNumber/credit-notes and /credit-notes/:idOrNumber read them back', async () => {
    const list = await call(api, 'GET', '/invoices/CA-1-0001/credit-notes');
    expect(list.status).toBe(200);
    expect(list.body.creditNotes.map((n: { creditNoteNumber: string }) => n.creditNoteNumber)).toEqual([
      'CA-1-CN-0001',
      'CA-1-CN-0002',
      'CA-1-CN-0003',
    ]);
    const one = await call(api, 'GET', '/credit-notes/CA-1-CN-0002');
    expect(one.body).toEqual(list.body.creditNotes[1]);
    expect((await call(api, 'GET', `/credit-notes/${one.body.id}`)).body).toEqual(one.body);
    const missing = await call(api, 'GET', '/credit-notes/CA-1-CN-0099');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'credit_note_not_found']);
  });

  it('payments respect credits and voids; the summary leaves out the void and takes off the credits', async () => {
    const payment = {
      accountId: 'CA-1',
      invoiceId: 'CA-1-0003',
      amount: { amount: '1.00', currency: 'USD' },
      receivedOn: '2026-04-01',
    };
    const onVoid = await call(api, 'POST', '/payments', payment);
    expect([onVoid.status, onVoid.body.error.code]).toEqual([409, 'invoice_voided']);
    const spread = await call(api, 'POST', '/payments', {
      ...payment,
      invoiceId: undefined,
      amount: { amount: '110.00', currency: 'USD' },
    });
    expect(spread.body.appliedTo).toEqual([
      { invoiceId: expect.any(String), invoiceNumber: 'CA-1-0002', amount: { amount: '110.00', currency: 'USD' } },
    ]);
    const voidPaid = await call(api, 'POST', '/invoices/CA-1-0002/void', { reason: 'x' });
    expect([voidPaid.status, voidPaid.body.error.code]).toEqual([409, 'invoice_has_payments']);

    const summary = await call(api, 'GET', '/accounts/CA-1/summary?asOf=2026-05-01');
    expect(summary.body).toMatchObject({
      invoiceCount: 2,
      totalBilled: { amount: '110.00' },
      totalCredited: { amount: '110.00' },
      latestInvoice: { date: '2026-02-28', amount: { amount: '110.00' } },
      due: { amount: '0.00' },
      pastDue: { amount: '0.00' },
    });
  });
});
