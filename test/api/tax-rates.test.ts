import { describe, expect, it } from 'vitest';
import { call, expectRejected, useApi } from './api-helpers.ts';

describe('tax rates API', () => {
  const api = useApi();

  it('sets versions (201, 200 on repeat), lists them and shows one jurisdiction', async () => {
    const created = await call(api, 'POST', '/tax-rates', {
      jurisdiction: 'us-ca',
      rate: '0.0725',
      effectiveFrom: '2026-01-01',
      name: 'California sales tax',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      jurisdiction: 'US-CA',
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      rate: '0.0725',
      name: 'California sales tax',
    });
    const repeat = await call(api, 'POST', '/tax-rates', {
      jurisdiction: 'US-CA',
      rate: '0.0725',
      effectiveFrom: '2026-01-01',
    });
    expect(repeat.status).toBe(200);
    expect(
      (await call(api, 'POST', '/tax-rates', { jurisdiction: 'US-CA', rate: '0.08', effectiveFrom: '2026-04-01' }))
        .status,
    ).toBe(201);

    const list = await call(api, 'GET', '/tax-rates');
    expect(list.status).toBe(200);
    expect(list.body.map((r: { rate: string; effectiveTo: string | null }) => [r.rate, r.effectiveTo])).toEqual([
      ['0.0725', '2026-03-31'],
      ['0.08', null],
    ]);
    const on = await call(api, 'GET', '/tax-rates?on=2026-02-01');
    expect(on.body.map((r: { rate: string }) => r.rate)).toEqual(['0.0725']);

    const one = await call(api, 'GET', '/tax-rates/us-ca?on=2026-05-01');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ jurisdiction: 'US-CA', on: '2026-05-01', current: { rate: '0.08' } });
    expect(one.body.versions).toHaveLength(2);

    const openapi = await call(api, 'GET', '/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/tax-rates', '/tax-rates/{jurisdiction}']),
    );
  });

  it('refuses too many decimals, a percentage, a changed version and an unknown jurisdiction', async () => {
    await expectRejected(
      api,
      'POST',
      '/tax-rates',
      { jurisdiction: 'DE', rate: '0.1900001', effectiveFrom: '2026-01-01' },
      400,
      'validation_failed',
    );
    const precise = await call(api, 'POST', '/tax-rates', {
      jurisdiction: 'DE',
      rate: '0.1900001',
      effectiveFrom: '2026-01-01',
    });
    expect(precise.body.error.details).toMatchObject({ field: 'rate' });
    await expectRejected(
      api,
      'POST',
      '/tax-rates',
      { jurisdiction: 'DE', rate: '19', effectiveFrom: '2026-01-01' },
      400,
      'validation_failed',
    );
    await expectRejected(
      api,
      'POST',
      '/tax-rates',
      { jurisdiction: 'DE', rate: 0.19, effectiveFrom: '2026-01-01' },
      400,
      'validation_failed',
    );
    await expectRejected(
      api,
      'POST',
      '/tax-rates',
      { jurisdiction: 'Narnia', rate: '0.19', effectiveFrom: '2026-01-01' },
      400,
      'validation_failed',
    );
    await call(api, 'POST', '/tax-rates', { jurisdiction: 'DE', rate: '0.19', effectiveFrom: '2026-01-01' });
    await expectRejected(
      api,
      'POST',
      '/tax-rates',
      { jurisdiction: 'DE', rate: '0.16', effectiveFrom: '2026-01-01' },
      400,
      'validation_failed',
    );
    await expectRejected(api, 'GET', '/tax-rates/JP', undefined, 404, 'tax_rate_not_found');
    await expectRejected(api, 'GET', '/tax-rates?jurisdiction=nowhere', undefined, 400, 'validation_failed');
  });

  it('a billing run reports untaxed accounts and invoice lines show the rate they were taxed at', async () => {
    await call(api, 'POST', '/packages', { code: 'TX', name: 'Tax', currency: 'USD', frequency: 'monthly' });
    const svc = await call(api, 'POST', '/packages/TX/services', { code: 'S', name: 'Seat', kind: 'recurring' });
    await call(api, 'POST', `/services/${svc.body.id}/prices`, {
      effectiveFrom: '2026-01-01',
      recurring: { amount: '100.00', currency: 'USD' },
    });
    const accounts = [
      { accountNumber: 'TX-CA', address: { country: 'US', region: 'CA' } },
      { accountNumber: 'TX-NONE' },
    ];
    for (const a of accounts) {
      expect((await call(api, 'POST', '/accounts', { name: a.accountNumber, currency: 'USD', ...a })).status).toBe(201);
      const order = await call(api, 'POST', `/accounts/${a.accountNumber}/products`, {
        package: 'TX',
        quantity: '1',
        startDate: '2026-01-01',
      });
      expect(order.status).toBe(201);
    }
    const run = await call(api, 'POST', '/billing-runs', { date: '2026-01-31', allowFutureDate: true });
    expect(run.status).toBe(201);
    expect(run.body.untaxed).toEqual({
      accounts: 1,
      examples: [{ accountNumber: 'TX-NONE', taxAccountNumber: 'TX-NONE', reason: 'no_country', jurisdiction: null }],
    });
    const invoice = await call(api, 'GET', '/invoices/TX-CA-0001');
    expect(invoice.body.lines.map((l: { taxRate: string; tax: unknown }) => [l.taxRate, l.tax])).toEqual([
      ['0.0725', { amount: '7.25', currency: 'USD' }],
    ]);
    const untaxed = await call(api, 'GET', '/invoices/TX-NONE-0001');
    expect(untaxed.body.lines[0].taxRate).toBe('0');
  });
});
