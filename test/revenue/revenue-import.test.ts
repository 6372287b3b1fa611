import { beforeAll, describe, expect, it } from 'vitest';
import { importContracts } from '../../src/revenue/import/import-contracts.ts';
import { listContracts } from '../../src/revenue/contracts/list-contracts.ts';
import { revenueProducts } from '../../src/revenue/products/list-revenue-products.ts';
import { useSyncContext } from '../sync/sync-helpers.ts';
import { createAccount } from '../sync/opportunity-helpers.ts';
import { type Catalog, createCatalog, createDeal, orgSettings } from './revenue-helpers.ts';

describe('revenue import: opportunities with line items become contracts', () => {
  const h = useSyncContext({ seed: 'empty' });
  let catalog: Catalog;
  let acme: string;

  beforeAll(async () => {
    await orgSettings(h, { multiCurrency: true, currencies: ['USD', 'EUR'], conversionRates: { EUR: '0.8' } });
    catalog = await createCatalog(h, [
      { code: 'SUB', name: 'Subscription', recurring: true },
      { code: 'SETUP', name: 'Onboarding', recurring: false },
    ]);
    acme = await createAccount(h, { Name: 'Acme' });
  });

  it('imports a booked deal: ARR and MRR per line, ACV with the one-time line, only flagged opportunities', async () => {
    const deal = await createDeal(h, catalog, { Name: 'Acme 2026', AccountId: acme }, [
      { code: 'SUB', quantity: 10, total: 12000, start: '2026-01-01', end: '2026-12-31' },
      { code: 'SETUP', total: 1500 },
    ]);
    await createDeal(h, catalog, { Name: 'Not for revenue', AccountId: acme, Revenue_Sync__c: false }, [
      { code: 'SUB', total: 100, start: '2026-01-01', end: '2026-12-31' },
    ]);
    const result = await importContracts(h.ctx, { trigger: 'test' });
    expect(result.status).toBe('succeeded');
    expect(result.objects.Opportunity).toMatchObject({ created: 1, failed: 0 });
    expect(result.objects.Product2).toMatchObject({ created: 2 });

    const [contract] = await listContracts(h.ctx, { limit: 10, asOf: '2026-06-01' });
    expect(contract).toMatchObject({
      opportunityId: deal.id,
      account: { salesforceId: acme, name: 'Acme' },
      stage: 'Closed Won',
      status: 'booked',
      state: 'active',
      start: '2026-01-01',
      end: '2026-12-31',
      currency: 'USD',
      arr: '12000.00',
      mrr: '1000.00',
      acv: '13500.00',
    });
    expect(contract.lines).toEqual([
      expect.objectContaining({ product: 'SUB', quantity: '10', revenue: '12000.00', arr: '12000.00', mrr: '1000.00' }),
      expect.objectContaining({ product: 'SETUP', revenue: '1500.00', arr: '0.00', start: '2026-01-10' }),
    ]);
  });

  it('the products it read are the revenue product list, beside the default product', async () => {
    const products = await revenueProducts(h.ctx);
    expect(products.map((p) => [p.code, p.recurring, p.isDefault, p.salesforceId === null])).toEqual([
      ['SUB', true, false, false],
      ['SETUP', false, false, false],
      ['UNMATCHED', true, true, true],
    ]);
  });

  it('an import with nothing changed writes nothing', async () => {
    const result = await importContracts(h.ctx, { trigger: 'test', full: true });
    expect(result.objects.Opportunity).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
  });
});

describe('revenue import: what each opportunity is refused for, and what it is only warned of', () => {
  const h = useSyncContext({ seed: 'empty' });
  let catalog: Catalog;
  let acme: string;
  const year = { start: '2026-01-01', end: '2026-12-31' };

  beforeAll(async () => {
    await orgSettings(h, { multiCurrency: true, currencies: ['USD', 'EUR', 'GBP'], conversionRates: { EUR: '0.8' } });
    catalog = await createCatalog(
      h,
      [
        { code: 'SUB', recurring: true },
        { code: 'DUP', name: 'Dup one', recurring: true },
        { code: 'DUP', name: 'Dup two', recurring: true },
      ],
      ['USD', 'EUR', 'GBP'],
    );
    acme = await createAccount(h, { Name: 'Acme' });
  });

  it('refuses each broken opportunity whole, with its code in the history and on the opportunity, and goes on', async () => {
    const good = await createDeal(h, catalog, { Name: 'Good', AccountId: acme }, [
      { code: 'SUB', total: 1200, ...year },
    ]);
    const euro = await createDeal(h, catalog, { Name: 'Euro', AccountId: acme, CurrencyIsoCode: 'EUR' }, [
      { code: 'SUB', total: 960, ...year },
    ]);
    const cases = {
      noTerm: await createDeal(h, catalog, { Name: 'No term', AccountId: acme }, [
        { code: 'SUB', total: 100, start: '2026-01-01' },
      ]),
      reversed: await createDeal(h, catalog, { Name: 'Reversed', AccountId: acme }, [
        { code: 'SUB', total: 100, start: '2026-05-01', end: '2026-04-30' },
      ]),
      noAccount: await createDeal(h, catalog, { Name: 'No account' }, [{ code: 'SUB', total: 100, ...year }]),
      halfAssigned: await createDeal(h, catalog, { Name: 'Half assigned', AccountId: acme, Assigned_ARR__c: 500 }, [
        { code: 'SUB', total: 100, ...year },
      ]),
      ambiguous: await createDeal(h, catalog, { Name: 'Ambiguous', AccountId: acme }, [
        { code: 'SUB', total: 100, ...year },
        { code: 'DUP', total: 100, ...year },
      ]),
      noRate: await createDeal(h, catalog, { Name: 'Pounds', AccountId: acme, CurrencyIsoCode: 'GBP' }, [
        { code: 'SUB', total: 100, ...year },
      ]),
      noProducts: await createDeal(h, catalog, { Name: 'Empty', AccountId: acme }),
    };
    // GBP has no rate in the settings: the org's CurrencyType row for it carries 1, a rate like any other.
    const result = await importContracts(h.ctx, { trigger: 'test' });
    expect(result.status).toBe('partial');
    const byId = new Map(result.records.filter((r) => r.object === 'contract').map((r) => [r.salesforceId, r]));
    expect(byId.get(good.id)?.outcome).toBe('created');
    expect(byId.get(euro.id)?.outcome).toBe('created');
    expect(byId.get(cases.noRate.id)?.outcome).toBe('created');
    expect(
      Object.fromEntries(Object.entries(cases).map(([name, deal]) => [name, byId.get(deal.id)?.errorCode ?? null])),
    ).toEqual({
      noTerm: 'revenue_term_missing',
      reversed: 'revenue_term_invalid',
      noAccount: 'revenue_account_missing',
      halfAssigned: 'revenue_assigned_incomplete',
      ambiguous: 'product_lookup_ambiguous',
      noRate: null,
      noProducts: 'revenue_no_products',
    });
    expect(byId.get(cases.ambiguous.id)?.errorMessage).toContain('query did not return a unique result');

    const contracts = await listContracts(h.ctx, { limit: 100, asOf: '2026-06-01' });
    expect(contracts.map((c) => c.name).sort()).toEqual(['Euro', 'Good', 'Pounds']);
    // 960.00 EUR at 0.8 EUR per USD.
    expect(contracts.find((c) => c.name === 'Euro')).toMatchObject({ currency: 'USD', arr: '1200.00', mrr: '100.00' });

    const errors = await h.sf.query<{ Id: string; Revenue_Sync_Error__c: string | null }>(
      `SELECT Id, Revenue_Sync_Error__c FROM Opportunity WHERE Id IN ('${cases.noTerm.id}', '${good.id}')`,
    );
    const errorOf = new Map(errors.records.map((r) => [r.Id, r.Revenue_Sync_Error__c]));
    expect(errorOf.get(cases.noTerm.id)).toMatch(
      /^revenue_term_missing: line \w+ \(SUB\) is recurring but has no term end date/,
    );
    expect(errorOf.get(good.id)).toBeNull();
  });

  it('a fixed opportunity imports on the next run and its error is cleared', async () => {
    const [deal] = (await h.sf.query<{ Id: string }>("SELECT Id FROM Opportunity WHERE Name = 'No term'")).records;
    const [line] = (
      await h.sf.query<{ Id: string }>(`SELECT Id FROM OpportunityLineItem WHERE OpportunityId = '${deal.Id}'`)
    ).records;
    await h.sf.sobject('OpportunityLineItem').update({ Id: line.Id, Term_End_Date__c: '2026-12-31' });
    const result = await importContracts(h.ctx, { trigger: 'test' });
    const outcome = result.records.find((r) => r.salesforceId === deal.Id);
    expect(outcome?.outcome).toBe('created');
    const after = await h.sf.sobject('Opportunity').retrieve(deal.Id);
    expect((after as unknown as { Revenue_Sync_Error__c: string | null }).Revenue_Sync_Error__c).toBeNull();
  });

  it('a line whose product has no code lands on the default product, with a warning', async () => {
    const nocode = await createCatalog(h, [{ code: 'NOCODE', recurring: true }], ['USD']);
    await h.sf.sobject('Product2').update({ Id: nocode.products.get('NOCODE')!, ProductCode: null });
    const deal = await createDeal(h, nocode, { Name: 'No code', AccountId: acme }, [
      { code: 'NOCODE', total: 600, ...year },
    ]);
    const result = await importContracts(h.ctx, { trigger: 'test' });
    const outcome = result.records.find((r) => r.salesforceId === deal.id);
    expect(outcome).toMatchObject({ outcome: 'created' });
    expect(outcome?.warnings).toEqual([
      `product_lookup_missing: line ${deal.lineIds[0]} (NOCODE) has no product code; imported on the default product UNMATCHED.`,
    ]);
    const contract = (await listContracts(h.ctx, { limit: 100 })).find((c) => c.name === 'No code');
    expect(contract?.lines[0]).toMatchObject({ product: 'UNMATCHED', revenue: '600.00', arr: '600.00' });
  });
});
