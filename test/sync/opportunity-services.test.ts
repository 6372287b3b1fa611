import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiApp, buildApi } from '../../src/api/build-api.ts';
import { createApiKey } from '../../src/auth/create-api-key.ts';
import { RevbridgeError } from '../../src/domain/errors.ts';
import { pullCatalog } from '../../src/sync/flows/catalog-pull/pull-catalog.ts';
import {
  priceOpportunityServices,
  type ServicePriceChange,
} from '../../src/sync/flows/opportunity-services/price-opportunity-services.ts';
import { showOpportunityServices } from '../../src/sync/flows/opportunity-services/show-opportunity-services.ts';
import { listSyncHistory } from '../../src/sync/history/list-sync-history.ts';
import { retrySync } from '../../src/sync/retry-sync.ts';
import { seedSmallCatalog } from '../billing/helpers.ts';
import { revbridge } from './revbridge-cli.ts';
import { useSyncContext } from './sync-helpers.ts';

interface SfLine {
  Id: string;
  UnitPrice: number;
  TotalPrice: number;
  Quantity: number;
}

/**
 * Seeds 000/002 through the local org: a rep quotes PLAT from the integrated price book, revbridge gives
 * each line a record per package service at billing's list price, the rep re-prices services, and the
 * line's sales price (so the opportunity's amount) follows the services' sum, exactly.
 */
describe('opportunity product services', () => {
  const h = useSyncContext();
  let opportunityId: string;
  let lineId: string;

  const lines = async () =>
    (
      await h.sf.query<SfLine>(
        `SELECT Id, UnitPrice, TotalPrice, Quantity FROM OpportunityLineItem WHERE OpportunityId = '${opportunityId}'`,
      )
    ).records;
  const serviceRecords = async () =>
    (
      await h.sf.query<Record<string, unknown>>(
        `SELECT Name, Line_Service_Key__c, Opportunity_Line_Item_Id__c, Quantity__c, Recurring_Price__c, One_Time_Price__c, Usage_Rate__c, Included_Quantity__c, Overage_Rate__c, State_Prices__c, Product_Service__r.Service_Code__c FROM Opportunity_Product_Service__c WHERE Opportunity__c = '${opportunityId}' ORDER BY Name`,
      )
    ).records;
  const writesSince = async (mark: number) => (await h.apiCallsSince(mark)).filter((c) => c.method !== 'GET');
  const price = (changes: ServicePriceChange[], dryRun = false) =>
    priceOpportunityServices(h.ctx, opportunityId, changes, { trigger: 'test', dryRun });

  it('a rep quotes PLAT from the integrated book; the services show at list price, nothing in Salesforce yet', async () => {
    await seedSmallCatalog(h.ctx);
    expect((await pullCatalog(h.ctx, { trigger: 'test' })).status).toBe('succeeded');
    const book = (await h.sf.query<{ Id: string }>('SELECT Id FROM Pricebook2 WHERE Billing_Integrated__c = true'))
      .records[0];
    const entry = (
      await h.sf.query<{ Id: string }>(
        `SELECT Id FROM PricebookEntry WHERE Pricebook2Id = '${book.Id}' AND Product2.ProductCode = 'PLAT' AND CurrencyIsoCode = 'USD'`,
      )
    ).records[0];
    const account = (await h.sf.query<{ Id: string }>("SELECT Id FROM Account WHERE CurrencyIsoCode = 'USD' LIMIT 1"))
      .records[0];
    const opp = await h.sf.sobject('Opportunity').create({
      Name: 'Acme - Platform',
      AccountId: account.Id,
      StageName: 'Prospecting',
      CloseDate: '2026-02-01',
      CurrencyIsoCode: 'USD',
      Pricebook2Id: book.Id,
      Type: 'New Customer',
    });
    opportunityId = (opp as { id: string }).id;
    const line = await h.sf
      .sobject('OpportunityLineItem')
      .create({ OpportunityId: opportunityId, PricebookEntryId: entry.Id, Quantity: 10 });
    lineId = (line as { id: string }).id;

    const mark = await h.mark();
    const view = await showOpportunityServices(h.ctx, opportunityId);
    expect(await writesSince(mark)).toEqual([]);
    expect(view).toMatchObject({ opportunityId, stage: 'Prospecting', currency: 'USD', isWon: false });
    expect(view.lines).toHaveLength(1);
    expect(view.lines[0]).toMatchObject({
      lineItemId: lineId,
      productCode: 'PLAT',
      quantity: '10',
      salesPrice: '510.00',
      servicesPrice: '510.00',
      matchesServices: true,
    });
    expect(
      view.lines[0].services.map((s) => [s.serviceCode, s.kind, s.quantity, s.recurring, s.oneTime, s.recordId]),
    ).toEqual([
      ['SEATS', 'recurring', '1', '10.00', null, null],
      ['ONBOARD', 'one_time', '1', null, '500.00', null],
      ['API', 'usage', '1', null, null, null],
      ['STORE', 'state_based', '1', null, null, null],
    ]);
    expect(view.lines[0].services[2]).toMatchObject({
      usageRate: '0.01',
      includedQuantity: '1000',
      overageRate: '0.02',
    });
    expect(view.lines[0].services[3].statePrices).toEqual({ active: '20.00', suspended: '5.00' });
  });

  it('pricing with no change creates one record per service at the defaults, linked to the catalog', async () => {
    const mark = await h.mark();
    const result = await price([]);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('succeeded');
    expect(result.objects).toMatchObject({
      Opportunity_Product_Service__c: { created: 4 },
      OpportunityLineItem: { unchanged: 1, updated: 0 },
    });
    // One collections upsert; the line already sells at the services' sum.
    expect((await writesSince(mark)).map((c) => c.method)).toEqual(['PATCH']);
    const records = await serviceRecords();
    expect(records.map((r) => [r.Name, r.Line_Service_Key__c, r.Quantity__c])).toEqual([
      ['PLAT — API', `${lineId}:${result.opportunity!.lines[0].services[2].serviceId}`, 1],
      ['PLAT — ONBOARD', expect.stringMatching(new RegExp(`^${lineId}:\\d+$`)), 1],
      ['PLAT — SEATS', expect.any(String), 1],
      ['PLAT — STORE', expect.any(String), 1],
    ]);
    expect(records.map((r) => (r.Product_Service__r as { Service_Code__c: string }).Service_Code__c)).toEqual([
      'API',
      'ONBOARD',
      'SEATS',
      'STORE',
    ]);
    expect(records.every((r) => r.Opportunity_Line_Item_Id__c === lineId)).toBe(true);
    expect(result.opportunity!.lines[0].services.every((s) => s.recordId !== null)).toBe(true);
  });

  it("re-pricing services sets the line's sales price to their sum, exactly, and the opportunity amount follows", async () => {
    const result = await price([
      { line: lineId, service: 'SEATS', quantity: '3', recurring: '8.35' },
      { line: lineId, service: 'ONBOARD', oneTime: '199.99' },
      { line: lineId, service: 'API', usageRate: '0.0125', overageRate: '0.0175' },
    ]);
    expect(result.error).toBeUndefined();
    // 3 × 8.35 + 1 × 199.99 = 225.04; usage rates are not amounts and stay out of the sum.
    expect(result.opportunity!.lines[0]).toMatchObject({
      salesPrice: '225.04',
      servicesPrice: '225.04',
      matchesServices: true,
    });
    expect(result.records.find((r) => r.object === 'opportunity_line')!.diff).toEqual({
      UnitPrice: { from: '510.00', to: '225.04' },
    });
    const [line] = await lines();
    expect([line.UnitPrice, line.TotalPrice]).toEqual([225.04, 2250.4]);
    const opp = await h.sf.sobject('Opportunity').retrieve(opportunityId);
    expect((opp as { Amount: number }).Amount).toBe(2250.4);
    const api = (await serviceRecords()).find((r) => r.Name === 'PLAT — API')!;
    // Rates keep their sub-cent digits.
    expect([api.Usage_Rate__c, api.Included_Quantity__c, api.Overage_Rate__c]).toEqual([0.0125, 1000, 0.0175]);
    const view = await showOpportunityServices(h.ctx, opportunityId);
    expect(view.lines[0].services.find((s) => s.serviceCode === 'API')).toMatchObject({
      usageRate: '0.0125',
      overageRate: '0.0175',
      list: { usageRate: '0.01', overageRate: '0.02' },
    });
  });

  it('pricing again with the same prices writes nothing', async () => {
    const mark = await h.mark();
    const again = await price([{ line: lineId, service: 'SEATS', quantity: '3', recurring: '8.35' }]);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 5, failed: 0 });
    expect(await writesSince(mark)).toEqual([]);
  });

  it('a dry run shows the new sales price and writes nothing', async () => {
    const mark = await h.mark();
    const plan = await price([{ line: lineId, service: 'SEATS', quantity: '4' }], true);
    expect(plan.dryRun).toBe(true);
    expect(plan.opportunity!.lines[0].salesPrice).toBe('233.39');
    expect(plan.counts).toMatchObject({ updated: 2 });
    expect(await writesSince(mark)).toEqual([]);
    expect((await lines())[0].UnitPrice).toBe(225.04);
  });

  it('a price edited on the service record in Salesforce is taken up by the next pricing', async () => {
    const seats = (await serviceRecords()).find((r) => r.Name === 'PLAT — SEATS')!;
    const id = (
      await h.sf.query<{ Id: string }>(
        `SELECT Id FROM Opportunity_Product_Service__c WHERE Line_Service_Key__c = '${String(seats.Line_Service_Key__c)}'`,
      )
    ).records[0].Id;
    await h.sf.sobject('Opportunity_Product_Service__c').update({ Id: id, Recurring_Price__c: 9 });
    const before = await showOpportunityServices(h.ctx, opportunityId);
    expect(before.lines[0]).toMatchObject({ salesPrice: '225.04', servicesPrice: '226.99', matchesServices: false });
    await price([]);
    expect((await lines())[0].UnitPrice).toBe(226.99);
  });

  it.each([
    [{ service: 'SEATS', recurring: '-1.00' }, 'malformed_money'],
    [{ service: 'SEATS', recurring: '8.355' }, 'malformed_money'],
    [{ service: 'SEATS', usageRate: '0.01' }, 'validation_failed'],
    [{ service: 'API', usageRate: '0.00000000001' }, 'validation_failed'],
    [{ service: 'SEATS', quantity: '-2' }, 'negative_quantity'],
    [{ service: 'NOPE', recurring: '1.00' }, 'service_not_found'],
    [{ line: '00k000000000000AAA', service: 'SEATS', recurring: '1.00' }, 'opportunity_line_not_found'],
  ])('bad input %o is %s, in the history, and changes nothing', async (change, code) => {
    const mark = await h.mark();
    const result = await price([
      { line: lineId, service: 'ONBOARD', oneTime: '1.00' },
      { line: lineId, ...change } as ServicePriceChange,
    ]);
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe(code);
    expect(await writesSince(mark)).toEqual([]);
    const history = await listSyncHistory(h.ctx, { runId: result.runId });
    expect(history.runs[0].error?.code).toBe(code);
  });

  it('an opportunity on another price book is refused with what to do', async () => {
    const demo = (
      await h.sf.query<{ Id: string }>("SELECT Id FROM Opportunity WHERE Name = 'Acme Holdings - Platform rollout'")
    ).records[0];
    await expect(showOpportunityServices(h.ctx, demo.Id)).rejects.toThrow(
      /not on "Billing Price Book \(revbridge\)": choose that price book/,
    );
    const result = await priceOpportunityServices(h.ctx, demo.Id, [], { trigger: 'test' });
    expect(result.error?.code).toBe('opportunity_not_on_integrated_book');
    await expect(retrySync(h.ctx, { target: result.runId })).rejects.toThrow(/price the opportunity again/);
    await expect(showOpportunityServices(h.ctx, '006000000000000AAA')).rejects.toSatisfy(
      (e: unknown) => e instanceof RevbridgeError && e.code === 'opportunity_not_found',
    );
    await expect(showOpportunityServices(h.ctx, 'not-an-id')).rejects.toSatisfy(
      (e: unknown) => e instanceof RevbridgeError && e.code === 'opportunity_not_found',
    );
  });

  describe('over HTTP and from the CLI', () => {
    let app: ApiApp;
    const keys = { viewer: '', operator: '' };
    beforeAll(async () => {
      app = buildApi(h.ctx);
      await app.ready();
      keys.viewer = (await createApiKey(h.ctx, { name: 'viewer', role: 'viewer' })).secret;
      keys.operator = (await createApiKey(h.ctx, { name: 'pricing', role: 'operator' })).secret;
    });
    afterAll(async () => {
      await app?.close();
    });
    const request = async (method: 'GET' | 'POST', url: string, key: string, body?: object) => {
      const res = await app.inject({ method, url, payload: body, headers: { authorization: `Bearer ${key}` } });
      return { status: res.statusCode, body: res.json() };
    };

    it('GET shows the services to a viewer; POST re-prices for an operator, a viewer may not', async () => {
      const got = await request('GET', `/opportunities/${opportunityId}/services`, keys.viewer);
      expect(got.status).toBe(200);
      expect(got.body.lines[0]).toMatchObject({ productCode: 'PLAT', salesPrice: '226.99', matchesServices: true });
      const url = `/opportunities/${opportunityId}/services`;
      const body = { changes: [{ service: 'SEATS', recurring: { amount: '7.00', currency: 'USD' } }] };
      expect((await request('POST', url, keys.viewer, body)).status).toBe(403);
      const priced = await request('POST', url, keys.operator, body);
      expect(priced.status).toBe(200);
      // 3 × 7.00 + 199.99
      expect(priced.body).toMatchObject({ status: 'succeeded', opportunity: { lines: [{ salesPrice: '220.99' }] } });
      const wrong = await request('POST', url, keys.operator, {
        changes: [{ service: 'SEATS', recurring: { amount: '7.00', currency: 'EUR' } }],
      });
      expect([wrong.status, wrong.body.error.code]).toEqual([409, 'currency_mismatch']);
      expect(wrong.body.error.details.runId).toMatch(/^\d+$/);
      const missing = await request('GET', '/opportunities/006000000000000AAA/services', keys.viewer);
      expect([missing.status, missing.body.error.code]).toEqual([404, 'opportunity_not_found']);
    });

    it('revbridge opportunity services / price, as a person and as a script', async () => {
      const shown = await revbridge(h, ['opportunity', 'services', opportunityId]);
      expect(shown.stderr).toBe('');
      expect(shown.stdout).toContain(`line ${lineId}  PLAT × 10  sales price 220.99 = services`);
      expect(shown.stdout).toMatch(/SEATS\s+recurring\s+3\s+7\.00/);
      const priced = await revbridge(h, [
        'opportunity',
        'price',
        opportunityId,
        '--service',
        'STORE',
        '--state',
        'active=15.00',
        '--json',
      ]);
      expect(priced.code).toBe(0);
      const out = JSON.parse(priced.stdout) as {
        opportunity: { lines: { services: { serviceCode: string; statePrices: unknown }[] }[] };
      };
      expect(out.opportunity.lines[0].services.find((s) => s.serviceCode === 'STORE')!.statePrices).toEqual({
        active: '15.00',
        suspended: '5.00',
      });
      const bad = await revbridge(h, [
        'opportunity',
        'price',
        opportunityId,
        '--service',
        'SEATS',
        '--recurring',
        '-5',
      ]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^error malformed_money: recurring must not be negative/);
      const usage = await revbridge(h, ['opportunity', 'price', opportunityId, '--recurring', '5.00']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--service');
    });
  });
});
