import { beforeAll, describe, expect, it } from 'vitest';
import { call, useApi } from '../api/api-helpers.ts';
import { createAccount, createPackage, orderProduct, recordUsage } from '../scenarios/billing-fixtures.ts';

/** The billing run, invoices, payments and account summaries over HTTP (Fastify inject, real PostgreSQL). */
const api = useApi();

beforeAll(async () => {
  const db = api.t.db;
  const { packageId, services } = await createPackage(db, 'WEB', [
    { code: 'seat', kind: 'recurring', prices: [{ from: '2025-01-01', recurring: 2500n }] },
    { code: 'mail', kind: 'usage', prices: [{ from: '2025-01-01', usageRate: '0.002', included: '1000' }] },
  ]);
  const a = await createAccount(db, 'API-1', { ar_term_days: 14 });
  await orderProduct(db, a, packageId, { quantity: '4', start: '2026-01-01' });
  await recordUsage(db, a, services.mail, '3500', '2026-01-20');
});

describe('billing over HTTP', () => {
  it('POST /billing-runs bills the period; the same date again creates nothing', async () => {
    const first = await call(api, 'POST', '/billing-runs', { date: '2026-01-31', allowFutureDate: true });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      date: '2026-01-31',
      period: { start: '2026-01-01', end: '2026-01-31' },
      periods: { quarterly: { start: '2026-01-01', end: '2026-03-31' } },
      invoicesCreated: 1,
      linesCreated: 2,
      totalsByCurrency: { USD: { invoices: 1, total: { amount: '105.00', currency: 'USD' } } },
    });
    const again = await call(api, 'POST', '/billing-runs', { date: '2026-01-31', allowFutureDate: true });
    expect(again.body).toMatchObject({ invoicesCreated: 0, linesCreated: 0, totalsByCurrency: {} });
  });

  it('POST /billing-runs refuses a malformed date with validation_failed', async () => {
    const bad = await call(api, 'POST', '/billing-runs', { date: '31/01/2026' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });

  it('GET /invoices and /invoices/:idOrNumber show what was issued', async () => {
    const list = await call(api, 'GET', '/invoices?accountId=API-1');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      nextCursor: null,
      invoices: [{ invoiceNumber: 'API-1-0001', kind: 'combined', dueDate: '2026-02-14', status: 'open' }],
    });
    const shown = await call(api, 'GET', '/invoices/API-1-0001');
    expect(
      shown.body.lines.map((l: { chargeKind: string; amount: { amount: string } }) => [l.chargeKind, l.amount.amount]),
    ).toEqual([
      ['recurring', '100.00'],
      ['usage', '5.00'],
    ]);
    expect((await call(api, 'GET', `/invoices/${shown.body.id}`)).body.invoiceNumber).toBe('API-1-0001');
    const missing = await call(api, 'GET', '/invoices/API-1-0099');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'invoice_not_found']);
  });

  it('POST /payments applies a payment (201, then 200 for the same reference); over-payment is 409', async () => {
    const body = {
      accountId: 'API-1',
      invoiceId: 'API-1-0001',
      amount: { amount: '5.00', currency: 'USD' },
      receivedOn: '2026-02-01',
      reference: 'R-1',
    };
    const created = await call(api, 'POST', '/payments', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ amount: { amount: '5.00' }, appliedTo: [{ invoiceNumber: 'API-1-0001' }] });
    expect((await call(api, 'POST', '/payments', body)).status).toBe(200);
    const over = await call(api, 'POST', '/payments', {
      ...body,
      reference: 'R-2',
      amount: { amount: '100.01', currency: 'USD' },
    });
    expect([over.status, over.body.error.code]).toEqual([409, 'payment_exceeds_due']);
    const malformed = await call(api, 'POST', '/payments', {
      ...body,
      reference: 'R-3',
      amount: { amount: '1.001', currency: 'USD' },
    });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'malformed_money']);
  });

  it('GET /accounts/:idOrNumber/summary gives the roll-ups, past due once the due date has passed', async () => {
    const onTime = await call(api, 'GET', '/accounts/API-1/summary?asOf=2026-02-14');
    expect(onTime.body).toMatchObject({
      totalBilled: { amount: '105.00', currency: 'USD' },
      firstInvoice: { date: '2026-01-31', amount: { amount: '105.00' } },
      due: { amount: '100.00' },
      pastDue: { amount: '0.00' },
    });
    const late = await call(api, 'GET', '/accounts/API-1/summary?asOf=2026-02-15');
    expect(late.body.pastDue.amount).toBe('100.00');
    expect((await call(api, 'GET', '/accounts/NOPE/summary')).body.error.code).toBe('account_not_found');
  });

  it('lists the billing routes in the OpenAPI document', async () => {
    const doc = await call(api, 'GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/billing-runs',
        '/invoices',
        '/invoices/{idOrNumber}',
        '/payments',
        '/accounts/{idOrNumber}/summary',
      ]),
    );
  });
});
