import { beforeAll, describe, expect, it } from 'vitest';
import { linkContracts } from '../../src/revenue/contracts/link-contracts.ts';
import { listContracts } from '../../src/revenue/contracts/list-contracts.ts';
import { importContracts } from '../../src/revenue/import/import-contracts.ts';
import { revenueMetrics } from '../../src/revenue/metrics/revenue-metrics.ts';
import { pushContracts } from '../../src/revenue/push/push-contracts.ts';
import { mapStage, revenueStages } from '../../src/revenue/stages/map-stage.ts';
import { useSyncContext } from '../sync/sync-helpers.ts';
import { createAccount } from '../sync/opportunity-helpers.ts';
import { type Catalog, createCatalog, createDeal, orgSettings } from './revenue-helpers.ts';

const y2025 = { start: '2025-01-01', end: '2025-12-31' };

describe('revenue: stages, renewals, amendments, churn, catch-up and deletes', () => {
  const h = useSyncContext({ seed: 'empty' });
  let catalog: Catalog;
  const ids: Record<string, string> = {};

  const contractsOn = async (asOf: string) =>
    new Map((await listContracts(h.ctx, { limit: 100, asOf })).map((c) => [c.name, c]));

  beforeAll(async () => {
    await orgSettings(h, { multiCurrency: true, currencies: ['USD', 'EUR'] });
    catalog = await createCatalog(h, [{ code: 'SUB', recurring: true }]);
    const account = await createAccount(h, { Name: 'Globex' });
    const deal = async (name: string, fields: Record<string, unknown>, total: number, term = y2025) => {
      ids[name] = (
        await createDeal(h, catalog, { Name: name, AccountId: account, ...fields }, [{ code: 'SUB', total, ...term }])
      ).id;
    };
    await deal('A', {}, 12000);
    await deal('B renews A', { StageName: 'Negotiation/Review', Renews__c: ids.A }, 15000, {
      start: '2026-01-01',
      end: '2026-12-31',
    });
    await deal('C amends A', { Amends__c: ids.A }, 3000, { start: '2025-07-01', end: '2025-12-31' });
    await deal('D churns', { Termination_Date__c: '2025-08-15', Terminated_Effective_Date__c: '2025-09-30' }, 6000);
    await deal('E', {}, 2400);
    await deal('F renews E, lost', { StageName: 'Closed Lost', Terminated_Effective_Date__c: '2026-01-01' }, 2400, {
      start: '2026-01-01',
      end: '2026-12-31',
    });
    // The link from the earlier side: E says who renews it.
    await h.sf.sobject('Opportunity').update({ Id: ids.E, Renewed_By__c: ids['F renews E, lost'] });
    const result = await importContracts(h.ctx, { trigger: 'test' });
    expect(result.status).toBe('succeeded');
  });

  it('stage keys registered themselves from the org’s stage metadata', async () => {
    expect(await revenueStages(h.ctx)).toEqual([
      { stage: 'Closed Lost', category: 'lost', mappedBy: 'org' },
      { stage: 'Closed Won', category: 'booked', mappedBy: 'org' },
      { stage: 'Negotiation/Review', category: 'forecast', mappedBy: 'org' },
    ]);
  });

  it('mid-2025: the amendment adds to A’s total from its start; D gave notice but still counts', async () => {
    const on = await contractsOn('2025-08-01');
    expect(on.get('A')).toMatchObject({ state: 'active', arr: '12000.00', totalArr: '18000.00', totalMrr: '1500.00' });
    expect(on.get('C amends A')).toMatchObject({ amends: on.get('A')!.contractId, arr: '6000.00' });
    expect(on.get('A')?.amendedBy).toEqual([on.get('C amends A')!.contractId]);
    expect(on.get('B renews A')).toMatchObject({ status: 'forecast', renews: on.get('A')!.contractId });
    expect(on.get('D churns')).toMatchObject({ state: 'active' });
    const before = await contractsOn('2025-06-30');
    expect(before.get('A')?.totalArr).toBe('12000.00');
  });

  it('2026: A is overdue (its renewal is only forecast), D churned, E churned by its lost renewal', async () => {
    const on = await contractsOn('2026-02-01');
    expect(on.get('A')).toMatchObject({
      state: 'overdue',
      arr: '12000.00',
      renewedBy: on.get('B renews A')!.contractId,
    });
    expect(on.get('D churns')?.state).toBe('churned');
    expect(on.get('E')?.state).toBe('churned');
    expect(on.get('F renews E, lost')).toMatchObject({ status: 'lost', state: 'ended' });
  });

  it('metrics on a day: A overdue with its amendment riding along, D and E churned in the year', async () => {
    expect(await revenueMetrics(h.ctx, '2026-02-01')).toEqual({
      asOf: '2026-02-01',
      currency: 'USD',
      // A, overdue (B is only forecast): 12,000, and C, which amends it, 6,000 a year.
      arr: '18000.00',
      mrr: '1500.00',
      acv: '18000.00',
      // Every deal closed on 2026-01-10: A, C, D and E are booked (B is forecast, F lost).
      bookings: '23400.00',
      renewalsDue: '0.00',
      overdue: { count: 1, arr: '18000.00' },
      // D churned on 2025-09-30 at 6,000; E on 2026-01-01 at 2,400.
      churnedArr: '8400.00',
      // A year before, Globex had A (12,000), D (6,000) and E (2,400): 20,400; now A and C: 18,000.
      nrr: '0.8824',
      grr: '0.8824',
    });
    const mid2025 = await revenueMetrics(h.ctx, '2025-08-01');
    expect(mid2025).toMatchObject({ arr: '26400.00', bookings: '0.00', nrr: null });
  });

  it('mapping the renewal’s stage to booked re-derives every contract at once, with no import', async () => {
    const calls = await h.mark();
    await mapStage(h.ctx, 'Negotiation/Review', 'booked');
    const on = await contractsOn('2026-02-01');
    expect(on.get('A')?.state).toBe('renewed');
    expect(on.get('B renews A')).toMatchObject({ status: 'booked', state: 'active', arr: '15000.00' });
    expect(await h.apiCallsSince(calls)).toEqual([]);
    // The admin's mapping stays through imports.
    await importContracts(h.ctx, { trigger: 'test', full: true });
    expect((await revenueStages(h.ctx)).find((s) => s.stage === 'Negotiation/Review')).toMatchObject({
      category: 'booked',
      mappedBy: 'admin',
    });
  });

  it('catch-up: a line edited while revbridge was off is read by the next import, and only what changed', async () => {
    const [line] = (
      await h.sf.query<{ Id: string }>(
        `SELECT Id FROM OpportunityLineItem WHERE OpportunityId = '${ids['B renews A']}'`,
      )
    ).records;
    await h.sf.sobject('OpportunityLineItem').update({ Id: line.Id, TotalPrice: 18000 });
    const result = await importContracts(h.ctx, { trigger: 'test' });
    expect(result.objects.Opportunity).toMatchObject({ updated: 1, failed: 0 });
    expect(result.records.filter((r) => r.outcome === 'updated').map((r) => r.label)).toEqual(['B renews A']);
    expect((await contractsOn('2026-02-01')).get('B renews A')?.arr).toBe('18000.00');
  });

  it('a dry run shows the change and writes nothing', async () => {
    await h.sf.sobject('Opportunity').update({ Id: ids.E, Name: 'E renamed' });
    const dry = await importContracts(h.ctx, { trigger: 'test', dryRun: true });
    expect(dry.records.filter((r) => r.outcome === 'updated').map((r) => r.label)).toEqual(['E renamed']);
    expect((await contractsOn('2026-02-01')).has('E')).toBe(true);
    const real = await importContracts(h.ctx, { trigger: 'test' });
    expect(real.objects.Opportunity.updated).toBe(1);
    expect((await contractsOn('2026-02-01')).has('E renamed')).toBe(true);
  });

  it('a deleted opportunity archives its contract (the default policy), recorded in the history', async () => {
    await h.sf.sobject('Opportunity').destroy(ids['D churns']);
    const result = await importContracts(h.ctx, { trigger: 'test' });
    const deleted = result.records.find((r) => r.salesforceId === ids['D churns']);
    expect(deleted).toMatchObject({ outcome: 'updated', diff: { archived: { from: false, to: true } } });
    expect((await contractsOn('2026-02-01')).has('D churns')).toBe(false);
    const archived = await listContracts(h.ctx, { limit: 100, includeArchived: true });
    expect(archived.find((c) => c.name === 'D churns')?.archived).toBe(true);
  });

  it('a link made by hand is checked; a good one moves the renewal, and a push writes it on the opportunity', async () => {
    const refusal = async (kind: string, earlier: string, later: string) =>
      linkContracts(h.ctx, kind, earlier, later).then(
        () => null,
        (e: { code: string }) => e.code,
      );
    expect(await refusal('renewal', ids.A, ids['C amends A'])).toBe('revenue_link_overlap');
    expect(await refusal('amendment', ids.A, ids['B renews A'])).toBe('revenue_link_invalid');
    expect(await refusal('renewal', ids.A, '006000000000000AAA')).toBe('contract_not_found');
    expect(await refusal('upsell', ids.A, ids.E)).toBe('validation_failed');

    const linked = await linkContracts(h.ctx, 'renewal', ids.E, ids['B renews A']);
    expect(linked.later.renews).toBe(linked.earlier.contractId);
    const on = await contractsOn('2026-02-01');
    expect(on.get('A')).toMatchObject({ state: 'overdue', renewedBy: null });
    expect(on.get('E renamed')).toMatchObject({ renewedBy: on.get('B renews A')!.contractId });

    // B is in Salesforce: the link is revbridge's change to it, held by the import (Salesforce changed only B's
    // name) until a push writes it on B's Renews__c; then the import brings Salesforce's name.
    expect(linked.later.pushPending).toBe(true);
    await h.sf.sobject('Opportunity').update({ Id: ids['B renews A'], Name: 'B renews A again' });
    await importContracts(h.ctx, { trigger: 'test' });
    expect((await contractsOn('2026-02-01')).get('B renews A')).toMatchObject({ renews: linked.earlier.contractId });
    const pushed = await pushContracts(h.ctx, { trigger: 'test' });
    expect(pushed.counts).toMatchObject({ updated: 1, failed: 0 });
    const [b] = (
      await h.sf.query<{ Name: string; Renews__c: string }>(
        `SELECT Name, Renews__c FROM Opportunity WHERE Id = '${ids['B renews A']}'`,
      )
    ).records;
    expect(b).toMatchObject({ Name: 'B renews A again', Renews__c: ids.E });
    await importContracts(h.ctx, { trigger: 'test' });
    const after = await contractsOn('2026-02-01');
    expect(after.get('A')).toMatchObject({ state: 'overdue', renewedBy: null });
    expect(after.get('B renews A again')).toMatchObject({ renews: linked.earlier.contractId, pushPending: false });
  });
});
