import { beforeAll, describe, expect, it } from 'vitest';
import { listContracts } from '../../src/revenue/contracts/list-contracts.ts';
import { importContracts } from '../../src/revenue/import/import-contracts.ts';
import { useSyncContext } from '../sync/sync-helpers.ts';
import { createAccount } from '../sync/opportunity-helpers.ts';
import { type Catalog, createDeal, createDealCatalog, orgSettings } from './revenue-helpers.ts';

/**
 * A catch-up reads the opportunities whose lines alone changed (a line edit Salesforce did not roll up to its
 * opportunity) page by page with their lines, apart from the changed opportunities whose lines were kept first.
 * The local org moves an opportunity with each of its lines, as Salesforce does for most line edits; the test puts
 * the opportunity's SystemModstamp back in the org's store to stand for an edit that does not.
 */
describe('revenue catch-up: lines changed while their opportunity did not', () => {
  const h = useSyncContext({ seed: 'empty' });
  let catalog: Catalog;
  const ids: Record<string, string> = {};

  const arrOf = async (name: string) =>
    (await listContracts(h.ctx, { limit: 100, asOf: '2026-06-01' })).find((c) => c.name === name);

  beforeAll(async () => {
    await orgSettings(h, { multiCurrency: true, currencies: ['USD', 'EUR'] });
    catalog = await createDealCatalog(h);
    const account = await createAccount(h, { Name: 'Initech' });
    const year = { start: '2026-01-01', end: '2026-12-31' };
    for (const name of ['Lines alone', 'Untouched']) {
      ids[name] = (
        await createDeal(h, catalog, { Name: name, AccountId: account }, [
          { code: 'SUB', total: 12000, ...year },
          { code: 'SEAT', total: 2400, ...year },
          { code: 'SETUP', total: 500, ...year },
        ])
      ).id;
    }
    expect((await importContracts(h.ctx, { trigger: 'test' })).status).toBe('succeeded');
  });

  it('picks the line up with all its opportunity’s lines, in the same places, and nothing else', async () => {
    const before = await arrOf('Lines alone');
    const [seat] = (
      await h.sf.query<{ Id: string }>(
        `SELECT Id FROM OpportunityLineItem WHERE OpportunityId = '${ids['Lines alone']}' AND ProductCode = 'SEAT'`,
      )
    ).records;
    await h.sf.sobject('OpportunityLineItem').update({ Id: seat.Id, TotalPrice: 3600 });
    // Long unchanged itself: only the query for opportunities whose lines alone changed can find it.
    const moved = h.org.org.store.get('Opportunity', ids['Lines alone'])!;
    h.org.org.store.replay([
      'put',
      'Opportunity',
      { ...moved, SystemModstamp: '2020-01-01T00:00:00.000+0000' },
      'live',
    ]);

    const result = await importContracts(h.ctx, { trigger: 'test' });
    expect(result.status).toBe('succeeded');
    // Untouched may be read again (the cursor overlaps recent changes), and costs no write.
    const written = (records: typeof result.records) => records.filter((r) => r.outcome !== 'unchanged');
    expect(written(result.records).map((r) => [r.label, r.outcome])).toEqual([['Lines alone', 'updated']]);
    const after = await arrOf('Lines alone');
    expect(before?.arr).toBe('14400.00');
    expect(after?.arr).toBe('15600.00');
    expect(after?.acv).toBe('16100.00');
    // The lines keep their places: the same products in the same order, one changed.
    expect(after?.lines.map((l) => [l.product, l.revenue])).toEqual(
      before?.lines.map((l) => [l.product, l.product === 'SEAT' ? '3600.00' : l.revenue]),
    );

    const again = await importContracts(h.ctx, { trigger: 'test' });
    expect(written(again.records)).toEqual([]);
  });
});
