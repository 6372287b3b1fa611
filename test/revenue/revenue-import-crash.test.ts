import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncRunResult } from '../../src/sync/engine/recorded-run.ts';
import { revbridge, startRevbridge } from '../sync/revbridge-cli.ts';
import { orgControl } from '../sync/seed-flagged-accounts.ts';
import { useSyncContext } from '../sync/sync-helpers.ts';
import { createAccount } from '../sync/opportunity-helpers.ts';
import { createDealCatalog, orgSettings, seedDeals, storedContracts } from './revenue-helpers.ts';

const DEALS = 2_500;

/**
 * `revbridge revenue import` killed with SIGKILL mid-build (no handler runs; PostgreSQL drops the open transactions
 * and the advisory lock with the connections), then run again: every opportunity one contract with all its lines,
 * none twice, and the staging rows of the dead run gone. The CLI runs as a user runs it (`node bin/revbridge.js`).
 */
describe('revenue import: a killed process, run again', () => {
  const h = useSyncContext({ seed: 'empty' });

  const state = () => storedContracts(h);

  beforeAll(async () => {
    await orgSettings(h, { multiCurrency: true, currencies: ['USD', 'EUR'] });
    await seedDeals(h, await createDealCatalog(h), await createAccount(h, { Name: 'Pied Piper' }), DEALS);
  });

  it('killed once the first contracts are written, the next run finishes them all once', async () => {
    // The second page of opportunities (after three pages of lines) takes 20 s: the kill lands while the run
    // waits for it, the first page's contracts written.
    await orgControl(h.org.url, 'POST', '/__localorg/faults', {
      kind: 'latency',
      method: 'GET',
      pathContains: '/query/',
      after: 3,
      times: 1,
      ms: 20_000,
    });
    const cli = startRevbridge(h, ['revenue', 'import', '--json']);
    const deadline = Date.now() + 60_000;
    let written = 0;
    while (Date.now() < deadline) {
      written = (await state()).contracts;
      if (written >= 2_000) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(written, cli.output()).toBe(2_000);
    cli.child.kill('SIGKILL');
    expect(await cli.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(cli.output()).toBe('');
    await orgControl(h.org.url, 'DELETE', '/__localorg/faults');

    // Whole contracts only, each with its three lines; the dead run's staged lines are still there.
    expect(await state()).toMatchObject({ contracts: 2_000, lines: 6_000, twice: 0, bare: 0 });
    const [killed] = await h.ctx.db.selectFrom('sync_runs').selectAll().where('flow', '=', 'revenue').execute();
    expect(killed).toMatchObject({ status: 'running', finished_at: null });
    expect((await state()).staged).toBe(DEALS * 3);

    // Run again at once: the dead run's lock went with its connection.
    const again = await revbridge(h, ['revenue', 'import', '--json']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    const second = JSON.parse(again.stdout) as SyncRunResult;
    expect(second).toMatchObject({ status: 'succeeded' });
    expect(second.counts).toMatchObject({ created: DEALS - 2_000, unchanged: 2_000, updated: 0, failed: 0 });
    expect(await state()).toMatchObject({ contracts: DEALS, lines: DEALS * 3, twice: 0, bare: 0, staged: 0 });
  });
});
