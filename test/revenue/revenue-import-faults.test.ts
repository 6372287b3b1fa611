import { beforeAll, describe, expect, it } from 'vitest';
import { importContracts } from '../../src/revenue/import/import-contracts.ts';
import { orgControl, runUntilDone } from '../sync/seed-flagged-accounts.ts';
import { useSyncContext } from '../sync/sync-helpers.ts';
import { createAccount } from '../sync/opportunity-helpers.ts';
import { createDealCatalog, orgSettings, seedDeals, storedContracts } from './revenue-helpers.ts';

/** Two REST pages of opportunities and four of lines: faults land between chunks already written. */
const DEALS = 2_500;

/**
 * The import under Salesforce's failure modes. A run Salesforce stops serving mid-way (the opportunities are read
 * page by page while contracts are written) leaves whole contracts, each with all its lines; then, with a good share
 * of the org's answers failing (503 on reads and writes, the daily limit, an expired session), the import is run
 * again until a run completes. What it leaves must be what a clean import leaves: every opportunity one contract with
 * exactly its lines, nothing twice, nothing staged, and an import with nothing changed after it writes nothing.
 */
describe('revenue import converges under injected faults', () => {
  const h = useSyncContext({ seed: 'empty' });

  const control = (method: string, path: string, body?: unknown) => orgControl(h.org.url, method, path, body);

  beforeAll(async () => {
    await orgSettings(h, { multiCurrency: true, currencies: ['USD', 'EUR'] });
    await seedDeals(h, await createDealCatalog(h), await createAccount(h, { Name: 'Hooli' }), DEALS);
  });

  const state = () => storedContracts(h);

  it('a run Salesforce cuts short mid-build leaves whole contracts; the next runs, under faults, finish the rest once', async () => {
    // Every attempt at the second page of opportunities fails (the three before it are pages of lines): the run
    // has built and written the first page's 2,000 contracts, four transactions of 500, when it is deferred.
    await control('POST', '/__localorg/faults', {
      kind: 'unavailable',
      method: 'GET',
      pathContains: '/query/',
      after: 3,
      times: 5,
    });
    const cut = await importContracts(h.ctx, { trigger: 'test' });
    await control('DELETE', '/__localorg/faults');
    expect(cut).toMatchObject({ status: 'deferred', error: { code: 'salesforce_unavailable' } });
    expect(await state()).toMatchObject({ contracts: 2_000, lines: 6_000, twice: 0, bare: 0, staged: 0 });

    // Then a good share of the org's answers fail, in each way Salesforce fails, until a run completes.
    const faults = [
      { kind: 'unavailable', method: 'GET', rate: 0.3, seed: 11 },
      { kind: 'unavailable', method: 'PATCH', rate: 0.3, seed: 12 },
      { kind: 'request-limit', rate: 0.05, seed: 13 },
      { kind: 'expire-session', rate: 0.2, seed: 14 },
    ];
    for (const fault of faults) await control('POST', '/__localorg/faults', fault);
    const runs = await runUntilDone(h.org.url, () => importContracts(h.ctx, { trigger: 'test' }));
    await control('DELETE', '/__localorg/faults');
    const last = runs[runs.length - 1];
    expect(last.error, JSON.stringify(last.error)).toBeUndefined();
    expect(last.counts).toMatchObject({ created: DEALS - 2_000, unchanged: 2_000, failed: 0 });

    // A year's term: each recurring line's ARR is its revenue, (1200 + i) + (1201 + i) for deal i, in cents.
    const arr = Array.from({ length: DEALS }, (_, i) => (2401 + 2 * i) * 100).reduce((a, b) => a + b, 0);
    expect(await state()).toEqual({
      contracts: DEALS,
      lines: DEALS * 3,
      twice: 0,
      bare: 0,
      staged: 0,
      arr: String(arr),
    });

    const again = await importContracts(h.ctx, { trigger: 'test', full: true });
    expect(again.error).toBeUndefined();
    expect(again.counts).toMatchObject({ created: 0, updated: 0, failed: 0, unchanged: DEALS });
  });
});
