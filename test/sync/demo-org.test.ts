import { describe, expect, it } from 'vitest';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { seedDemoCatalog } from '../../src/billing/demo-catalog.ts';
import { getInvoice } from '../../src/billing/invoices/get-invoice.ts';
import { listInvoices } from '../../src/billing/invoices/list-invoices.ts';
import { prepareDemoDeal } from '../../src/demo-deal.ts';
import { prepareDemoOrg } from '../../src/demo-org.ts';
import { prepareDemoRevenue } from '../../src/demo-revenue.ts';
import { listContracts } from '../../src/revenue/contracts/list-contracts.ts';
import { importContracts } from '../../src/revenue/import/import-contracts.ts';
import { revenueMetrics } from '../../src/revenue/metrics/revenue-metrics.ts';
import { pushOpportunity } from '../../src/sync/flows/opportunity-push/push-opportunity.ts';
import { showOpportunityServices } from '../../src/sync/flows/opportunity-services/show-opportunity-services.ts';
import { pollChanges } from '../../src/sync/poll-changes.ts';
import { useSyncContext } from './sync-helpers.ts';

/** What `npm start` shows: the demo company meets billing on the first poll. */
describe('the demo org on the first poll', () => {
  const h = useSyncContext();

  it('customers and their contacts reach billing; the deliberate mistake is on the record', async () => {
    const prepared = await prepareDemoOrg(await h.ctx.crm!());
    expect(prepared.accounts).toBe(13);
    expect(await prepareDemoOrg(await h.ctx.crm!())).toEqual({ accounts: 0, contacts: 0 }); // a restart writes nothing

    const first = await pollChanges(h.ctx);
    expect(first.objects.Account).toMatchObject({ created: 12, failed: 1 });

    // A three-level hierarchy, parents first.
    const accounts = await h.ctx.db.selectFrom('accounts').selectAll().execute();
    const byName = new Map(accounts.map((a) => [a.name, a]));
    const chicago = byName.get('Acme Chicago Branch')!;
    const na = byName.get('Acme North America LLC')!;
    expect(chicago.parent_id).toBe(na.id);
    expect(na.parent_id).toBe(byName.get('Acme Holdings Inc.')!.id);
    expect(byName.has('Initech Labs')).toBe(false); // the prospect never reaches billing

    // The shared contact is one billing contact on both accounts it serves.
    const priya = await h.ctx.db.selectFrom('contacts').selectAll().where('last_name', '=', 'Raman').execute();
    expect(priya).toHaveLength(1);
    const served = await h.ctx.db
      .selectFrom('account_contacts')
      .select('account_id')
      .where('contact_id', '=', priya[0].id)
      .execute();
    expect(served.map((s) => s.account_id).sort()).toEqual([na.id, byName.get('Acme Toronto Branch')!.id].sort());

    const globex = (
      await h.sf.query<{
        Billing_Sync_Status__c: string;
        Billing_Sync_Error__c: string;
        Billing_Account_Number__c: string | null;
      }>(
        "SELECT Billing_Sync_Status__c, Billing_Sync_Error__c, Billing_Account_Number__c FROM Account WHERE Name = 'Globex Retail Corp.'",
      )
    ).records[0];
    expect(globex.Billing_Sync_Status__c).toBe('Error');
    expect(globex.Billing_Sync_Error__c).toMatch(
      /^invoicer_outside_hierarchy: The subscription invoicer Acme Holdings Inc\. is not in the hierarchy of Globex Retail Corp\./,
    );
    expect(globex.Billing_Account_Number__c).toBeNull();
    const acme = (
      await h.sf.query<{ Billing_Account_Number__c: string; Billing_Sync_Status__c: string }>(
        "SELECT Billing_Account_Number__c, Billing_Sync_Status__c FROM Account WHERE Name = 'Acme Holdings Inc.'",
      )
    ).records[0];
    expect(acme).toMatchObject({
      Billing_Account_Number__c: byName.get('Acme Holdings Inc.')!.account_number,
      Billing_Sync_Status__c: 'Synced',
    });
  });

  it('the demo deal: Closed Won, priced by services from the pulled catalog, pushed, then billed to the cent', async () => {
    await seedDemoCatalog(h.ctx);
    const deal = await prepareDemoDeal(h.ctx, await h.ctx.crm!());
    expect(deal).toMatchObject({ created: true, opportunityId: expect.stringMatching(/^006/) });
    expect(await prepareDemoDeal(h.ctx, await h.ctx.crm!())).toEqual({ ...deal, created: false });

    const view = await showOpportunityServices(h.ctx, deal!.opportunityId);
    // 449.00 + 250 × 22.00 + 1,000.00 onboarding
    expect(view.lines[0]).toMatchObject({ productCode: 'PLATFORM-USD', salesPrice: '6949.00', matchesServices: true });

    const pushed = await pushOpportunity(h.ctx, deal!.opportunityId, { trigger: 'test' });
    expect(pushed.error).toBeUndefined();
    expect(pushed.process).toBe('both');
    const acme = await h.ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('name', '=', 'Acme Holdings Inc.')
      .executeTakeFirstOrThrow();
    expect(pushed.billingAccount).toBe(acme.account_number);

    await runBilling(h.ctx, { date: '2026-01-31', allowFutureDate: true });
    const { invoices } = await listInvoices(h.ctx, { accountId: acme.account_number });
    const lines = (await Promise.all(invoices.map((i) => getInvoice(h.ctx, i.id)))).flatMap((i) => i.lines);
    // From the CloseDate, January 15: 17 of 31 days of the negotiated recurring prices (449.00 × 17/31 = 246.225
    // → 246.23; 250 × 22.00 × 17/31 = 3,016.129 → 3,016.13), onboarding once at 1,000.00 (not 1,500.00).
    expect(lines.map((l) => [l.description, l.amount.minor])).toEqual([
      ['Platform base fee (2026-01-15 to 2026-01-31)', 24623n],
      ['User seats (2026-01-15 to 2026-01-31)', 301613n],
      ['Onboarding (one-time)', 100000n],
    ]);
  });

  it('the demo deals as revenue contracts: booked, forecast and lost, with ARR; a restart writes nothing', async () => {
    const prepared = await prepareDemoRevenue(await h.ctx.crm!());
    expect(prepared.opportunities).toBeGreaterThanOrEqual(8);
    expect(await prepareDemoRevenue(await h.ctx.crm!())).toEqual({ opportunities: 0, products: 0 });
    const result = await importContracts(h.ctx, { trigger: 'test' });
    expect(result.status).toBe('succeeded');
    const contracts = await listContracts(h.ctx, { limit: 100 });
    const statuses = new Set(contracts.map((c) => c.status));
    expect(statuses).toEqual(new Set(['booked', 'forecast', 'lost']));
    const rollout = contracts.find((c) => c.name === 'Acme Holdings - Platform rollout')!;
    expect(rollout).toMatchObject({ status: 'booked', currency: 'USD' });
    expect(Number(rollout.arr)).toBeGreaterThan(0);
    // The onboarding service is one-time: in ACV, not in ARR.
    expect(Number(rollout.acv)).toBeGreaterThan(Number(rollout.arr));
    const metrics = await revenueMetrics(h.ctx, rollout.start);
    expect(Number(metrics.arr)).toBeGreaterThan(0);
  });
});
