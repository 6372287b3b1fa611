import { describe, expect, it } from 'vitest';
import { listCatalog } from '../../src/billing/catalog/list-catalog.ts';
import { seedDemoCatalog } from '../../src/billing/demo-catalog.ts';
import { rowCounts, useBillingContext } from './helpers.ts';

describe('demo catalog', () => {
  const b = useBillingContext();

  it('seeds packages in USD and EUR, price books and tax rates; a second run changes nothing', async () => {
    const first = await seedDemoCatalog(b.ctx);
    expect(first.created).toEqual({ packages: 6, services: 10, prices: 10, priceBooks: 2, taxRates: 10 });
    const counts = await rowCounts(b.ctx);
    const second = await seedDemoCatalog(b.ctx);
    expect(second.created).toEqual({ packages: 0, services: 0, prices: 0, priceBooks: 0, taxRates: 0 });
    expect(await rowCounts(b.ctx)).toEqual(counts);

    const usd = await listCatalog(b.ctx, { currency: 'USD', on: '2026-01-01' });
    expect(usd.priceBooks.map((p) => [p.code, p.packageCodes])).toEqual([
      ['LIST-USD', ['API-USD', 'PLATFORM-USD', 'STORAGE-USD']],
    ]);
    const platform = usd.packages.find((p) => p.code === 'PLATFORM-USD')!;
    expect(platform.services.map((s) => [s.code, s.kind])).toEqual([
      ['BASE', 'recurring'],
      ['SEATS', 'recurring'],
      ['ONBOARDING', 'one_time'],
    ]);
    const api = usd.packages.find((p) => p.code === 'API-USD')!.services[0].price!;
    expect(api).toMatchObject({ usageRate: '0.002', includedQuantity: '100000', overageRate: '0.0015' });
    const storage = usd.packages.find((p) => p.code === 'STORAGE-USD')!.services[0].price!;
    expect(Object.keys(storage.statePrices!)).toEqual(['active', 'suspended']);
    const rates = await b.ctx.db.selectFrom('tax_rates').selectAll().orderBy('jurisdiction').execute();
    expect(rates.find((r) => r.jurisdiction === 'US-CA')?.rate).toBe('0.072500');
  });
});
