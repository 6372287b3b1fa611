import { beforeAll, describe, expect, it } from 'vitest';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import type { FixedClock } from '../../src/domain/clock.ts';
import { call, useApi } from '../api/api-helpers.ts';

/**
 * Three accounts billed through the API from January to June 2026, the way an operator runs billing:
 * month-end, month-start, skipped, repeated and out-of-order run dates; mid-period quantity changes, a
 * cycle change each way, late usage, a negotiated usage rate, a suspension and a closure. Every invoice is
 * checked to the cent, and each month of each product is billed once.
 *
 * Catalog CLOUD (monthly, USD): SEATS 100.00/month, ONBOARD 50.00 once, CALLS 1,000 included then 0.02
 * (list usage rate 0.01), STORE by state (active 20.00, suspended 5.00). No tax (no country).
 * MON is monthly, QTR quarterly, NEG monthly with a negotiated usage rate of 0.005.
 */
const api = useApi();
const ids: Record<string, string> = {};

const setToday = (day: string) => (api.ctx.clock as FixedClock).set(`${day}T12:00:00Z`);
const run = async (date: string) => {
  const r = await call(api, 'POST', '/billing-runs', { date });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};

/** The invoice's lines as `[service, type, period, amount]`, and its total. */
async function lastInvoice(account: string) {
  const list = await call(api, 'GET', `/invoices?accountId=${account}`);
  const last = list.body.invoices.at(-1);
  const detail = await call(api, 'GET', `/invoices/${last.invoiceNumber}`);
  return {
    number: last.invoiceNumber as string,
    total: detail.body.total.amount as string,
    lines: detail.body.lines.map(
      (l: {
        serviceCode: string;
        lineType: string;
        periodStart: string;
        periodEnd: string;
        amount: { amount: string };
      }) => [l.serviceCode, l.lineType, `${l.periodStart}..${l.periodEnd}`, l.amount.amount],
    ),
  };
}

/** Every line ever billed for an account's service, summed per period start. */
async function billedBy(account: string, service: string): Promise<Record<string, string>> {
  const list = await call(api, 'GET', `/invoices?accountId=${account}&limit=100`);
  const sums: Record<string, bigint> = {};
  for (const inv of list.body.invoices) {
    const detail = await call(api, 'GET', `/invoices/${inv.invoiceNumber}`);
    if (detail.body.voidedAt) continue;
    for (const l of detail.body.lines) {
      if (l.serviceCode !== service) continue;
      const cents = BigInt(l.amount.amount.replace('.', ''));
      sums[l.periodStart] = (sums[l.periodStart] ?? 0n) + cents;
    }
  }
  return Object.fromEntries(
    Object.entries(sums)
      .sort()
      .map(([k, v]) => [k, `${v / 100n}.${(v % 100n).toString().padStart(2, '0')}`]),
  );
}

beforeAll(async () => {
  expect(
    (await call(api, 'POST', '/packages', { code: 'CLOUD', name: 'Cloud', currency: 'USD', frequency: 'monthly' }))
      .status,
  ).toBe(201);
  const usd = (amount: string) => ({ amount, currency: 'USD' });
  const services = [
    { code: 'SEATS', kind: 'recurring', price: { recurring: usd('100.00') } },
    { code: 'ONBOARD', kind: 'one_time', price: { oneTime: usd('50.00') } },
    { code: 'CALLS', kind: 'usage', price: { usageRate: '0.01', includedQuantity: '1000', overageRate: '0.02' } },
    { code: 'STORE', kind: 'state_based', price: { statePrices: { active: usd('20.00'), suspended: usd('5.00') } } },
  ];
  for (const s of services) {
    const created = await call(api, 'POST', '/packages/CLOUD/services', { code: s.code, name: s.code, kind: s.kind });
    ids[s.code] = created.body.id;
    const priced = await call(api, 'POST', `/services/${created.body.id}/prices`, {
      effectiveFrom: '2025-01-01',
      ...s.price,
    });
    expect(priced.status, JSON.stringify(priced.body)).toBeLessThan(300);
  }
  for (const [number, cycle] of [
    ['MON', 'monthly'],
    ['QTR', 'quarterly'],
    ['NEG', 'monthly'],
  ]) {
    const account = await call(api, 'POST', '/accounts', {
      name: number,
      accountNumber: number,
      currency: 'USD',
      billingCycle: cycle,
    });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    const product = await call(api, 'POST', `/accounts/${number}/products`, {
      package: 'CLOUD',
      quantity: '1',
      startDate: '2026-01-01',
    });
    expect(product.status, JSON.stringify(product.body)).toBe(201);
    ids[number] = product.body.id;
  }
  const plan = await call(api, 'POST', '/accounts/NEG/price-plans', {
    serviceId: ids.CALLS,
    effectiveFrom: '2026-01-01',
    usageRate: '0.005',
  });
  expect(plan.status, JSON.stringify(plan.body)).toBe(200);
  const use = (account: string, usedOn: string, quantity: string) =>
    call(api, 'POST', `/accounts/${account}/usage`, { serviceId: ids.CALLS, usedOn, quantity }).then((r) => {
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    });
  setToday('2026-01-20');
  await use('MON', '2026-01-10', '1500');
  await use('NEG', '2026-01-10', '1500');
  await use('QTR', '2026-02-10', '3000');
});

describe('billing over six months, as an operator runs it', () => {
  it('January 31: subscriptions in advance, January usage in arrears; a negotiated usage rate beats the list overage', async () => {
    setToday('2026-01-31');
    expect(await run('2026-01-31')).toMatchObject({
      invoicesCreated: 3,
      lines: { charges: 11, adjustments: 0, lateUsage: 0 },
    });
    expect(await lastInvoice('MON')).toEqual({
      number: 'MON-0001',
      total: '180.00',
      lines: [
        ['SEATS', 'charge', '2026-01-01..2026-01-31', '100.00'],
        ['ONBOARD', 'charge', '2026-01-01..2026-01-01', '50.00'],
        ['STORE', 'charge', '2026-01-01..2026-01-31', '20.00'],
        ['CALLS', 'charge', '2026-01-01..2026-01-31', '10.00'], // 500 over the included 1,000 at 0.02
      ], // product lines first, then usage
    });
    expect((await lastInvoice('QTR')).lines).toEqual([
      ['SEATS', 'charge', '2026-01-01..2026-03-31', '300.00'],
      ['ONBOARD', 'charge', '2026-01-01..2026-01-01', '50.00'],
      ['STORE', 'charge', '2026-01-01..2026-03-31', '60.00'],
    ]); // the quarter's usage waits for the quarter to end
    expect((await lastInvoice('NEG')).lines.at(-1)).toEqual(['CALLS', 'charge', '2026-01-01..2026-01-31', '2.50']); // 500 × 0.005
  });

  it('a run dated after today is refused and writes nothing', async () => {
    const refused = await call(api, 'POST', '/billing-runs', { date: '2026-02-15' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('run_date_in_future');
  });

  it('March 1 after a skipped February: February is caught up with March; repeated and out-of-order runs add nothing', async () => {
    setToday('2026-03-01');
    expect(await run('2026-03-01')).toMatchObject({ invoicesCreated: 2, linesCreated: 8 });
    expect(await lastInvoice('MON')).toMatchObject({
      total: '240.00',
      lines: [
        ['SEATS', 'charge', '2026-02-01..2026-02-28', '100.00'],
        ['SEATS', 'charge', '2026-03-01..2026-03-31', '100.00'],
        ['STORE', 'charge', '2026-02-01..2026-02-28', '20.00'],
        ['STORE', 'charge', '2026-03-01..2026-03-31', '20.00'],
      ],
    });
    expect(await run('2026-03-01')).toMatchObject({ invoicesCreated: 0, linesCreated: 0 });
    expect(await run('2026-02-15')).toMatchObject({ invoicesCreated: 0, linesCreated: 0 });
    expect(await run('2026-01-31')).toMatchObject({ invoicesCreated: 0, linesCreated: 0 });
  });

  it('March 31: quantity changes dated inside billed periods are adjusted; the quarter ends and its usage is billed', async () => {
    setToday('2026-03-20');
    const more = await call(api, 'PATCH', `/products/${ids.MON}`, { quantity: '2', effectiveFrom: '2026-03-16' });
    expect(more.status, JSON.stringify(more.body)).toBe(200);
    const seats = await call(api, 'PATCH', `/products/${ids.QTR}`, {
      quantity: '3',
      effectiveFrom: '2026-02-01',
      service: 'SEATS',
    });
    expect(seats.status, JSON.stringify(seats.body)).toBe(200);
    setToday('2026-03-31');
    expect(await run('2026-03-31')).toMatchObject({
      invoicesCreated: 2,
      lines: { charges: 1, adjustments: 3, lateUsage: 0 },
    });
    // 2 seats from March 16: 100.00 × (15 + 2 × 16)/31 = 151.61, of which 100.00 was billed
    expect(await lastInvoice('MON')).toMatchObject({
      total: '61.93',
      lines: [
        ['SEATS', 'adjustment', '2026-03-01..2026-03-31', '51.61'],
        ['STORE', 'adjustment', '2026-03-01..2026-03-31', '10.32'],
      ],
    });
    // 3 seats from February: January 100.00 + 2 × 300.00 = 700.00 for the quarter; 3,000 calls, 1,000 included
    expect(await lastInvoice('QTR')).toMatchObject({
      total: '440.00',
      lines: [
        ['SEATS', 'adjustment', '2026-01-01..2026-03-31', '400.00'],
        ['CALLS', 'charge', '2026-01-01..2026-03-31', '40.00'],
      ],
    });
  });

  it('April 30: late January usage is billed for its period; cycle changes re-align without double billing', async () => {
    setToday('2026-04-01');
    const late = await call(api, 'POST', '/accounts/MON/usage', {
      serviceId: ids.CALLS,
      usedOn: '2026-01-20',
      quantity: '600',
    });
    expect(late.status).toBe(201);
    expect((await call(api, 'PATCH', '/accounts/MON', { billingCycle: 'quarterly' })).status).toBe(200);
    expect((await call(api, 'PATCH', '/accounts/QTR', { billingCycle: 'monthly' })).status).toBe(200);
    setToday('2026-04-30');
    expect(await run('2026-04-30')).toMatchObject({ invoicesCreated: 3, lines: { lateUsage: 1, adjustments: 0 } });
    expect(await lastInvoice('MON')).toMatchObject({
      total: '732.00',
      lines: [
        ['SEATS', 'charge', '2026-04-01..2026-06-30', '600.00'],
        ['STORE', 'charge', '2026-04-01..2026-06-30', '120.00'],
        ['CALLS', 'late_usage', '2026-01-01..2026-01-31', '12.00'], // 2,100 used: 22.00, 10.00 billed
      ],
    });
    expect(await lastInvoice('QTR')).toMatchObject({
      total: '320.00',
      lines: [
        ['SEATS', 'charge', '2026-04-01..2026-04-30', '300.00'],
        ['STORE', 'charge', '2026-04-01..2026-04-30', '20.00'],
      ],
    });
  });

  it('May and June: a suspended account pays the suspended state price; a closed one is billed to the day before it closed', async () => {
    setToday('2026-04-30');
    const suspend = await call(api, 'PATCH', '/accounts/NEG', {
      status: 'suspended',
      statusEffectiveFrom: '2026-05-01',
    });
    expect(suspend.status, JSON.stringify(suspend.body)).toBe(200);
    expect(
      (await call(api, 'PATCH', '/accounts/QTR', { status: 'closed', statusEffectiveFrom: '2026-05-16' })).status,
    ).toBe(200);
    setToday('2026-05-31');
    await run('2026-05-31');
    expect(await lastInvoice('NEG')).toMatchObject({
      total: '105.00',
      lines: [
        ['SEATS', 'charge', '2026-05-01..2026-05-31', '100.00'],
        ['STORE', 'charge', '2026-05-01..2026-05-31', '5.00'],
      ],
    });
    // 15 of May's 31 days: 300.00 × 15/31 = 145.16 and 20.00 × 15/31 = 9.68
    expect(await lastInvoice('QTR')).toMatchObject({
      number: 'QTR-0004',
      total: '154.84',
      lines: [
        ['SEATS', 'charge', '2026-05-01..2026-05-15', '145.16'],
        ['STORE', 'charge', '2026-05-01..2026-05-15', '9.68'],
      ],
    });
    setToday('2026-06-30');
    expect(await run('2026-06-30')).toMatchObject({ invoicesCreated: 1, linesCreated: 2 }); // NEG's June only
    expect((await lastInvoice('QTR')).number).toBe('QTR-0004');
  });

  it('a voided invoice is billed again by the next run; one whose period was adjusted later must be credited instead', async () => {
    const june = await lastInvoice('NEG');
    const voided = await call(api, 'POST', `/invoices/${june.number}/void`, { reason: 'sent to the wrong address' });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(await run('2026-06-30')).toMatchObject({ invoicesCreated: 1, linesCreated: 2 });
    expect(await lastInvoice('NEG')).toMatchObject({
      total: '105.00',
      lines: [
        ['SEATS', 'charge', '2026-06-01..2026-06-30', '100.00'],
        ['STORE', 'charge', '2026-06-01..2026-06-30', '5.00'],
      ],
    });

    // MON-0002 billed March, which MON-0003 adjusted: voiding it would bill March again in full
    const refused = await call(api, 'POST', '/invoices/MON-0002/void', { reason: 'wrong' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'invoice_corrected_later',
      details: { correctedOn: 'MON-0003' },
    });

    const before = await call(api, 'GET', '/accounts/MON/summary');
    const credit = await call(api, 'POST', '/invoices/MON-0001/credit-notes', {
      reason: 'goodwill',
      amount: { amount: '30.00', currency: 'USD' },
    });
    expect(credit.status, JSON.stringify(credit.body)).toBe(201);
    const after = await call(api, 'GET', '/accounts/MON/summary');
    const cents = (m: { amount: string }) => Number(m.amount.replace('.', ''));
    expect(cents(before.body.due) - cents(after.body.due)).toBe(3000);
  });

  it('in the end, every month of every product was billed once, at the price of its days', async () => {
    expect(await billedBy('NEG', 'SEATS')).toEqual({
      '2026-01-01': '100.00',
      '2026-02-01': '100.00',
      '2026-03-01': '100.00',
      '2026-04-01': '100.00',
      '2026-05-01': '100.00',
      '2026-06-01': '100.00',
    });
    expect(await billedBy('MON', 'SEATS')).toEqual({
      '2026-01-01': '100.00',
      '2026-02-01': '100.00',
      '2026-03-01': '151.61',
      '2026-04-01': '600.00',
    });
    expect(await billedBy('QTR', 'SEATS')).toEqual({
      '2026-01-01': '700.00',
      '2026-04-01': '300.00',
      '2026-05-01': '145.16',
    });
    expect(await billedBy('MON', 'CALLS')).toEqual({ '2026-01-01': '22.00' });
  });
});

describe('concurrent runs', () => {
  it('two runs for one date at once create each line once', async () => {
    setToday('2026-06-30');
    const account = await call(api, 'POST', '/accounts', { name: 'Twice', accountNumber: 'TWICE', currency: 'USD' });
    expect(account.status).toBe(201);
    await call(api, 'POST', '/accounts/TWICE/products', { package: 'CLOUD', quantity: '1', startDate: '2026-06-01' });
    const [a, b] = await Promise.all([
      runBilling(api.ctx, { date: '2026-06-30' }),
      runBilling(api.ctx, { date: '2026-06-30' }),
    ]);
    expect([a.linesCreated, b.linesCreated].sort()).toEqual([0, 3]);
    expect(await billedBy('TWICE', 'SEATS')).toEqual({ '2026-06-01': '100.00' });
  });
});
