import { describe, expect, it } from 'vitest';
import { endPricePlan } from '../../src/billing/price-plans/end-price-plan.ts';
import { listPricePlans } from '../../src/billing/price-plans/list-price-plans.ts';
import { setPricePlan } from '../../src/billing/price-plans/set-price-plan.ts';
import { expectRefused, type SmallCatalog, seedCatalogAndAcme, useBillingContext } from './helpers.ts';

describe('account price plans', () => {
  const b = useBillingContext();
  let cat: SmallCatalog;

  it('records negotiated prices in the account currency, once per start date', async () => {
    cat = await seedCatalogAndAcme(b.ctx);
    const plan = await setPricePlan(b.ctx, {
      accountId: 'ACME',
      serviceId: cat.seats,
      recurring: '8.50',
      effectiveFrom: '2026-02-01',
      source: 'opportunity:006000000000001AAA',
    });
    expect(plan).toMatchObject({
      serviceCode: 'SEATS',
      packageCode: 'PLAT',
      recurring: { minor: 850n, currency: 'USD' },
      effectiveTo: null,
      source: 'opportunity:006000000000001AAA',
    });
    // Only the overage was negotiated for API calls; the rest stays at list price.
    const api = await setPricePlan(b.ctx, {
      accountId: 'ACME',
      serviceId: cat.api,
      overageRate: '0.015',
      effectiveFrom: '2026-02-01',
    });
    expect(api).toMatchObject({ usageRate: null, overageRate: '0.015' });

    // Pushing the same opportunity again updates that plan instead of adding one.
    const again = await setPricePlan(b.ctx, {
      accountId: 'ACME',
      serviceId: cat.seats,
      recurring: '8.00',
      effectiveFrom: '2026-02-01',
    });
    expect(again.id).toBe(plan.id);
    expect(again.recurring?.minor).toBe(800n);
    expect(await listPricePlans(b.ctx, { accountId: 'ACME' })).toHaveLength(2);
  });

  it('ends a plan; listing on a date shows only the plans in force', async () => {
    const [seats] = (await listPricePlans(b.ctx, { accountId: 'ACME' })).filter((p) => p.serviceCode === 'SEATS');
    const ended = await endPricePlan(b.ctx, { pricePlanId: seats.id, effectiveTo: '2026-12-31' });
    expect(ended.effectiveTo).toBe('2026-12-31');
    expect((await listPricePlans(b.ctx, { accountId: 'ACME', on: '2027-01-01' })).map((p) => p.serviceCode)).toEqual([
      'API',
    ]);
    expect(await listPricePlans(b.ctx, { accountId: 'ACME', on: '2026-01-31' })).toEqual([]);
    await expectRefused(b.ctx, 'invalid_period', () =>
      endPricePlan(b.ctx, { pricePlanId: seats.id, effectiveTo: '2026-01-01' }),
    );
    await expectRefused(b.ctx, 'price_plan_not_found', () =>
      endPricePlan(b.ctx, { pricePlanId: '999', effectiveTo: '2026-12-31' }),
    );
  });

  it.each([
    ['service in another currency', 'currency_mismatch', () => ({ serviceId: cat.euroSeats, recurring: '1.00' })],
    ['malformed money', 'malformed_money', () => ({ serviceId: cat.seats, recurring: '8.505' })],
    ['malformed rate', 'malformed_rate', () => ({ serviceId: cat.api, overageRate: 'cheap' })],
    ['price of another kind', 'validation_failed', () => ({ serviceId: cat.seats, usageRate: '0.1' })],
    ['no price at all', 'validation_failed', () => ({ serviceId: cat.seats })],
    ['end before start', 'invalid_period', () => ({ serviceId: cat.seats, recurring: '1', effectiveTo: '2026-01-31' })],
    ['unknown service', 'service_not_found', () => ({ serviceId: '424242', recurring: '1' })],
    ['unknown account', 'account_not_found', () => ({ accountId: 'NOPE', serviceId: cat.seats, recurring: '1' })],
  ])('refuses %s with %s and writes nothing', async (_name, code, input) => {
    await expectRefused(b.ctx, code, () =>
      setPricePlan(b.ctx, { accountId: 'ACME', effectiveFrom: '2026-03-01', ...input() }),
    );
  });
});
