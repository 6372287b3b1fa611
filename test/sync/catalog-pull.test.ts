import { describe, expect, it } from 'vitest';
import { setPackageActive } from '../../src/billing/catalog/set-package-active.ts';
import { setServicePrice } from '../../src/billing/catalog/set-service-price.ts';
import { INTEGRATED_BOOK_NAME, pullCatalog } from '../../src/sync/flows/catalog-pull/pull-catalog.ts';
import { listSyncHistory } from '../../src/sync/history/list-sync-history.ts';
import { retrySync } from '../../src/sync/retry-sync.ts';
import { seedSmallCatalog, type SmallCatalog } from '../billing/helpers.ts';
import { useSyncContext } from './sync-helpers.ts';

interface SfEntry {
  Id: string;
  UnitPrice: number;
  IsActive: boolean;
  CurrencyIsoCode: string;
  Pricebook2: { Name: string; IsStandard: boolean };
  Product2: { ProductCode: string };
}

describe('catalog pull: billing → the integrated price book', () => {
  const h = useSyncContext();
  let ids: SmallCatalog;

  const products = async () =>
    (
      await h.sf.query<{ Id: string; ProductCode: string; IsActive: boolean; Billing_Frequency__c: string }>(
        'SELECT Id, ProductCode, IsActive, Billing_Frequency__c, Billing_Package_Id__c FROM Product2 WHERE Billing_Package_Id__c != null ORDER BY ProductCode',
      )
    ).records;
  const services = async () =>
    (
      await h.sf.query<Record<string, unknown>>(
        'SELECT Service_Code__c, Kind__c, Recurring_Price__c, One_Time_Price__c, Usage_Rate__c, Included_Quantity__c, Overage_Rate__c, State_Prices__c, Active__c, Product__r.ProductCode FROM Product_Service__c ORDER BY Product__r.ProductCode, Service_Code__c',
      )
    ).records;
  const entries = async () =>
    (
      await h.sf.query<SfEntry>(
        'SELECT Id, UnitPrice, IsActive, CurrencyIsoCode, Pricebook2.Name, Pricebook2.IsStandard, Product2.ProductCode FROM PricebookEntry WHERE Product2.Billing_Package_Id__c != null ORDER BY Product2.ProductCode, Pricebook2.IsStandard',
      )
    ).records;

  it('the preview says what a first pull creates, and writes nothing', async () => {
    ids = await seedSmallCatalog(h.ctx);
    const mark = await h.mark();
    const preview = await pullCatalog(h.ctx, { dryRun: true, trigger: 'test' });
    expect(preview.status).toBe('succeeded');
    expect(preview.dryRun).toBe(true);
    expect(preview.objects).toMatchObject({
      Pricebook2: { created: 1 },
      Product2: { created: 2 },
      Product_Service__c: { created: 5 },
      PricebookEntry: { created: 4 },
    });
    const calls = await h.apiCallsSince(mark);
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    expect(await products()).toEqual([]);
  });

  it('a pull creates the integrated book, the products, their services and the entries (standard first)', async () => {
    const result = await pullCatalog(h.ctx, { trigger: 'test' });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('succeeded');
    expect(result.counts.failed).toBe(0);

    const books = (
      await h.sf.query<{ Name: string; IsActive: boolean }>(
        'SELECT Name, IsActive FROM Pricebook2 WHERE Billing_Integrated__c = true',
      )
    ).records;
    expect(books).toEqual([expect.objectContaining({ Name: INTEGRATED_BOOK_NAME, IsActive: true })]);
    expect((await products()).map((p) => [p.ProductCode, p.IsActive, p.Billing_Frequency__c])).toEqual([
      ['EPLAT', true, 'Monthly'],
      ['PLAT', true, 'Monthly'],
    ]);
    const plat = (await services()).filter((s) => (s.Product__r as { ProductCode: string }).ProductCode === 'PLAT');
    expect(plat.map((s) => [s.Service_Code__c, s.Kind__c])).toEqual([
      ['API', 'Usage'],
      ['ONBOARD', 'One-Time'],
      ['SEATS', 'Recurring'],
      ['STORE', 'State-Based'],
    ]);
    const api = plat.find((s) => s.Service_Code__c === 'API')!;
    expect([api.Usage_Rate__c, api.Included_Quantity__c, api.Overage_Rate__c]).toEqual([0.01, 1000, 0.02]);
    expect(JSON.parse(String(plat.find((s) => s.Service_Code__c === 'STORE')!.State_Prices__c))).toEqual({
      active: '20.00',
      suspended: '5.00',
    });
    // List price: every service at quantity 1, recurring + one-time (10.00 + 500.00); usage and state-based add nothing.
    expect(
      (await entries()).map((e) => [
        e.Product2.ProductCode,
        e.Pricebook2.IsStandard,
        e.CurrencyIsoCode,
        e.UnitPrice,
        e.IsActive,
      ]),
    ).toEqual([
      ['EPLAT', false, 'EUR', 9, true],
      ['EPLAT', true, 'EUR', 9, true],
      ['PLAT', false, 'USD', 510, true],
      ['PLAT', true, 'USD', 510, true],
    ]);
  });

  it('a second pull of an unchanged catalog writes nothing and reads in a handful of calls', async () => {
    const mark = await h.mark();
    const again = await pullCatalog(h.ctx, { trigger: 'test' });
    expect(again.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    const calls = await h.apiCallsSince(mark);
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    expect(calls.length).toBeLessThanOrEqual(8);
  });

  it('after a price change and a retirement, the preview shows old → new, and the pull writes only that', async () => {
    await setServicePrice(h.ctx, { serviceId: ids.seats, effectiveFrom: '2026-01-15', recurring: '12.00' });
    await setPackageActive(h.ctx, { packageIdOrCode: 'EPLAT', active: false });
    const before = await entries();

    const preview = await pullCatalog(h.ctx, { dryRun: true, trigger: 'test' });
    const changed = preview.records.filter((r) => r.outcome === 'updated');
    expect(changed.map((r) => [r.object, r.label, r.diff])).toEqual(
      expect.arrayContaining([
        ['product', 'EPLAT', { IsActive: { from: true, to: false } }],
        ['product_service', 'PLAT/SEATS', { Recurring_Price__c: { from: 10, to: '12.00' } }],
        ['product_service', 'EPLAT/SEATS', { Active__c: { from: true, to: false } }],
        ['pricebook_entry', `PLAT USD in ${INTEGRATED_BOOK_NAME}`, { UnitPrice: { from: 510, to: '512.00' } }],
        ['pricebook_entry', 'EPLAT EUR in Standard Price Book', { IsActive: { from: true, to: false } }],
      ]),
    );
    expect(changed).toHaveLength(7);
    expect(await entries()).toEqual(before);

    const pulled = await pullCatalog(h.ctx, { trigger: 'test' });
    expect(pulled.counts).toMatchObject({ created: 0, updated: 7, failed: 0 });
    expect(
      (await entries()).map((e) => [e.Product2.ProductCode, e.Pricebook2.IsStandard, e.UnitPrice, e.IsActive]),
    ).toEqual([
      ['EPLAT', false, 9, false],
      ['EPLAT', true, 9, false],
      ['PLAT', false, 512, true],
      ['PLAT', true, 512, true],
    ]);
    // Retired, not deleted: the product is still there, inactive; reactivated when billing brings it back.
    await setPackageActive(h.ctx, { packageIdOrCode: 'EPLAT', active: true });
    await pullCatalog(h.ctx, { trigger: 'test' });
    expect((await products()).map((p) => [p.ProductCode, p.IsActive])).toEqual([
      ['EPLAT', true],
      ['PLAT', true],
    ]);
  });
  it('retrying a catalog run pulls again (not an account sync), and names the run it retries', async () => {
    const first = await pullCatalog(h.ctx, { trigger: 'test' });
    const again = await retrySync(h.ctx, { target: first.runId });
    expect([again.flow, again.status, again.counts.failed]).toEqual(['catalog', 'succeeded', 0]);
    const history = await listSyncHistory(h.ctx, { runId: again.runId });
    expect(history.runs[0]).toMatchObject({ trigger: 'retry', retryOf: first.runId });
  });
});

describe('catalog pull into a single-currency org', () => {
  const h = useSyncContext({ org: { singleCurrency: true, currency: 'USD' } });

  it("prices packages in the org's currency and says what to change for the others", async () => {
    await seedSmallCatalog(h.ctx);
    const result = await pullCatalog(h.ctx, { trigger: 'test' });
    expect(result.status).toBe('partial');
    expect(result.objects.Product2).toMatchObject({ created: 2, failed: 0 });
    const failed = result.records.filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => [r.label, r.errorCode])).toEqual([['EPLAT EUR', 'catalog_currency_not_in_org']]);
    expect(failed[0].errorMessage).toContain('turn on multiple currencies in Salesforce, or price the package in USD');
    const entries = (
      await h.sf.query<{ UnitPrice: number; Product2: { ProductCode: string } }>(
        'SELECT UnitPrice, Product2.ProductCode FROM PricebookEntry WHERE Product2.Billing_Package_Id__c != null',
      )
    ).records;
    expect(entries.map((e) => [e.Product2.ProductCode, e.UnitPrice])).toEqual([
      ['PLAT', 510],
      ['PLAT', 510],
    ]);
  });
});
