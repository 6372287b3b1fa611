import { describe, expect, it } from 'vitest';
import { createAccount } from '../../src/billing/accounts/create-account.ts';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { setAccountPricePlan } from '../../src/billing/price-plans/set-account-price-plan.ts';
import { setAccountPricePlans } from '../../src/billing/price-plans/set-account-price-plans.ts';
import { orderProduct } from '../../src/billing/products/order-product.ts';
import { expectRefused, type SmallCatalog, seedCatalogAndAcme, useBillingContext } from './helpers.ts';

/** Seeds 000–002: an account price plan, the negotiated prices of one opportunity, all or nothing. */
describe('setAccountPricePlan', () => {
  const b = useBillingContext();
  let cat: SmallCatalog;
  const plans = async () =>
    (
      await b.t.db
        .selectFrom('price_plans')
        .select(['service_id', 'effective_from', 'recurring_minor', 'one_time_minor', 'plan_id'])
        .orderBy('service_id')
        .orderBy('effective_from')
        .execute()
    ).map((r) => [r.service_id.toString(), r.effective_from, r.recurring_minor, r.one_time_minor, r.plan_id]);

  it('records every price under one plan; the same source again updates it, a new date adds a version', async () => {
    cat = await seedCatalogAndAcme(b.ctx);
    const first = await setAccountPricePlan(b.ctx, {
      accountId: 'ACME',
      name: 'Acme - Platform',
      source: 'opportunity:006A',
      prices: [
        { serviceId: cat.seats, effectiveFrom: '2026-01-01', recurring: '8.00' },
        { serviceId: cat.onboarding, effectiveFrom: '2026-01-01', oneTime: '250.00' },
      ],
    });
    expect(first.prices.map((p) => [p.serviceCode, p.recurring?.minor ?? p.oneTime?.minor])).toEqual([
      ['ONBOARD', 25000n],
      ['SEATS', 800n],
    ]);
    const plan = BigInt(first.id);
    const again = await setAccountPricePlan(b.ctx, {
      accountId: 'ACME',
      name: 'Acme - Platform (renamed)',
      source: 'opportunity:006A',
      prices: [
        { serviceId: cat.seats, effectiveFrom: '2026-01-01', recurring: '7.50' },
        { serviceId: cat.seats, effectiveFrom: '2026-03-01', recurring: '7.00' },
      ],
    });
    expect([again.id, again.name]).toEqual([first.id, 'Acme - Platform (renamed)']);
    expect(await plans()).toEqual([
      [cat.seats, '2026-01-01', 750n, null, plan],
      [cat.seats, '2026-03-01', 700n, null, plan],
      [cat.onboarding, '2026-01-01', null, 25000n, plan],
    ]);
  });

  it('a bad price anywhere changes nothing: unknown service, wrong kind, over-precise, another currency, twice', async () => {
    await createAccount(b.ctx, { name: 'Euro', accountNumber: 'EURO', currency: 'EUR' });
    const attempt = (prices: Parameters<typeof setAccountPricePlan>[1]['prices'], accountId = 'ACME') =>
      setAccountPricePlan(b.ctx, { accountId, name: 'x', source: 'opportunity:006B', prices });
    const good = { serviceId: cat.seats, effectiveFrom: '2026-02-01', recurring: '9.00' };
    await expectRefused(b.ctx, 'service_not_found', () =>
      attempt([good, { serviceId: '999999', effectiveFrom: '2026-02-01', recurring: '1.00' }]),
    );
    await expectRefused(b.ctx, 'validation_failed', () =>
      attempt([good, { serviceId: cat.seats, effectiveFrom: '2026-02-02', usageRate: '0.01' }]),
    );
    await expectRefused(b.ctx, 'malformed_money', () =>
      attempt([good, { serviceId: cat.onboarding, effectiveFrom: '2026-02-01', oneTime: '1.001' }]),
    );
    await expectRefused(b.ctx, 'currency_mismatch', () => attempt([good], 'EURO'));
    await expectRefused(b.ctx, 'validation_failed', () => attempt([good, { ...good, recurring: '9.50' }]));
    await expectRefused(b.ctx, 'price_plan_account_changed', () =>
      setAccountPricePlan(b.ctx, { accountId: 'EURO', name: 'x', source: 'opportunity:006A', prices: [good] }),
    );
  });

  it('an order of those services is billed at the plan, and a later version re-rates billed days', async () => {
    await orderProduct(b.ctx, { accountId: 'ACME', package: 'PLAT', quantity: '10', startDate: '2026-01-01' });
    const january = await runBilling(b.ctx, { date: '2026-01-31', allowFutureDate: true });
    expect(january.linesCreated).toBeGreaterThan(0);
    const [seats] = await b.t.db
      .selectFrom('invoice_lines')
      .select('amount_minor')
      .where('service_id', '=', BigInt(cat.seats))
      .execute();
    expect(seats.amount_minor).toBe(7500n); // 10 × 7.50
    // A version from January 16 at 6.00, pushed after January was billed: 16 of 31 days × 10 × −1.50.
    await setAccountPricePlan(b.ctx, {
      accountId: 'ACME',
      name: 'Acme - Platform',
      source: 'opportunity:006A',
      prices: [{ serviceId: cat.seats, effectiveFrom: '2026-01-16', recurring: '6.00' }],
    });
    await runBilling(b.ctx, { date: '2026-01-31', allowFutureDate: true });
    const adjustments = await b.t.db
      .selectFrom('invoice_lines')
      .select('amount_minor')
      .where('service_id', '=', BigInt(cat.seats))
      .where('line_type', '=', 'adjustment')
      .execute();
    expect(adjustments.map((a) => a.amount_minor)).toEqual([-774n]);
    // January is settled: the same date again bills nothing; February is billed once, at the newest version.
    expect((await runBilling(b.ctx, { date: '2026-01-31', allowFutureDate: true })).linesCreated).toBe(0);
    await runBilling(b.ctx, { date: '2026-02-28', allowFutureDate: true });
    expect((await runBilling(b.ctx, { date: '2026-02-28', allowFutureDate: true })).linesCreated).toBe(0);
    const february = await b.t.db
      .selectFrom('invoice_lines')
      .select(['amount_minor', 'line_type'])
      .where('service_id', '=', BigInt(cat.seats))
      .where('period_start', '=', '2026-02-01')
      .execute();
    expect(february.map((l) => [l.line_type, l.amount_minor])).toEqual([['charge', 6000n]]); // 10 × 6.00
  });

  it('many plans at once: each checked alone, the good ones written together, the later one holding a shared day', async () => {
    const acme = await b.t.db
      .selectFrom('accounts')
      .select('id')
      .where('account_number', '=', 'ACME')
      .executeTakeFirstOrThrow();
    const id = acme.id.toString();
    const before = await plans();
    const results = await setAccountPricePlans(b.ctx, [
      {
        accountId: id,
        name: 'B1',
        source: 'opportunity:006B1',
        prices: [{ serviceId: cat.seats, effectiveFrom: '2026-05-01', recurring: '5.00' }],
      },
      {
        accountId: id,
        name: 'B2',
        source: 'opportunity:006B2',
        prices: [{ serviceId: cat.seats, effectiveFrom: '2026-05-01', recurring: '-1.00' }],
      },
      {
        accountId: '999999',
        name: 'B3',
        source: 'opportunity:006B3',
        prices: [{ serviceId: cat.seats, effectiveFrom: '2026-05-01', recurring: '1.00' }],
      },
      {
        accountId: id,
        name: 'B4',
        source: 'opportunity:006B4',
        prices: [{ serviceId: cat.seats, effectiveFrom: '2026-05-01', recurring: '4.50' }],
      },
      {
        accountId: id,
        name: 'moved',
        source: 'opportunity:006A',
        prices: [{ serviceId: cat.seats, effectiveFrom: '2026-05-01', recurring: '4.00' }],
      },
    ]);
    expect(results.map((r) => r.error?.code ?? 'ok')).toEqual([
      'ok',
      'malformed_money',
      'account_not_found',
      'ok',
      'ok',
    ]);
    expect(results[0].planId).not.toBe(results[3].planId);
    // One row for SEATS from May 1: the later plan of the batch (006A, the existing plan) holds it.
    const may = (await plans()).filter((r) => r[1] === '2026-05-01');
    expect(may).toEqual([[cat.seats, '2026-05-01', 400n, null, BigInt(results[4].planId!)]]);
    expect((await plans()).length).toBe(before.length + 1);
  });
});
