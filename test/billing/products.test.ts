import { describe, expect, it } from 'vitest';
import { setPackageActive } from '../../src/billing/catalog/set-package-active.ts';
import { setServicePrice } from '../../src/billing/catalog/set-service-price.ts';
import { setPricePlan } from '../../src/billing/price-plans/set-price-plan.ts';
import { changeProductQuantity } from '../../src/billing/products/change-product-quantity.ts';
import { endProduct } from '../../src/billing/products/end-product.ts';
import { listProducts } from '../../src/billing/products/list-products.ts';
import { orderProduct } from '../../src/billing/products/order-product.ts';
import { expectRefused, type SmallCatalog, seedCatalogAndAcme, useBillingContext } from './helpers.ts';

describe('account products', () => {
  const b = useBillingContext();
  let cat: SmallCatalog;

  it('orders a package and lists its services at list price', async () => {
    cat = await seedCatalogAndAcme(b.ctx);
    const product = await orderProduct(b.ctx, {
      accountId: 'ACME',
      package: 'PLAT',
      quantity: 5,
      startDate: '2026-01-15',
    });
    expect(product).toMatchObject({
      packageCode: 'PLAT',
      quantity: '5',
      serviceState: 'active',
      endDate: null,
      currency: 'USD',
    });
    const [listed] = await listProducts(b.ctx, { accountId: 'ACME', on: '2026-01-20' });
    expect(listed.services.map((s) => [s.code, s.source])).toEqual([
      ['SEATS', 'list'],
      ['ONBOARD', 'list'],
      ['API', 'list'],
      ['STORE', 'list'],
    ]);
    expect(listed.services[0].price?.recurring).toEqual({ minor: 1000n, currency: 'USD' });
    expect(listed.services[3].price?.statePrices?.suspended).toEqual({ minor: 500n, currency: 'USD' });
  });

  it('a price plan overrides the list price from its start; a list price change applies to the rest', async () => {
    await setPricePlan(b.ctx, {
      accountId: 'ACME',
      serviceId: cat.seats,
      recurring: '7.00',
      effectiveFrom: '2026-03-01',
    });
    await setPricePlan(b.ctx, {
      accountId: 'ACME',
      serviceId: cat.api,
      overageRate: '0.015',
      effectiveFrom: '2026-03-01',
    });
    await setServicePrice(b.ctx, { serviceId: cat.seats, effectiveFrom: '2026-02-01', recurring: '11.00' });
    await setServicePrice(b.ctx, {
      serviceId: cat.api,
      effectiveFrom: '2026-02-01',
      usageRate: '0.012',
      includedQuantity: '500',
      overageRate: '0.03',
    });

    const price = async (on: string, code: string) => {
      const [p] = await listProducts(b.ctx, { accountId: 'ACME', on });
      return p.services.find((s) => s.code === code)!;
    };
    expect(await price('2026-01-31', 'SEATS')).toMatchObject({
      source: 'list',
      price: { recurring: { minor: 1000n } },
    });
    expect(await price('2026-02-15', 'SEATS')).toMatchObject({
      source: 'list',
      price: { recurring: { minor: 1100n } },
    });
    expect(await price('2026-03-01', 'SEATS')).toMatchObject({
      source: 'price_plan',
      price: { recurring: { minor: 700n } },
    });
    // Negotiated overage, the rest from the list price of the date.
    expect(await price('2026-03-01', 'API')).toMatchObject({
      source: 'price_plan',
      price: { usageRate: '0.012', includedQuantity: '500', overageRate: '0.015' },
    });
    expect((await price('2026-03-01', 'ONBOARD')).source).toBe('list');
  });

  it('a service without a price on the date is shown without one', async () => {
    const [p] = await listProducts(b.ctx, { accountId: 'ACME', on: '2025-12-31' });
    expect(p.services.every((s) => s.price === null && s.source === null)).toBe(true);
  });

  it('changes the quantity and ends the product', async () => {
    const [p] = await listProducts(b.ctx, { accountId: 'ACME' });
    expect((await changeProductQuantity(b.ctx, { productId: p.id, quantity: '7.5' })).quantity).toBe('7.5');
    expect((await endProduct(b.ctx, { productId: p.id, endDate: '2026-06-30' })).endDate).toBe('2026-06-30');
    expect(await listProducts(b.ctx, { accountId: 'ACME', on: '2026-07-01', activeOnly: true })).toEqual([]);
    expect(await listProducts(b.ctx, { accountId: 'ACME', on: '2026-06-30', activeOnly: true })).toHaveLength(1);
    await expectRefused(b.ctx, 'negative_quantity', () =>
      changeProductQuantity(b.ctx, { productId: p.id, quantity: -1 }),
    );
    await expectRefused(b.ctx, 'invalid_period', () => endProduct(b.ctx, { productId: p.id, endDate: '2026-01-14' }));
    await expectRefused(b.ctx, 'product_not_found', () =>
      endProduct(b.ctx, { productId: '999', endDate: '2026-06-30' }),
    );
  });

  it.each([
    ['unknown package', 'package_not_found', { package: 'NOPE' }],
    ['negative quantity', 'negative_quantity', { quantity: -2 }],
    ['malformed quantity', 'malformed_rate', { quantity: 'five' }],
    ['end before start', 'invalid_period', { startDate: '2026-02-01', endDate: '2026-01-31' }],
    ['bad date', 'validation_failed', { startDate: '2026-13-01' }],
    ['package in another currency', 'currency_mismatch', { package: 'EPLAT' }],
    ['unknown account', 'account_not_found', { accountId: 'NOPE' }],
    ['bad service state', 'validation_failed', { serviceState: 'On Hold!' }],
  ])('orderProduct refuses %s with %s and writes nothing', async (_name, code, input) => {
    await expectRefused(b.ctx, code, () =>
      orderProduct(b.ctx, { accountId: 'ACME', package: 'PLAT', quantity: 1, startDate: '2026-02-01', ...input }),
    );
  });

  it('an inactive package cannot be ordered', async () => {
    await setPackageActive(b.ctx, { packageIdOrCode: 'PLAT', active: false });
    await expectRefused(b.ctx, 'inactive_package', () =>
      orderProduct(b.ctx, { accountId: 'ACME', package: 'PLAT', quantity: 1, startDate: '2026-02-01' }),
    );
    await setPackageActive(b.ctx, { packageIdOrCode: 'PLAT', active: true });
  });

  it('counts each service on its own: ten seats are one onboarding fee, unless its quantity says so', async () => {
    await createAccountForQuantities(b);
    const ordered = await orderProduct(b.ctx, {
      accountId: 'QTY',
      package: 'PLAT',
      quantity: '10',
      startDate: '2026-01-01',
      serviceQuantities: { STORE: '3' },
    });
    const quantities = async (on: string) => {
      const [p] = await listProducts(b.ctx, { accountId: 'QTY', on });
      return Object.fromEntries(p.services.map((s) => [s.code, s.quantity]));
    };
    expect(await quantities('2026-01-15')).toEqual({ SEATS: '10', ONBOARD: '1', API: null, STORE: '3' });
    await changeProductQuantity(b.ctx, { productId: ordered.id, quantity: '12', effectiveFrom: '2026-02-01' });
    await changeProductQuantity(b.ctx, {
      productId: ordered.id,
      quantity: '2',
      service: 'ONBOARD',
      effectiveFrom: '2026-01-01',
    });
    expect(await quantities('2026-01-15')).toEqual({ SEATS: '10', ONBOARD: '2', API: null, STORE: '3' });
    expect(await quantities('2026-02-15')).toEqual({ SEATS: '12', ONBOARD: '2', API: null, STORE: '12' });
    await expectRefused(b.ctx, 'service_not_found', () =>
      orderProduct(b.ctx, {
        accountId: 'QTY',
        package: 'PLAT',
        quantity: '1',
        startDate: '2026-01-01',
        serviceQuantities: { API: '2' },
      }),
    );
    await expectRefused(b.ctx, 'invalid_period', () =>
      changeProductQuantity(b.ctx, { productId: ordered.id, quantity: '5', effectiveFrom: '2025-12-31' }),
    );
  });
});

async function createAccountForQuantities(b: { ctx: Parameters<typeof orderProduct>[0] }): Promise<void> {
  const { createAccount } = await import('../../src/billing/accounts/create-account.ts');
  await createAccount(b.ctx, { name: 'Quantities', accountNumber: 'QTY', currency: 'USD' });
}
