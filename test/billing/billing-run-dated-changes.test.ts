import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { setServicePrice } from '../../src/billing/catalog/set-service-price.ts';
import { endPricePlan } from '../../src/billing/price-plans/end-price-plan.ts';
import { setPricePlan } from '../../src/billing/price-plans/set-price-plan.ts';
import { endProduct } from '../../src/billing/products/end-product.ts';
import { orderProduct } from '../../src/billing/products/order-product.ts';
import { recordUsage } from '../../src/billing/usage/record-usage.ts';
import { recordUsageBatch } from '../../src/billing/usage/record-usage-batch.ts';
import { expectRefused, type SmallCatalog, seedCatalogAndAcme, useBillingContext } from './helpers.ts';

/**
 * Dated changes to ranges already billed, one kind at a time, each priced by the next run as an adjustment
 * line of exactly the difference (PLAT: SEATS 10.00 a month, STORE 20.00 while active). And late usage when
 * the operator has chosen to refuse it.
 */
const b = useBillingContext();
let cat: SmallCatalog;
const run = (date: string) => runBilling(b.ctx, { date, allowFutureDate: true });

async function adjustmentsOf(result: Awaited<ReturnType<typeof run>>) {
  const lines = await b.t.db
    .selectFrom('invoice_lines')
    .innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id')
    .select(['invoice_lines.period_start', 'invoice_lines.amount_minor', 'invoice_lines.service_id'])
    .where('invoices.billing_run_id', '=', BigInt(result.runId))
    .where('invoice_lines.line_type', '=', 'adjustment')
    .orderBy('invoice_lines.period_start')
    .execute();
  return lines.map((l) => [l.service_id.toString() === cat.seats ? 'SEATS' : 'STORE', l.period_start, l.amount_minor]);
}

describe('dated changes over billed ranges', () => {
  it('a price plan back-dated into billed months credits the difference; ending it bills the list price again', async () => {
    cat = await seedCatalogAndAcme(b.ctx);
    await orderProduct(b.ctx, { accountId: 'ACME', package: 'PLAT', quantity: '1', startDate: '2026-01-01' });
    await run('2026-02-28'); // January and February at 10.00 a seat
    const plan = await setPricePlan(b.ctx, {
      accountId: 'ACME',
      serviceId: cat.seats,
      effectiveFrom: '2026-02-15',
      recurring: '6.00',
    });
    // February 15–28: 14 of 28 days at 6.00 instead of 10.00 = −2.00
    expect(await adjustmentsOf(await run('2026-02-28'))).toEqual([['SEATS', '2026-02-01', -200n]]);
    await endPricePlan(b.ctx, { pricePlanId: plan.id, effectiveTo: '2026-02-20' });
    // February 21–28 back at 10.00: 8 of 28 days × 4.00 = +1.14
    expect(await adjustmentsOf(await run('2026-02-28'))).toEqual([['SEATS', '2026-02-01', 114n]]);
    expect((await run('2026-02-28')).linesCreated).toBe(0);
  });

  it('a list price back-dated into a billed month adjusts it; an end date inside billed months credits the days after', async () => {
    await setServicePrice(b.ctx, { serviceId: cat.seats, effectiveFrom: '2026-01-16', recurring: '12.40' });
    // January 16–31 at 12.40 instead of 10.00: 16/31 × 2.40 = +1.24; February: the 22 days outside the
    // plan (1–14 and 21–28) at 12.40 instead of 10.00: 22/28 × 2.40 = +1.89
    expect(await adjustmentsOf(await run('2026-02-28'))).toEqual([
      ['SEATS', '2026-01-01', 124n],
      ['SEATS', '2026-02-01', 189n],
    ]);
    const [product] = await b.t.db.selectFrom('account_products').select('id').execute();
    await endProduct(b.ctx, { productId: product.id.toString(), endDate: '2026-02-14' });
    // February 15–28 is no longer billable: its seats and storage are credited in full for those days
    const credited = await adjustmentsOf(await run('2026-02-28'));
    expect(credited.map(([service]) => service)).toEqual(['SEATS', 'STORE']);
    expect(credited[1][2]).toBe(-1000n); // 20.00 × 14/28
  });
});

describe('late usage, refused by configuration', () => {
  it('is refused with usage_period_billed for an invoiced period; a resend of billed usage is still harmless', async () => {
    const refusing = { ...b.ctx, billing: { lateUsage: 'refuse' as const } };
    await orderProduct(b.ctx, { accountId: 'ACME', package: 'PLAT', quantity: '1', startDate: '2026-03-01' });
    await recordUsage(refusing, {
      accountId: 'ACME',
      serviceId: cat.api,
      quantity: '10',
      usedOn: '2026-03-05',
      externalId: 'm-1',
    });
    await run('2026-03-31');
    await expectRefused(refusing, 'usage_period_billed', () =>
      recordUsage(refusing, { accountId: 'ACME', serviceId: cat.api, quantity: '5', usedOn: '2026-03-20' }),
    );
    await expectRefused(refusing, 'usage_period_billed', () =>
      recordUsageBatch(refusing, {
        rows: [{ accountId: 'ACME', serviceId: cat.api, quantity: '5', usedOn: '2026-03-20' }],
      }),
    );
    const resent = await recordUsage(refusing, {
      accountId: 'ACME',
      serviceId: cat.api,
      quantity: '10',
      usedOn: '2026-03-05',
      externalId: 'm-1',
    });
    expect(resent.created).toBe(false);
    const april = await recordUsage(refusing, {
      accountId: 'ACME',
      serviceId: cat.api,
      quantity: '5',
      usedOn: '2026-04-02',
    });
    expect(april.created).toBe(true);
  });
});
