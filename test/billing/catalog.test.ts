import { describe, expect, it } from 'vitest';
import { addPackageService } from '../../src/billing/catalog/add-package-service.ts';
import { addPackageToPriceBook } from '../../src/billing/catalog/add-package-to-price-book.ts';
import { createPackage } from '../../src/billing/catalog/create-package.ts';
import { createPriceBook } from '../../src/billing/catalog/create-price-book.ts';
import { getPackage } from '../../src/billing/catalog/get-package.ts';
import { listCatalog } from '../../src/billing/catalog/list-catalog.ts';
import { setPackageActive } from '../../src/billing/catalog/set-package-active.ts';
import { setServicePrice } from '../../src/billing/catalog/set-service-price.ts';
import { expectRefused, useBillingContext } from './helpers.ts';

describe('catalog', () => {
  const b = useBillingContext();

  it('creates a package with services and versioned list prices', async () => {
    const pkg = await createPackage(b.ctx, { code: 'PLAT', name: 'Platform', currency: 'usd', frequency: 'monthly' });
    expect(pkg).toMatchObject({ code: 'PLAT', currency: 'USD', frequency: 'monthly', active: true });
    const seats = await addPackageService(b.ctx, {
      packageIdOrCode: 'PLAT',
      code: 'SEATS',
      name: 'Seats',
      kind: 'recurring',
      unit: 'seat',
    });
    const api = await addPackageService(b.ctx, {
      packageIdOrCode: pkg.id,
      code: 'API',
      name: 'API calls',
      kind: 'usage',
    });
    const store = await addPackageService(b.ctx, {
      packageIdOrCode: 'PLAT',
      code: 'STORE',
      name: 'Storage',
      kind: 'state_based',
    });

    const v1 = await setServicePrice(b.ctx, { serviceId: seats.id, effectiveFrom: '2026-01-01', recurring: '10.00' });
    expect(v1.created).toBe(true);
    expect(v1.price.recurring).toEqual({ minor: 1000n, currency: 'USD' });
    await setServicePrice(b.ctx, { serviceId: seats.id, effectiveFrom: '2026-03-01', recurring: '12.5' });
    await setServicePrice(b.ctx, {
      serviceId: api.id,
      effectiveFrom: '2026-01-01',
      usageRate: '0.0125',
      includedQuantity: '1000',
      overageRate: '0.02',
    });
    const state = await setServicePrice(b.ctx, {
      serviceId: store.id,
      effectiveFrom: '2026-01-01',
      statePrices: { suspended: '5', active: '20.00' },
    });
    expect(state.price.statePrices).toEqual({
      active: { minor: 2000n, currency: 'USD' },
      suspended: { minor: 500n, currency: 'USD' },
    });

    const detail = await getPackage(b.ctx, { idOrCode: 'PLAT', on: '2026-02-15' });
    const seatPrices = detail.services.find((s) => s.code === 'SEATS')!;
    expect(seatPrices.prices.map((p) => p.effectiveFrom)).toEqual(['2026-01-01', '2026-03-01']);
    expect(seatPrices.currentPrice?.recurring?.minor).toBe(1000n);
    const apiPrice = detail.services.find((s) => s.code === 'API')!.currentPrice!;
    expect(apiPrice).toMatchObject({ usageRate: '0.0125', includedQuantity: '1000', overageRate: '0.02' });

    const march = await listCatalog(b.ctx, { on: '2026-03-01' });
    const plat = march.packages.find((p) => p.code === 'PLAT')!;
    expect(plat.services.find((s) => s.code === 'SEATS')!.price!.recurring!.minor).toBe(1250n);
    const before = await listCatalog(b.ctx, { on: '2025-12-31' });
    expect(before.packages.find((p) => p.code === 'PLAT')!.services.every((s) => s.price === null)).toBe(true);
  });

  it('repeating the same price on the same date changes nothing; a different one is refused', async () => {
    const pkg = await getPackage(b.ctx, { idOrCode: 'PLAT' });
    const seats = pkg.services.find((s) => s.code === 'SEATS')!;
    const again = await setServicePrice(b.ctx, { serviceId: seats.id, effectiveFrom: '2026-01-01', recurring: '10' });
    expect(again.created).toBe(false);
    await expectRefused(b.ctx, 'validation_failed', () =>
      setServicePrice(b.ctx, { serviceId: seats.id, effectiveFrom: '2026-01-01', recurring: '11.00' }),
    );
  });

  it.each([
    ['unknown currency', 'unknown_currency', { code: 'X1', name: 'X', currency: 'XXX', frequency: 'monthly' }],
    ['missing currency', 'validation_failed', { code: 'X1', name: 'X', currency: '', frequency: 'monthly' }],
    ['bad frequency', 'validation_failed', { code: 'X1', name: 'X', currency: 'USD', frequency: 'weekly' }],
    ['code taken', 'package_code_taken', { code: 'PLAT', name: 'X', currency: 'USD', frequency: 'monthly' }],
    ['code with spaces', 'validation_failed', { code: 'A B', name: 'X', currency: 'USD', frequency: 'monthly' }],
  ])('createPackage refuses %s with %s', async (_name, code, input) => {
    await expectRefused(b.ctx, code, () => createPackage(b.ctx, input));
  });

  it.each([
    ['unknown package', 'package_not_found', { packageIdOrCode: 'NOPE', code: 'S', name: 'S', kind: 'recurring' }],
    ['bad kind', 'validation_failed', { packageIdOrCode: 'PLAT', code: 'S', name: 'S', kind: 'weekly' }],
    ['duplicate code', 'validation_failed', { packageIdOrCode: 'PLAT', code: 'SEATS', name: 'S', kind: 'recurring' }],
  ])('addPackageService refuses %s with %s', async (_name, code, input) => {
    await expectRefused(b.ctx, code, () => addPackageService(b.ctx, input));
  });

  it.each([
    ['too many decimals', 'malformed_money', 'SEATS', { recurring: '10.005' }],
    ['not a number', 'malformed_money', 'SEATS', { recurring: 'ten' }],
    ['thousands separator', 'malformed_money', 'SEATS', { recurring: '1,000.00' }],
    ['negative', 'malformed_money', 'SEATS', { recurring: '-1.00' }],
    ['malformed rate', 'malformed_rate', 'API', { usageRate: '1/80' }],
    ['negative overage', 'malformed_rate', 'API', { usageRate: '0.01', overageRate: '-0.5' }],
    ['malformed state amount', 'malformed_money', 'STORE', { statePrices: { active: '2.999' } }],
    ['bad state name', 'validation_failed', 'STORE', { statePrices: { 'Not A State': '2' } }],
    ['price of another kind', 'validation_failed', 'SEATS', { recurring: '1', usageRate: '0.1' }],
    ['missing the kind price', 'validation_failed', 'API', { includedQuantity: '10' }],
    ['bad date', 'validation_failed', 'SEATS', { recurring: '1', effectiveFrom: '2026-02-30' }],
  ])('setServicePrice refuses %s with %s', async (_name, code, serviceCode, prices) => {
    const pkg = await getPackage(b.ctx, { idOrCode: 'PLAT' });
    const serviceId = pkg.services.find((s) => s.code === serviceCode)!.id;
    await expectRefused(b.ctx, code, () =>
      setServicePrice(b.ctx, { serviceId, effectiveFrom: '2026-06-01', ...prices }),
    );
  });

  it('setServicePrice refuses an unknown service', async () => {
    await expectRefused(b.ctx, 'service_not_found', () =>
      setServicePrice(b.ctx, { serviceId: '999999', effectiveFrom: '2026-01-01', recurring: '1' }),
    );
  });

  it('a JPY package takes whole yen only', async () => {
    await createPackage(b.ctx, { code: 'JP', name: 'Japan', currency: 'JPY', frequency: 'annual' });
    const svc = await addPackageService(b.ctx, { packageIdOrCode: 'JP', code: 'S', name: 'S', kind: 'one_time' });
    await expectRefused(b.ctx, 'malformed_money', () =>
      setServicePrice(b.ctx, { serviceId: svc.id, effectiveFrom: '2026-01-01', oneTime: '100.5' }),
    );
    const ok = await setServicePrice(b.ctx, { serviceId: svc.id, effectiveFrom: '2026-01-01', oneTime: '1000' });
    expect(ok.price.oneTime).toEqual({ minor: 1000n, currency: 'JPY' });
  });

  it('price books group packages of their own currency', async () => {
    await createPriceBook(b.ctx, { code: 'PB-USD', name: 'USD list', currency: 'USD' });
    const book = await addPackageToPriceBook(b.ctx, { priceBookIdOrCode: 'PB-USD', packageIdOrCode: 'PLAT' });
    expect(book.packageCodes).toEqual(['PLAT']);
    const again = await addPackageToPriceBook(b.ctx, { priceBookIdOrCode: 'PB-USD', packageIdOrCode: 'PLAT' });
    expect(again.packageCodes).toEqual(['PLAT']);
    await expectRefused(b.ctx, 'currency_mismatch', () =>
      addPackageToPriceBook(b.ctx, { priceBookIdOrCode: 'PB-USD', packageIdOrCode: 'JP' }),
    );
    await expectRefused(b.ctx, 'price_book_not_found', () =>
      addPackageToPriceBook(b.ctx, { priceBookIdOrCode: 'PB-XXX', packageIdOrCode: 'PLAT' }),
    );
    const usd = await listCatalog(b.ctx, { currency: 'USD' });
    expect(usd.priceBooks.map((p) => p.code)).toEqual(['PB-USD']);
    expect(usd.packages.map((p) => p.code)).toEqual(['PLAT']);
  });

  it('deactivates a package and lists only active ones on request', async () => {
    const off = await setPackageActive(b.ctx, { packageIdOrCode: 'JP', active: false });
    expect(off.active).toBe(false);
    const active = await listCatalog(b.ctx, { activeOnly: true });
    expect(active.packages.map((p) => p.code)).not.toContain('JP');
    await expectRefused(b.ctx, 'package_not_found', () => getPackage(b.ctx, { idOrCode: 'NOPE' }));
  });
});
