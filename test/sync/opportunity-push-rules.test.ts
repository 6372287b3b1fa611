import { describe, expect, it } from 'vitest';
import { setPackageActive } from '../../src/billing/catalog/set-package-active.ts';
import { pullCatalog } from '../../src/sync/flows/catalog-pull/pull-catalog.ts';
import { pushOpportunity, type PushOpportunityResult } from '../../src/sync/flows/opportunity-push/push-opportunity.ts';
import { pushOpportunities } from '../../src/sync/flows/opportunity-push/push-opportunities.ts';
import { priceOpportunityServices } from '../../src/sync/flows/opportunity-services/price-opportunity-services.ts';
import { seedSmallCatalog } from '../billing/helpers.ts';
import { createAccount, multiCurrency, quoteOpportunity } from './opportunity-helpers.ts';
import { useSyncContext } from './sync-helpers.ts';

/**
 * Every bad input of a push is a coded error in the history and on the opportunity, with nothing written to
 * billing; two pushes at once and a push through injected faults end with one plan and one order.
 */
describe('opportunity push: refusals, concurrency and faults', () => {
  const h = useSyncContext({ seed: 'empty' });
  let good: string;

  const pushState = async (id: string) =>
    (
      await h.sf.query<{ Billing_Push_Status__c: string | null; Billing_Push_Error__c: string | null }>(
        `SELECT Billing_Push_Status__c, Billing_Push_Error__c FROM Opportunity WHERE Id = '${id}'`,
      )
    ).records[0];
  const billingRows = async () => ({
    plans: (await h.t.db.selectFrom('account_price_plans').select('id').execute()).length,
    prices: (await h.t.db.selectFrom('price_plans').select('id').execute()).length,
    products: (await h.t.db.selectFrom('account_products').select('id').execute()).length,
  });
  const expectRefused = async (id: string, code: string, message: RegExp, ctx = h.ctx) => {
    const before = await billingRows();
    const result = await pushOpportunity(ctx, id, { trigger: 'test' });
    expect([result.status, result.error?.code]).toEqual(['failed', code]);
    expect(result.error?.message).toMatch(message);
    expect(result.records).toEqual([expect.objectContaining({ outcome: 'failed', errorCode: code })]);
    expect(await pushState(id)).toMatchObject({
      Billing_Push_Status__c: 'Error',
      Billing_Push_Error__c: expect.stringMatching(new RegExp(`^${code}: `)),
    });
    expect(await billingRows()).toEqual(before);
  };

  it('setup: the catalog pulled, a customer that syncs', async () => {
    await multiCurrency(h);
    await seedSmallCatalog(h.ctx);
    expect((await pullCatalog(h.ctx, { trigger: 'test' })).status).toBe('succeeded');
    good = await createAccount(h, { Name: 'Umbrella Corp.', Billing_Primary_Email__c: 'ap@umbrella.example.com' });
  });

  it('a Type the mapping does not name', async () => {
    const { opportunityId } = await quoteOpportunity(h, {
      AccountId: good,
      Name: 'Umbrella - upgrade',
      Type: 'Existing Customer - Upgrade',
    });
    const narrow = { ...h.ctx, sync: { opportunityProcesses: { 'New Customer': 'price_plan' as const } } };
    await expectRefused(
      opportunityId,
      'opportunity_type_unmapped',
      /Type "Existing Customer - Upgrade" names no billing process; the mapped types are "New Customer"/,
      narrow,
    );
  });

  it('an account the account sync cannot bring, with its reason', async () => {
    const atlantis = await createAccount(h, { Name: 'Atlantis Ltd', BillingCountry: 'Atlantis' });
    const { opportunityId } = await quoteOpportunity(h, { AccountId: atlantis, Name: 'Atlantis - platform' });
    await expectRefused(
      opportunityId,
      'account_not_in_billing',
      /^Account \w{18} could not be brought to billing \(sync run \d+\): unknown_country: /,
    );
  });

  it("an opportunity in another currency than its account's", async () => {
    const euro = await createAccount(h, { Name: 'Euro GmbH', BillingCountry: 'DE', CurrencyIsoCode: 'EUR' });
    const { opportunityId } = await quoteOpportunity(h, { AccountId: euro, Name: 'Euro - in dollars' });
    const accountsBefore = (await h.t.db.selectFrom('accounts').select('id').execute()).length;
    await expectRefused(
      opportunityId,
      'currency_mismatch',
      /is in USD; its account Euro GmbH is in EUR: quote it in EUR/,
    );
    // Refused before the account was brought along.
    expect((await h.t.db.selectFrom('accounts').select('id').execute()).length).toBe(accountsBefore);
  });

  it('an opportunity on another price book, or with no products, or a retired package', async () => {
    const standard = (await h.sf.query<{ Id: string }>('SELECT Id FROM Pricebook2 WHERE IsStandard = true')).records[0];
    const elsewhere = (
      (await h.sf.sobject('Opportunity').create({
        Name: 'Umbrella - standard book',
        AccountId: good,
        StageName: 'Closed Won',
        CloseDate: '2026-01-01',
        CurrencyIsoCode: 'USD',
        Pricebook2Id: standard.Id,
      })) as { id: string }
    ).id;
    await expectRefused(elsewhere, 'opportunity_not_on_integrated_book', /not on "Billing Price Book \(revbridge\)"/);

    const book = (await h.sf.query<{ Id: string }>('SELECT Id FROM Pricebook2 WHERE Billing_Integrated__c = true'))
      .records[0];
    const empty = (
      (await h.sf.sobject('Opportunity').create({
        Name: 'Umbrella - nothing yet',
        AccountId: good,
        StageName: 'Closed Won',
        CloseDate: '2026-01-01',
        CurrencyIsoCode: 'USD',
        Pricebook2Id: book.Id,
      })) as { id: string }
    ).id;
    await expectRefused(empty, 'opportunity_has_no_products', /has no products/);

    const { opportunityId } = await quoteOpportunity(h, { AccountId: good, Name: 'Umbrella - retired' });
    await setPackageActive(h.ctx, { packageIdOrCode: 'PLAT', active: false });
    try {
      await expectRefused(opportunityId, 'inactive_package', /sells PLAT, which billing has retired/);
    } finally {
      await setPackageActive(h.ctx, { packageIdOrCode: 'PLAT', active: true });
    }
  });

  it('a negative price typed on a service record in Salesforce', async () => {
    const { opportunityId, lineId } = await quoteOpportunity(h, { AccountId: good, Name: 'Umbrella - typo' });
    const seats = (
      await h.sf.query<{ Id: string }>(
        `SELECT Id FROM Opportunity_Product_Service__c WHERE Opportunity_Line_Item_Id__c = '${lineId}' AND Name LIKE '%SEATS'`,
      )
    ).records[0];
    await h.sf.sobject('Opportunity_Product_Service__c').update({ Id: seats.Id, Recurring_Price__c: -5 });
    // Pricing refuses it, naming the service, and writes nothing; so does the push.
    const priced = await priceOpportunityServices(h.ctx, opportunityId, [], { trigger: 'test' });
    expect(priced.error?.code).toBe('malformed_money');
    expect(priced.error?.message).toMatch(/^PLAT\/SEATS on line \w+: recurring must not be negative/);
    await expectRefused(opportunityId, 'malformed_money', /PLAT\/SEATS on line \w+: recurring must not be negative/);
  });

  it('a line removed after its push: its order stays, and each push says so', async () => {
    const { opportunityId, lineId } = await quoteOpportunity(h, {
      AccountId: good,
      Name: 'Umbrella - two lines',
      Type: 'Existing Customer - Upgrade',
      CloseDate: '2026-03-01',
    });
    const entry = (
      await h.sf.query<{ Id: string }>(
        "SELECT Id FROM PricebookEntry WHERE Pricebook2.Billing_Integrated__c = true AND Product2.ProductCode = 'PLAT' AND CurrencyIsoCode = 'USD'",
      )
    ).records[0];
    const second = (
      (await h.sf
        .sobject('OpportunityLineItem')
        .create({ OpportunityId: opportunityId, PricebookEntryId: entry.Id, Quantity: 2 })) as { id: string }
    ).id;
    await priceOpportunityServices(h.ctx, opportunityId, [], { trigger: 'test' });
    const first = await pushOpportunity(h.ctx, opportunityId, { trigger: 'test' });
    expect(first.objects.OpportunityLineItem).toMatchObject({ created: 2 });
    const ordered = first.records.find((r) => r.salesforceId === second)!.billingId!;
    const products = (await billingRows()).products;

    await h.sf.sobject('OpportunityLineItem').destroy(second);
    const again = await pushOpportunity(h.ctx, opportunityId, { trigger: 'test' });
    expect(again.status).toBe('succeeded');
    expect(again.records[0].warnings).toEqual([
      expect.stringContaining(
        `line ${second} is no longer on the opportunity; the order it made (product ${ordered}) is unchanged in billing`,
      ),
    ]);
    expect((await billingRows()).products).toBe(products);
    expect(again.records.map((r) => r.salesforceId)).toEqual([opportunityId, lineId]);
  });

  it('two pushes of one opportunity at once: one plan, one order, both answer', async () => {
    const { opportunityId } = await quoteOpportunity(
      h,
      { AccountId: good, Name: 'Umbrella - seats', Type: 'Existing Customer - Upgrade' },
      { quantity: 4 },
    );
    const before = await billingRows();
    const both = await Promise.all([
      pushOpportunity(h.ctx, opportunityId, { trigger: 'test' }),
      pushOpportunity(h.ctx, opportunityId, { trigger: 'test' }),
    ]);
    expect(both.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(both.map((r) => r.records[0].outcome).sort()).toEqual(['created', 'unchanged']);
    expect(await billingRows()).toEqual({
      plans: before.plans + 1,
      prices: before.prices + 4,
      products: before.products + 1,
    });
    expect((await pushState(opportunityId)).Billing_Push_Status__c).toBe('Pushed');
  });

  it('through injected faults, pushes converge: nothing twice, and the record says Pushed', async () => {
    const { opportunityId } = await quoteOpportunity(
      h,
      { AccountId: good, Name: 'Umbrella - more seats', Type: 'Existing Customer - Upgrade', CloseDate: '2026-02-01' },
      { quantity: 2 },
    );
    const before = await billingRows();
    // The write-back refused every time: billing has the push, the record does not yet say so.
    await control('POST', '/__localorg/faults', { kind: 'unavailable', method: 'PATCH', pathContains: '/composite' });
    const cut = await pushOpportunity(h.ctx, opportunityId, { trigger: 'test' });
    expect([cut.status, cut.error?.code]).toEqual(['deferred', 'salesforce_unavailable']);
    expect(await billingRows()).toEqual({
      plans: before.plans + 1,
      prices: before.prices + 4,
      products: before.products + 1,
    });
    await control('DELETE', '/__localorg/faults');

    // Then a flaky org: reads and writes fail now and then, sessions expire.
    const faults = [
      { kind: 'unavailable', method: 'GET', rate: 0.3, seed: 7 },
      { kind: 'unavailable', method: 'PATCH', rate: 0.3, seed: 8 },
      { kind: 'expire-session', rate: 0.2, seed: 9 },
    ];
    for (const fault of faults) await control('POST', '/__localorg/faults', fault);
    const runs: PushOpportunityResult[] = [];
    for (let i = 0; i < 20; i++) {
      const run = await pushOpportunity(h.ctx, opportunityId, { trigger: 'test' });
      runs.push(run);
      if (!run.error) break;
      expect(run.status).toBe('deferred');
    }
    const fired = (await control('GET', '/__localorg/faults')) as { fired: number }[];
    expect(fired.reduce((n, f) => n + f.fired, 0)).toBeGreaterThan(0);
    await control('DELETE', '/__localorg/faults');
    expect(runs.at(-1)!.status).toBe('succeeded');
    // Billing was already right: the retries only wrote the record's state.
    expect(runs.at(-1)!.records[0].outcome).toBe('unchanged');
    expect(await billingRows()).toEqual({
      plans: before.plans + 1,
      prices: before.prices + 4,
      products: before.products + 1,
    });
    expect(await pushState(opportunityId)).toMatchObject({
      Billing_Push_Status__c: 'Pushed',
      Billing_Push_Error__c: null,
    });
  });

  it('a batch push takes every Closed-Won opportunity not pushed yet, in a few calls; a refused one does not stop the rest', async () => {
    // What earlier cases left unpushed or refused is in the batch too; these three are new.
    const newcomer = await createAccount(h, {
      Name: 'Newcomer Inc.',
      Billing_Primary_Email__c: 'ap@newcomer.example.com',
    });
    const a = await quoteOpportunity(h, { AccountId: newcomer, Name: 'Batch A' }, { quantity: 3 });
    const b = await quoteOpportunity(h, { AccountId: good, Name: 'Batch B', Type: 'Existing Customer - Upgrade' });
    const c = await quoteOpportunity(h, { AccountId: good, Name: 'Batch C' });
    await h.sf.sobject('OpportunityLineItem').update({ Id: c.lineId, UnitPrice: 1 });
    // The dry run first: the same verdicts, and nothing written anywhere (no account brought along either).
    const dryMark = await h.mark();
    const rowsBefore = await billingRows();
    const accountsBefore = (await h.t.db.selectFrom('accounts').select('id').execute()).length;
    const plan = await pushOpportunities(h.ctx, { trigger: 'test', dryRun: true });
    expect(plan.dryRun).toBe(true);
    const planned = new Map(plan.records.filter((r) => r.object === 'opportunity').map((r) => [r.label, r.outcome]));
    expect([planned.get('Batch A'), planned.get('Batch B'), planned.get('Batch C')]).toEqual([
      'created',
      'created',
      'failed',
    ]);
    expect((await h.apiCallsSince(dryMark)).filter((call) => call.method !== 'GET')).toEqual([]);
    expect(await billingRows()).toEqual(rowsBefore);
    expect((await h.t.db.selectFrom('accounts').select('id').execute()).length).toBe(accountsBefore);

    const mark = await h.mark();
    const run = await pushOpportunities(h.ctx, { trigger: 'test' });
    expect(run.status).toBe('partial');
    const byName = new Map(run.records.filter((r) => r.object === 'opportunity').map((r) => [r.label, r]));
    expect(byName.get('Batch A')).toMatchObject({ outcome: 'created' });
    expect(byName.get('Batch B')).toMatchObject({ outcome: 'created' });
    expect(byName.get('Batch C')).toMatchObject({ outcome: 'failed', errorCode: 'sales_price_mismatch' });
    expect(byName.get('Atlantis - platform')).toMatchObject({ outcome: 'failed', errorCode: 'account_not_in_billing' });
    expect(await pushState(a.opportunityId)).toMatchObject({ Billing_Push_Status__c: 'Pushed' });
    expect(await pushState(b.opportunityId)).toMatchObject({ Billing_Push_Status__c: 'Pushed' });
    expect(await pushState(c.opportunityId)).toMatchObject({
      Billing_Push_Status__c: 'Error',
      Billing_Push_Error__c: expect.stringMatching(/^sales_price_mismatch: Line \w+ \(PLAT\) sells at 1\.00/),
    });
    // Reads: describes, three queries; writes: the account sync's own (Newcomer brought along, Atlantis refused)
    // and one write-back for every opportunity at once.
    const calls = (await h.apiCallsSince(mark)).filter((call) => !call.path.includes('/sobjects/Account/describe'));
    const opportunityWrites = calls.filter(
      (call) => call.method !== 'GET' && call.path.includes('/composite/sobjects'),
    );
    expect(opportunityWrites.length).toBeLessThanOrEqual(3);

    // The batch wrote Batch A's plan set-based; pushed by name, it is the same push: unchanged, nothing written.
    const planA = await h.t.db
      .selectFrom('price_plans')
      .innerJoin('account_price_plans', 'account_price_plans.id', 'price_plans.plan_id')
      .select(['price_plans.service_id', 'price_plans.effective_from'])
      .where('account_price_plans.source', '=', `opportunity:${a.opportunityId}`)
      .execute();
    expect(planA).toHaveLength(4);
    const markA = await h.mark();
    const single = await pushOpportunity(h.ctx, a.opportunityId, { trigger: 'test' });
    expect(single.counts).toMatchObject({ unchanged: 1, created: 0, updated: 0 });
    expect((await h.apiCallsSince(markA)).filter((call) => call.method !== 'GET')).toEqual([]);

    // Again: only the refused ones are read and refused again; nothing is pushed twice.
    const before = await billingRows();
    const again = await pushOpportunities(h.ctx, { trigger: 'test' });
    expect(again.counts.created + again.counts.updated).toBe(0);
    expect(again.records.map((r) => r.label).sort()).toEqual(
      [...byName.values()]
        .filter((r) => r.outcome === 'failed')
        .map((r) => r.label)
        .sort(),
    );
    expect(await billingRows()).toEqual(before);
  });

  async function control(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${h.org.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.status === 204 ? undefined : res.json();
  }
});
