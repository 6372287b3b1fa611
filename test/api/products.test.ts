import { describe, expect, it } from 'vitest';
import { seedSmallCatalog, type SmallCatalog } from '../billing/helpers.ts';
import { call, expectRejected, useApi } from './api-helpers.ts';

describe('price plans, products and usage API', () => {
  const api = useApi();
  let cat: SmallCatalog;

  it('a price plan overrides the list price of an ordered product', async () => {
    cat = await seedSmallCatalog(api.ctx);
    await call(api, 'POST', '/accounts', { name: 'Acme', accountNumber: 'ACME', currency: 'USD' });
    const order = await call(api, 'POST', '/accounts/ACME/products', {
      package: 'PLAT',
      quantity: '3',
      startDate: '2026-01-01',
    });
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ packageCode: 'PLAT', quantity: '3' });
    const plan = await call(api, 'POST', '/accounts/ACME/price-plans', {
      serviceId: cat.seats,
      recurring: { amount: '8.00', currency: 'USD' },
      effectiveFrom: '2026-02-01',
      source: 'opportunity:0065g00000AbCdE',
    });
    expect(plan.status).toBe(200);
    expect(plan.body.recurring).toEqual({ amount: '8.00', currency: 'USD' });
    const seatsOn = async (on: string) =>
      (await call(api, 'GET', `/accounts/ACME/products?on=${on}`)).body[0].services.find(
        (s: { code: string }) => s.code === 'SEATS',
      );
    expect(await seatsOn('2026-01-15')).toMatchObject({ source: 'list', price: { recurring: { amount: '10.00' } } });
    expect(await seatsOn('2026-02-15')).toMatchObject({
      source: 'price_plan',
      price: { recurring: { amount: '8.00' } },
    });
    const plans = await call(api, 'GET', '/accounts/ACME/price-plans');
    expect(plans.body).toHaveLength(1);
    const ended = await call(api, 'POST', `/price-plans/${plan.body.id}/end`, { effectiveTo: '2026-06-30' });
    expect(ended.body.effectiveTo).toBe('2026-06-30');

    const changed = await call(api, 'PATCH', `/products/${order.body.id}`, { quantity: '4' });
    expect(changed.body.quantity).toBe('4');
    const both = await call(api, 'PATCH', `/products/${order.body.id}`, { quantity: '4', endDate: '2026-12-31' });
    expect(both.body.error.code).toBe('validation_failed');
  });

  it('records usage once per externalId, and in batches', async () => {
    const body = { serviceId: cat.api, quantity: '1500', usedOn: '2026-01-20', externalId: 'evt-1' };
    expect((await call(api, 'POST', '/accounts/ACME/usage', body)).status).toBe(201);
    expect((await call(api, 'POST', '/accounts/ACME/usage', body)).status).toBe(200);
    const rows = [2, 3].map((n) => ({
      serviceId: cat.api,
      quantity: String(n),
      usedOn: '2026-01-21',
      externalId: `evt-${n}`,
    }));
    const batch = await call(api, 'POST', '/accounts/ACME/usage/batch', { rows });
    expect(batch.body).toEqual({ received: 2, recorded: 2, duplicates: 0 });
    const listed = await call(api, 'GET', '/accounts/ACME/usage?from=2026-01-01&to=2026-01-31');
    expect(listed.body.records).toHaveLength(3);
    expect(listed.body.totals).toEqual([{ serviceId: cat.api, serviceCode: 'API', quantity: '1505' }]);
  });

  it.each([
    [
      'unknown package',
      'POST',
      '/accounts/ACME/products',
      { package: 'NOPE', quantity: '1', startDate: '2026-01-01' },
      404,
      'package_not_found',
    ],
    [
      'negative quantity',
      'POST',
      '/accounts/ACME/products',
      { package: 'PLAT', quantity: '-1', startDate: '2026-01-01' },
      400,
      'negative_quantity',
    ],
    [
      'end before start',
      'POST',
      '/accounts/ACME/products',
      { package: 'PLAT', quantity: '1', startDate: '2026-02-01', endDate: '2026-01-01' },
      400,
      'invalid_period',
    ],
    [
      'package in another currency',
      'POST',
      '/accounts/ACME/products',
      { package: 'EPLAT', quantity: '1', startDate: '2026-01-01' },
      409,
      'currency_mismatch',
    ],
    [
      'malformed money',
      'POST',
      '/accounts/ACME/price-plans',
      { serviceId: '1', recurring: { amount: '8.001', currency: 'USD' }, effectiveFrom: '2026-01-01' },
      400,
      'malformed_money',
    ],
    [
      'negative usage',
      'POST',
      '/accounts/ACME/usage',
      { serviceId: '3', quantity: '-5', usedOn: '2026-01-20' },
      400,
      'negative_quantity',
    ],
  ] as const)('%s → %i %s, nothing written', async (_name, method, url, body, status, code) => {
    await expectRejected(api, method, url, body, status, code);
  });
});
