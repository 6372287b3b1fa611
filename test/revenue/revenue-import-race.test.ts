import { describe, expect, it } from 'vitest';
import { listContracts } from '../../src/revenue/contracts/list-contracts.ts';
import { storedSnapshot } from '../../src/revenue/contracts/contract-snapshots.ts';
import { findContractsById } from '../../src/revenue/contracts/stored-contracts.repo.ts';
import { importContracts } from '../../src/revenue/import/import-contracts.ts';
import { pushContracts } from '../../src/revenue/push/push-contracts.ts';
import { useSyncContext } from '../sync/sync-helpers.ts';
import { createAccount } from '../sync/opportunity-helpers.ts';
import { createCatalog, createDeal, orgSettings } from './revenue-helpers.ts';

describe('revenue import racing a person’s change', () => {
  const h = useSyncContext({ seed: 'empty' });

  it('a contract changed in revbridge after the import read it is held, not overwritten', async () => {
    await orgSettings(h, { multiCurrency: true, currencies: ['USD'] });
    const catalog = await createCatalog(h, [{ code: 'SUB', recurring: true }], ['USD']);
    const account = await createAccount(h, { Name: 'Hooli' });
    const deal = await createDeal(h, catalog, { Name: 'Hooli 2025', AccountId: account }, [
      { code: 'SUB', total: 12000, start: '2025-01-01', end: '2025-12-31' },
    ]);
    await importContracts(h.ctx, { trigger: 'test' });
    const [imported] = await listContracts(h.ctx, { limit: 10 });
    const id = BigInt(imported.contractId);
    // Salesforce moves the close date, so the next import has the contract to write.
    await h.sf.sobject('Opportunity').update({ Id: deal.id, CloseDate: '2024-12-30' });

    // A person's change, committed only once the import waits on the contract's row: the import read it as
    // unchanged in revbridge, and its write comes after the change.
    const [before] = await findContractsById(h.ctx.db, [id]);
    const person = await h.t.pool.connect();
    try {
      await person.query('BEGIN');
      await person.query(
        `UPDATE contracts SET name = 'Hooli 2025 (renamed)', revbridge_changed_at = now(),
           revbridge_changes = revbridge_changes + 1, synced = $2::jsonb WHERE id = $1`,
        [id.toString(), JSON.stringify(storedSnapshot(before))],
      );
      const importing = importContracts(h.ctx, { trigger: 'test' });
      const deadline = Date.now() + 20_000;
      let waiting = false;
      while (!waiting && Date.now() < deadline) {
        const { rows } = await h.t.pool.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO contracts%' AND datname = current_database()`,
        );
        waiting = rows[0].n > 0;
        if (!waiting) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(waiting).toBe(true);
      await person.query('COMMIT');
      const run = await importing;
      expect(run.records.find((r) => r.salesforceId === deal.id)).toMatchObject({
        outcome: 'skipped',
        warnings: [expect.stringContaining('Changed in revbridge and not yet pushed')],
      });
    } finally {
      person.release();
    }

    // The person's name stands and is pending; the push sends it, and the close date comes back with the next import.
    const [held] = await listContracts(h.ctx, { limit: 10 });
    expect(held).toMatchObject({ name: 'Hooli 2025 (renamed)', closeDate: imported.closeDate, pushPending: true });
    expect((await pushContracts(h.ctx, { trigger: 'test' })).records[0]).toMatchObject({
      outcome: 'updated',
      diff: { name: { from: 'Hooli 2025', to: 'Hooli 2025 (renamed)' } },
    });
    await importContracts(h.ctx, { trigger: 'test' });
    const [settled] = await listContracts(h.ctx, { limit: 10 });
    expect(settled).toMatchObject({ name: 'Hooli 2025 (renamed)', closeDate: '2024-12-30', pushPending: false });
  });
});
