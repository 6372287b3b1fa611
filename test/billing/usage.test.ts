import { describe, expect, it } from 'vitest';
import { createAccount } from '../../src/billing/accounts/create-account.ts';
import { orderProduct } from '../../src/billing/products/order-product.ts';
import { listUsage } from '../../src/billing/usage/list-usage.ts';
import { recordUsage } from '../../src/billing/usage/record-usage.ts';
import { recordUsageBatch } from '../../src/billing/usage/record-usage-batch.ts';
import { sameUsage } from '../../src/billing/usage/assert-same-usage.ts';
import { expectRefused, rowCounts, type SmallCatalog, seedCatalogAndAcme, useBillingContext } from './helpers.ts';

describe('usage', () => {
  const b = useBillingContext();
  let cat: SmallCatalog;

  it('records usage once per externalId', async () => {
    cat = await seedCatalogAndAcme(b.ctx);
    await createAccount(b.ctx, { name: 'Idle', accountNumber: 'IDLE', currency: 'USD' });
    await orderProduct(b.ctx, {
      accountId: 'ACME',
      package: 'PLAT',
      quantity: 1,
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    });

    const first = await recordUsage(b.ctx, {
      accountId: 'ACME',
      serviceId: cat.api,
      quantity: '1200.5',
      usedOn: '2026-01-10',
      externalId: 'evt-1',
    });
    expect(first).toMatchObject({
      created: true,
      usage: { quantity: '1200.5', serviceCode: 'API', externalId: 'evt-1' },
    });
    const again = await recordUsage(b.ctx, {
      accountId: 'ACME',
      serviceId: cat.api,
      quantity: '1200.50',
      usedOn: '2026-01-10',
      externalId: 'evt-1',
    });
    expect(again).toEqual({ created: false, usage: first.usage });
    await expectRefused(b.ctx, 'validation_failed', () =>
      recordUsage(b.ctx, {
        accountId: 'ACME',
        serviceId: cat.api,
        quantity: '3',
        usedOn: '2026-01-10',
        externalId: 'evt-1',
      }),
    );
    await expect(
      recordUsage(b.ctx, {
        accountId: 'ACME',
        serviceId: cat.api,
        quantity: '3',
        usedOn: '2026-01-10',
        externalId: 'evt-1',
      }),
    ).rejects.toMatchObject({
      details: { field: 'externalId' },
      message: 'externalId "evt-1" was already used for other usage (1200.5 API on 2026-01-10 for account ACME).',
    });
    // Without an externalId every call is a new record.
    await recordUsage(b.ctx, { accountId: 'ACME', serviceId: cat.api, quantity: 0, usedOn: '2026-01-11' });
    await recordUsage(b.ctx, { accountId: 'ACME', serviceId: cat.api, quantity: 0, usedOn: '2026-01-11' });
    expect((await listUsage(b.ctx, { accountId: 'ACME' })).records).toHaveLength(3);
  });

  it('a batch repeating a stored externalId with different usage is refused like a single record', async () => {
    const stored = {
      accountId: 'ACME',
      serviceId: cat.api,
      quantity: '1200.5',
      usedOn: '2026-01-10',
      externalId: 'evt-1',
    };
    const fresh = { accountId: 'ACME', serviceId: cat.api, quantity: '1', usedOn: '2026-01-12', externalId: 'evt-new' };
    // The same usage again is a harmless duplicate.
    expect(await recordUsageBatch(b.ctx, { rows: [{ ...stored, quantity: '1200.5000' }] })).toEqual({
      received: 1,
      recorded: 0,
      duplicates: 1,
    });
    for (const changed of [{ quantity: '1200.6' }, { usedOn: '2026-01-11' }]) {
      await expectRefused(b.ctx, 'validation_failed', () =>
        recordUsageBatch(b.ctx, { rows: [fresh, { ...stored, ...changed }] }),
      );
    }
    await expect(recordUsageBatch(b.ctx, { rows: [fresh, { ...stored, quantity: '7' }] })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { field: 'rows[1].externalId', index: 1 },
      message: expect.stringContaining('for account ACME'),
    });
  });

  it('a batch repeating an externalId within itself with different usage is refused', async () => {
    const row = { accountId: 'ACME', serviceId: cat.api, quantity: '2', usedOn: '2026-01-13', externalId: 'twice' };
    await expectRefused(b.ctx, 'validation_failed', () =>
      recordUsageBatch(b.ctx, { rows: [row, { ...row, quantity: '3' }] }),
    );
    await expectRefused(b.ctx, 'validation_failed', () =>
      recordUsageBatch(b.ctx, { rows: [row, { ...row, usedOn: '2026-01-14' }] }),
    );
    expect(await recordUsageBatch(b.ctx, { rows: [row, { ...row, quantity: '2.0' }] })).toEqual({
      received: 2,
      recorded: 1,
      duplicates: 1,
    });
  });

  it('a quantity finer than the store keeps is refused, never rounded to 0', async () => {
    for (const quantity of ['0.00004', '1'.repeat(32)]) {
      await expectRefused(b.ctx, 'validation_failed', () =>
        recordUsage(b.ctx, { accountId: 'ACME', serviceId: cat.api, quantity, usedOn: '2026-01-15' }),
      );
    }
    await expect(
      recordUsageBatch(b.ctx, {
        rows: [{ accountId: 'ACME', serviceId: cat.api, quantity: '0.00004', usedOn: '2026-01-15' }],
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { field: 'rows[0].quantity', index: 0 } });
  });

  it.each([
    ['negative quantity', 'negative_quantity', () => ({ quantity: -1 })],
    ['a service that is not usage', 'validation_failed', () => ({ serviceId: cat.seats })],
    ['an account without the product', 'validation_failed', () => ({ accountId: 'IDLE' })],
    ['a day outside the product', 'validation_failed', () => ({ usedOn: '2027-01-01' })],
    ['unknown service', 'service_not_found', () => ({ serviceId: '999999' })],
    ['unknown account', 'account_not_found', () => ({ accountId: 'NOPE' })],
    ['bad date', 'validation_failed', () => ({ usedOn: '10/01/2026' })],
  ])('recordUsage refuses %s with %s and writes nothing', async (_name, code, input) => {
    await expectRefused(b.ctx, code, () =>
      recordUsage(b.ctx, { accountId: 'ACME', serviceId: cat.api, quantity: 1, usedOn: '2026-02-01', ...input() }),
    );
  });

  it('records a batch with multi-row inserts; re-sending it records nothing new', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      accountId: 'ACME',
      serviceId: cat.api,
      quantity: String(i % 7),
      usedOn: `2026-02-${String((i % 28) + 1).padStart(2, '0')}`,
      externalId: `feed-${i}`,
    }));
    rows.push({ ...rows[0] }); // repeated within the batch
    expect(await recordUsageBatch(b.ctx, { rows })).toEqual({ received: 2501, recorded: 2500, duplicates: 1 });
    expect(await recordUsageBatch(b.ctx, { rows })).toEqual({ received: 2501, recorded: 0, duplicates: 2501 });
    const feb = await listUsage(b.ctx, { accountId: 'ACME', from: '2026-02-01', to: '2026-02-28', limit: 1000 });
    expect(feb.records).toHaveLength(1000);
    expect(feb.nextCursor).not.toBeNull();
    const expected = rows.slice(0, 2500).reduce((sum, r) => sum + Number(r.quantity), 0);
    expect(feb.totals).toEqual([{ serviceId: cat.api, serviceCode: 'API', quantity: String(expected) }]);
  });

  it('one bad row refuses the whole batch and names it', async () => {
    const before = await rowCounts(b.ctx);
    const rows = [
      { accountId: 'ACME', serviceId: cat.api, quantity: 1, usedOn: '2026-03-01', externalId: 'ok-1' },
      { accountId: 'ACME', serviceId: cat.api, quantity: -5, usedOn: '2026-03-01', externalId: 'bad-1' },
    ];
    await expect(recordUsageBatch(b.ctx, { rows })).rejects.toMatchObject({
      code: 'negative_quantity',
      message: expect.stringContaining('rows[1]'),
    });
    const idle = [{ accountId: 'IDLE', serviceId: cat.api, quantity: 1, usedOn: '2026-03-01' }];
    await expect(recordUsageBatch(b.ctx, { rows: [...rows.slice(0, 1), ...idle] })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { index: 1 },
    });
    expect(await rowCounts(b.ctx)).toEqual(before);
  });

  it.each([
    [{}, true],
    [{ quantity: '5.0000' }, true],
    [{ quantity: '5.0001' }, false],
    [{ used_on: '2026-01-02' }, false],
    [{ service_id: 8n }, false],
    [{ account_id: 2n }, false],
  ])('sameUsage: stored vs %o is %s (one comparison for single records and batches)', (change, same) => {
    const stored = { account_id: 1n, service_id: 7n, used_on: '2026-01-01', quantity: '5' };
    expect(sameUsage(stored, { ...stored, ...change })).toBe(same);
  });
});
