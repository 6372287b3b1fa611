import { describe, expect, it } from 'vitest';
import { call, useApi } from './api-helpers.ts';

describe('catalog API', () => {
  const api = useApi();

  it('creates a package, a service and versioned prices', async () => {
    const pkg = await call(api, 'POST', '/packages', {
      code: 'PLAT',
      name: 'Platform',
      currency: 'USD',
      frequency: 'monthly',
    });
    expect(pkg.status).toBe(201);
    expect(pkg.body).toMatchObject({ code: 'PLAT', currency: 'USD', active: true });
    const svc = await call(api, 'POST', '/packages/PLAT/services', {
      code: 'SEATS',
      name: 'Seats',
      kind: 'recurring',
      unit: 'seat',
    });
    expect(svc.status).toBe(201);
    const price = await call(api, 'POST', `/services/${svc.body.id}/prices`, {
      effectiveFrom: '2026-01-01',
      recurring: { amount: '10.00', currency: 'USD' },
    });
    expect(price.status).toBe(201);
    expect(price.body.recurring).toEqual({ amount: '10.00', currency: 'USD' });
    const repeat = await call(api, 'POST', `/services/${svc.body.id}/prices`, {
      effectiveFrom: '2026-01-01',
      recurring: { amount: '10', currency: 'USD' },
    });
    expect(repeat.status).toBe(200);
    await call(api, 'POST', `/services/${svc.body.id}/prices`, {
      effectiveFrom: '2026-03-01',
      recurring: { amount: '12.00', currency: 'USD' },
    });

    const detail = await call(api, 'GET', '/packages/PLAT?on=2026-02-01');
    expect(detail.status).toBe(200);
    expect(detail.body.services[0].prices).toHaveLength(2);
    expect(detail.body.services[0].currentPrice.recurring).toEqual({ amount: '10.00', currency: 'USD' });
    const list = await call(api, 'GET', '/packages?on=2026-03-01&currency=USD');
    expect(list.body.packages[0].services[0].price.recurring.amount).toBe('12.00');
    const services = await call(api, 'GET', `/packages/${pkg.body.id}/services`);
    expect(services.body.map((s: { code: string }) => s.code)).toEqual(['SEATS']);
  });

  it('price books and package activation', async () => {
    expect((await call(api, 'POST', '/price-books', { code: 'PB-USD', name: 'USD', currency: 'USD' })).status).toBe(
      201,
    );
    const book = await call(api, 'POST', '/price-books/PB-USD/packages', { package: 'PLAT' });
    expect(book.body.packageCodes).toEqual(['PLAT']);
    expect((await call(api, 'GET', '/price-books')).body).toHaveLength(1);
    const off = await call(api, 'PATCH', '/packages/PLAT', { active: false });
    expect(off.body.active).toBe(false);
    await call(api, 'PATCH', '/packages/PLAT', { active: true });
  });

  it.each([
    ['unknown package', 'GET', '/packages/NOPE', undefined, 404, 'package_not_found'],
    [
      'unknown currency',
      'POST',
      '/packages',
      { code: 'X', name: 'X', currency: 'XYZ', frequency: 'monthly' },
      400,
      'unknown_currency',
    ],
    [
      'code taken',
      'POST',
      '/packages',
      { code: 'PLAT', name: 'X', currency: 'USD', frequency: 'monthly' },
      409,
      'package_code_taken',
    ],
    [
      'schema violation',
      'POST',
      '/packages',
      { code: 'X', name: 'X', currency: 'USD', frequency: 'weekly' },
      400,
      'validation_failed',
    ],
    [
      'malformed money',
      'POST',
      '/services/1/prices',
      { effectiveFrom: '2026-06-01', recurring: { amount: '1.005', currency: 'USD' } },
      400,
      'malformed_money',
    ],
    [
      'money in another currency',
      'POST',
      '/services/1/prices',
      { effectiveFrom: '2026-06-01', recurring: { amount: '1.00', currency: 'EUR' } },
      409,
      'currency_mismatch',
    ],
    [
      'unknown service',
      'POST',
      '/services/999/prices',
      { effectiveFrom: '2026-06-01', recurring: { amount: '1.00', currency: 'USD' } },
      404,
      'service_not_found',
    ],
  ] as const)('%s → %i %s with the error body', async (_name, method, url, body, status, code) => {
    const response = await call(api, method, url, body);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error: { code, message: expect.any(String), details: expect.any(Object) } });
  });

  it('the routes are in the OpenAPI document', async () => {
    const doc = await call(api, 'GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/packages', '/packages/{idOrCode}/services', '/services/{id}/prices', '/price-books']),
    );
  });
});
