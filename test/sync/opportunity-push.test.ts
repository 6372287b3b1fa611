import { describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/build-api.ts';
import { createApiKey } from '../../src/auth/create-api-key.ts';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { getInvoice } from '../../src/billing/invoices/get-invoice.ts';
import { listInvoices } from '../../src/billing/invoices/list-invoices.ts';
import { orderProduct } from '../../src/billing/products/order-product.ts';
import { pullCatalog } from '../../src/sync/flows/catalog-pull/pull-catalog.ts';
import { pushOpportunity } from '../../src/sync/flows/opportunity-push/push-opportunity.ts';
import { priceOpportunityServices } from '../../src/sync/flows/opportunity-services/price-opportunity-services.ts';
import { listSyncHistory } from '../../src/sync/history/list-sync-history.ts';
import { retrySync } from '../../src/sync/retry-sync.ts';
import { seedSmallCatalog } from '../billing/helpers.ts';
import { revbridge } from './revbridge-cli.ts';
import { useSyncContext } from './sync-helpers.ts';

interface PushState {
  Billing_Push_Status__c: string | null;
  Billing_Push_Error__c: string | null;
  Billing_Price_Plan_Id__c: string | null;
  Billing_Pushed_At__c: string | null;
}

/**
 * Seeds 000–002 through the local org: a rep prices PLAT by services on a new customer's opportunity,
 * closes it as won and pushes it; billing brings the account along, records the negotiated prices as the
 * account's price plan, and the next billing run bills an order of PLAT at those prices, to the cent.
 */
describe('opportunity push: Closed Won → the account price plan', () => {
  const h = useSyncContext({ seed: 'empty' });
  let opportunityId: string;
  let lineId: string;
  let accountId: string;
  let billingAccount: string;

  const state = async () =>
    (
      await h.sf.query<PushState>(
        `SELECT Billing_Push_Status__c, Billing_Push_Error__c, Billing_Price_Plan_Id__c, Billing_Pushed_At__c FROM Opportunity WHERE Id = '${opportunityId}'`,
      )
    ).records[0];
  const planRows = async () =>
    (
      await h.t.db
        .selectFrom('price_plans')
        .innerJoin('package_services', 'package_services.id', 'price_plans.service_id')
        .select([
          'package_services.code',
          'price_plans.effective_from',
          'price_plans.recurring_minor',
          'price_plans.one_time_minor',
          'price_plans.usage_rate',
          'price_plans.overage_rate',
          'price_plans.plan_id',
          'price_plans.source',
        ])
        .orderBy('price_plans.effective_from')
        .orderBy('package_services.code')
        .execute()
    ).map((r) => [r.code, r.effective_from, r.recurring_minor, r.one_time_minor, r.usage_rate, r.overage_rate]);
  const writesSince = async (mark: number) => (await h.apiCallsSince(mark)).filter((c) => c.method !== 'GET');
  const push = (dryRun = false) => pushOpportunity(h.ctx, opportunityId, { trigger: 'test', dryRun });

  it('an open opportunity is refused, on the record and in the history, and nothing reaches billing', async () => {
    await fetch(`${h.org.url}/__localorg/settings`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ multiCurrency: true, currencies: ['USD', 'EUR'] }),
    });
    await seedSmallCatalog(h.ctx);
    expect((await pullCatalog(h.ctx, { trigger: 'test' })).status).toBe('succeeded');
    const book = (await h.sf.query<{ Id: string }>('SELECT Id FROM Pricebook2 WHERE Billing_Integrated__c = true'))
      .records[0];
    const entry = (
      await h.sf.query<{ Id: string }>(
        `SELECT Id FROM PricebookEntry WHERE Pricebook2Id = '${book.Id}' AND Product2.ProductCode = 'PLAT'`,
      )
    ).records[0];
    accountId = (
      (await h.sf.sobject('Account').create({
        Name: 'Initrode Inc.',
        BillingCountry: 'United States',
        CurrencyIsoCode: 'USD',
        Billing_Primary_Email__c: 'ap@initrode.example.com',
      })) as { id: string }
    ).id;
    opportunityId = (
      (await h.sf.sobject('Opportunity').create({
        Name: 'Initrode - Platform',
        AccountId: accountId,
        StageName: 'Negotiation/Review',
        CloseDate: '2026-01-01',
        CurrencyIsoCode: 'USD',
        Pricebook2Id: book.Id,
        Type: 'New Customer',
      })) as { id: string }
    ).id;
    lineId = (
      (await h.sf
        .sobject('OpportunityLineItem')
        .create({ OpportunityId: opportunityId, PricebookEntryId: entry.Id, Quantity: 10 })) as { id: string }
    ).id;
    const priced = await priceOpportunityServices(
      h.ctx,
      opportunityId,
      [
        { service: 'SEATS', recurring: '8.00' },
        { service: 'ONBOARD', oneTime: '250.00' },
        { service: 'API', usageRate: '0.0085' },
      ],
      { trigger: 'test' },
    );
    expect(priced.opportunity!.lines[0].salesPrice).toBe('258.00');

    const refused = await push();
    expect([refused.status, refused.error?.code]).toEqual(['failed', 'opportunity_not_won']);
    expect(await state()).toMatchObject({
      Billing_Push_Status__c: 'Error',
      Billing_Push_Error__c: expect.stringMatching(
        /^opportunity_not_won: "Initrode - Platform" is at stage Negotiation/,
      ),
    });
    const history = await listSyncHistory(h.ctx, { runId: refused.runId });
    expect(history.records).toEqual([
      expect.objectContaining({ outcome: 'failed', error: expect.objectContaining({ code: 'opportunity_not_won' }) }),
    ]);
    expect(await h.t.db.selectFrom('accounts').select('id').execute()).toEqual([]);
    expect(await planRows()).toEqual([]);
  });

  it('closed won, the push brings the account along and records every service at its negotiated price', async () => {
    await h.sf.sobject('Opportunity').update({ Id: opportunityId, StageName: 'Closed Won' });
    const preview = await push(true);
    expect(preview.status).toBe('succeeded');
    expect(await planRows()).toEqual([]);

    const pushed = await push();
    expect(pushed.error).toBeUndefined();
    expect(pushed).toMatchObject({ status: 'succeeded', process: 'price_plan', billingAccount: expect.any(String) });
    billingAccount = pushed.billingAccount!;
    expect(pushed.counts).toMatchObject({ created: 1 });
    const account = await h.t.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    expect([account.name, account.currency, account.account_number]).toEqual(['Initrode Inc.', 'USD', billingAccount]);
    // Every service, at the negotiated prices (list price where the rep changed nothing), from the CloseDate.
    expect(await planRows()).toEqual([
      ['API', '2026-01-01', null, null, '0.0085000000', '0.0200000000'],
      ['ONBOARD', '2026-01-01', null, 25000n, null, null],
      ['SEATS', '2026-01-01', 800n, null, null, null],
      ['STORE', '2026-01-01', null, null, null, null],
    ]);
    const plan = await h.t.db.selectFrom('account_price_plans').selectAll().executeTakeFirstOrThrow();
    expect([plan.name, plan.source, plan.id.toString()]).toEqual([
      'Initrode - Platform',
      `opportunity:${opportunityId}`,
      pushed.pricePlanId,
    ]);
    expect(await state()).toMatchObject({
      Billing_Push_Status__c: 'Pushed',
      Billing_Push_Error__c: null,
      Billing_Price_Plan_Id__c: pushed.pricePlanId,
      Billing_Pushed_At__c: expect.stringMatching(/^2026-01-15T12:00:00/),
    });
  });

  it('pushing it again changes nothing anywhere', async () => {
    const mark = await h.mark();
    const again = await push();
    expect(again.counts).toMatchObject({ unchanged: 1, created: 0, updated: 0 });
    expect(await writesSince(mark)).toEqual([]);
    expect(await h.t.db.selectFrom('price_plans').select('id').execute()).toHaveLength(4);
  });

  it('a re-priced service updates the same plan (never a second one); a later ServiceDate adds a version', async () => {
    await priceOpportunityServices(h.ctx, opportunityId, [{ service: 'SEATS', recurring: '7.50' }], {
      trigger: 'test',
    });
    const repushed = await push();
    expect(repushed.counts).toMatchObject({ updated: 1 });
    expect(repushed.records[0].diff).toEqual({
      'PLAT/SEATS from 2026-01-01': { from: 'recurring 8.00', to: 'recurring 7.50' },
    });
    expect((await planRows()).filter((r) => r[0] === 'SEATS')).toEqual([
      ['SEATS', '2026-01-01', 750n, null, null, null],
    ]);
    expect(await h.t.db.selectFrom('account_price_plans').select('id').execute()).toHaveLength(1);

    await h.sf.sobject('OpportunityLineItem').update({ Id: lineId, ServiceDate: '2026-03-01' });
    await priceOpportunityServices(h.ctx, opportunityId, [{ service: 'SEATS', recurring: '7.00' }], {
      trigger: 'test',
    });
    await push();
    expect((await planRows()).filter((r) => r[0] === 'SEATS')).toEqual([
      ['SEATS', '2026-01-01', 750n, null, null, null],
      ['SEATS', '2026-03-01', 700n, null, null, null],
    ]);
    expect((await state()).Billing_Price_Plan_Id__c).toBe(repushed.pricePlanId);
  });

  it('a sales price edited by hand is refused, naming the line and both figures', async () => {
    await h.sf.sobject('OpportunityLineItem').update({ Id: lineId, UnitPrice: 200 });
    const refused = await push();
    expect(refused.error?.code).toBe('sales_price_mismatch');
    expect(refused.error?.message).toContain(
      `Line ${lineId} (PLAT) sells at 200.00 but its services add up to 257.00 USD`,
    );
    expect((await state()).Billing_Push_Status__c).toBe('Error');
    // Priced again by services, a retry of the refused run pushes it again, and clears the error.
    await priceOpportunityServices(h.ctx, opportunityId, [], { trigger: 'test' });
    const retried = await retrySync(h.ctx, { target: refused.runId });
    expect([retried.flow, retried.status]).toEqual(['opportunity_push', 'succeeded']);
    expect(await state()).toMatchObject({ Billing_Push_Status__c: 'Pushed', Billing_Push_Error__c: null });
  });

  it('an order of PLAT is billed at the pushed prices, to the cent', async () => {
    await orderProduct(h.ctx, { accountId: billingAccount, package: 'PLAT', quantity: '10', startDate: '2026-01-01' });
    await runBilling(h.ctx, { date: '2026-01-31', allowFutureDate: true });
    const { invoices } = await listInvoices(h.ctx, { accountId: billingAccount });
    expect(invoices).toHaveLength(1);
    const invoice = await getInvoice(h.ctx, invoices[0].id);
    // 10 seats × 7.50 (not the 10.00 list price), onboarding once at 250.00 (not 500.00), storage at the
    // list price the plan recorded (10 × 20.00 while active); no usage was recorded.
    expect(invoice.lines.map((l) => [l.description, l.amount.minor])).toEqual([
      ['SEATS', 7500n],
      ['ONBOARD (one-time)', 25000n],
      ['STORE (active)', 20000n],
    ]);
  });

  it('an upgrade adds the products to the account, priced by its plan; pushed again it orders nothing more', async () => {
    const book = (await h.sf.query<{ Id: string }>('SELECT Id FROM Pricebook2 WHERE Billing_Integrated__c = true'))
      .records[0];
    const entry = (
      await h.sf.query<{ Id: string }>(
        `SELECT Id FROM PricebookEntry WHERE Pricebook2Id = '${book.Id}' AND Product2.ProductCode = 'PLAT'`,
      )
    ).records[0];
    const upgrade = (
      (await h.sf.sobject('Opportunity').create({
        Name: 'Initrode - More seats',
        AccountId: accountId,
        StageName: 'Closed Won',
        CloseDate: '2026-02-01',
        CurrencyIsoCode: 'USD',
        Pricebook2Id: book.Id,
        Type: 'Existing Customer - Upgrade',
      })) as { id: string }
    ).id;
    const line = (
      (await h.sf
        .sobject('OpportunityLineItem')
        .create({ OpportunityId: upgrade, PricebookEntryId: entry.Id, Quantity: 5 })) as { id: string }
    ).id;
    await priceOpportunityServices(
      h.ctx,
      upgrade,
      [
        { service: 'SEATS', quantity: '2', recurring: '7.00' },
        { service: 'ONBOARD', quantity: '0' },
      ],
      { trigger: 'test' },
    );
    const pushed = await pushOpportunity(h.ctx, upgrade, { trigger: 'test' });
    expect(pushed.error).toBeUndefined();
    expect(pushed.process).toBe('both');
    expect(pushed.objects.OpportunityLineItem).toMatchObject({ created: 1 });
    const quantities = async () =>
      (
        await h.t.db
          .selectFrom('product_quantities')
          .innerJoin('package_services', 'package_services.id', 'product_quantities.service_id')
          .innerJoin('account_products', 'account_products.id', 'product_quantities.account_product_id')
          .select(['package_services.code', 'product_quantities.effective_from', 'product_quantities.quantity'])
          .where('account_products.start_date', '=', '2026-02-01')
          .orderBy('package_services.code')
          .orderBy('product_quantities.effective_from')
          .execute()
      ).map((r) => [r.code, r.effective_from, r.quantity]);
    // 5 units of the line: 10 seats (2 each), no onboarding, storage counts the units.
    expect(await quantities()).toEqual([
      ['ONBOARD', '2026-02-01', '0.0000'],
      ['SEATS', '2026-02-01', '10.0000'],
      ['STORE', '2026-02-01', '5.0000'],
    ]);

    const mark = await h.mark();
    const again = await pushOpportunity(h.ctx, upgrade, { trigger: 'test' });
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await writesSince(mark)).toEqual([]);
    expect(await h.t.db.selectFrom('account_products').select('id').execute()).toHaveLength(2);

    // One more unit on the line: the same order, its quantities changed from the line's date.
    await h.sf.sobject('OpportunityLineItem').update({ Id: line, Quantity: 6 });
    const changed = await pushOpportunity(h.ctx, upgrade, { trigger: 'test' });
    expect(changed.objects.OpportunityLineItem).toMatchObject({ updated: 1 });
    expect(await h.t.db.selectFrom('account_products').select('id').execute()).toHaveLength(2);
    expect(await quantities()).toEqual([
      ['ONBOARD', '2026-02-01', '0.0000'],
      ['SEATS', '2026-02-01', '12.0000'],
      ['STORE', '2026-02-01', '6.0000'],
    ]);
    await runBilling(h.ctx, { date: '2026-02-28', allowFutureDate: true });
    const { invoices } = await listInvoices(h.ctx, { accountId: billingAccount });
    const lines = (await Promise.all(invoices.map((i) => getInvoice(h.ctx, i.id)))).flatMap((i) => i.lines);
    const february = lines.filter((l) => l.periodStart === '2026-02-01').map((l) => [l.description, l.amount.minor]);
    // The account's plan prices every order of its seats: from February 1 the upgrade's 7.00 (the first order's
    // 10 seats too), storage at its recorded 20.00; the upgrade's 12 seats, no onboarding, 6 units of storage.
    expect(february).toEqual([
      ['SEATS', 7000n],
      ['STORE (active)', 20000n],
      ['SEATS', 8400n],
      ['ONBOARD (one-time)', 0n],
      ['STORE (active)', 12000n],
    ]);

    // Moved before the day its order starts: refused before anything is written (the plan too).
    const prices = await planRows();
    await h.sf.sobject('OpportunityLineItem').update({ Id: line, ServiceDate: '2026-01-20' });
    const early = await pushOpportunity(h.ctx, upgrade, { trigger: 'test' });
    expect(early.error?.code).toBe('invalid_period');
    expect(early.error?.message).toContain('now starts on 2026-01-20, before the order it made starts (2026-02-01)');
    expect(await planRows()).toEqual(prices);
  });

  it("push opportunity from the CLI and over HTTP: the account sync's shape with the plan and the account", async () => {
    const cli = await revbridge(h, ['push', 'opportunity', opportunityId, '--json']);
    expect([cli.code, cli.stderr]).toEqual([0, '']);
    expect(JSON.parse(cli.stdout)).toMatchObject({
      runId: expect.stringMatching(/^\d+$/),
      status: 'succeeded',
      dryRun: false,
      counts: { unchanged: 1 },
      pricePlanId: expect.stringMatching(/^\d+$/),
      billingAccount,
      process: 'price_plan',
    });
    const human = await revbridge(h, ['push', 'opportunity', opportunityId]);
    expect(human.stdout).toMatch(new RegExp(`price plan \\d+ on billing account ${billingAccount} \\(price_plan\\)`));

    const app = buildApi(h.ctx);
    await app.ready();
    try {
      const operator = (await createApiKey(h.ctx, { name: 'flow', role: 'operator' })).secret;
      const viewer = (await createApiKey(h.ctx, { name: 'viewer', role: 'viewer' })).secret;
      const post = (key: string, id = opportunityId) =>
        app.inject({
          method: 'POST',
          url: `/opportunities/${id}/push`,
          payload: {},
          headers: { authorization: `Bearer ${key}` },
        });
      expect((await post(viewer)).statusCode).toBe(403);
      const ok = await post(operator);
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'succeeded', billingAccount, process: 'price_plan' });
      const missing = await post(operator, '006000000000000AAA');
      expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'opportunity_not_found']);
    } finally {
      await app.close();
    }
  });
});
