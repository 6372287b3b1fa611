import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncRunResult } from '../../src/sync/engine/recorded-run.ts';
import type { SyncHistory } from '../../src/sync/history/list-sync-history.ts';
import { revbridge, startRevbridge } from './revbridge-cli.ts';
import { orgControl, seedFlaggedAccounts } from './seed-flagged-accounts.ts';
import { countRows, useSyncContext } from './sync-helpers.ts';

/**
 * The crash the transactions of 500 are there for: `revbridge sync accounts` killed with SIGKILL (no
 * handler runs, no rollback is sent: PostgreSQL drops the open transaction when the connection dies)
 * after billing has committed some records and before the run ends, then run again. The second run must
 * finish the job: every flagged record once in billing, once linked, its state on the Salesforce record,
 * nothing created twice on either side. The CLI runs as a user runs it (`node bin/revbridge.js`, the
 * compiled dist/ after `npm run build`), against this test's store and local org.
 */
describe('account sync: a killed process, run again', () => {
  const h = useSyncContext({ seed: 'empty' });
  // 150 hierarchies of 1 + 3 + 6 accounts and a contact per root and child: 1,500 accounts, 600 contacts.
  const shape = { prefix: 'Crash', roots: 150, children: 3, grandchildren: 2 };
  const ACCOUNTS = 1500;
  const CONTACTS = 600;

  const count = (table: 'accounts' | 'contacts' | 'sync_links') => countRows(h.ctx.db, table);
  const sfCount = async (soql: string) => (await h.sf.query(soql)).totalSize;

  beforeAll(async () => {
    await orgControl(h.org.url, 'PATCH', '/__localorg/settings', { multiCurrency: true, currencies: ['USD', 'EUR'] });
    const seeded = await seedFlaggedAccounts(h.sf, shape);
    expect(seeded.accountIds).toHaveLength(ACCOUNTS);
    expect(seeded.contactIds).toHaveLength(CONTACTS);
  });

  it('a sync process killed with SIGKILL mid-run and run again converges with no duplicate on either side', async () => {
    // The write-back waits 2 s a call, so the kill lands before the run ends however fast billing applies.
    await orgControl(h.org.url, 'POST', '/__localorg/faults', {
      kind: 'latency',
      method: 'PATCH',
      pathContains: '/composite/sobjects',
      ms: 2000,
    });

    const cli = startRevbridge(h, ['sync', 'accounts', '--json']);
    const { child, exited } = cli;
    let done = false;
    void exited.then(() => (done = true));

    // Kill it once billing holds some of the accounts (the first transaction of 500 committed).
    const deadline = Date.now() + 90_000;
    let seen = 0;
    while (!done && Date.now() < deadline) {
      seen = await count('accounts');
      if (seen > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(done, `the run ended before it could be killed:\n${cli.output()}`).toBe(false);
    expect(seen).toBeGreaterThan(0);
    child.kill('SIGKILL');
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(cli.output()).toBe(''); // killed before it could print its result
    await orgControl(h.org.url, 'DELETE', '/__localorg/faults');

    // What the crash left: whole transactions of records, each committed with its link and its history;
    // never a record without its link. The run itself is still `running` in the history: its heartbeat has
    // only just stopped.
    const leftAccounts = await count('accounts');
    const leftContacts = await count('contacts');
    expect(leftAccounts).toBeGreaterThanOrEqual(500);
    expect(leftAccounts % 500 === 0 || leftAccounts === ACCOUNTS).toBe(true);
    expect(await count('sync_links')).toBe(leftAccounts + leftContacts);
    const [killed] = await h.ctx.db.selectFrom('sync_runs').selectAll().execute();
    expect(killed).toMatchObject({ flow: 'accounts', trigger: 'cli', status: 'running', finished_at: null });
    const killedOutcomes = await h.ctx.db
      .selectFrom('sync_outcomes')
      .select(['object', 'outcome'])
      .where('run_id', '=', killed.id)
      .execute();
    expect(killedOutcomes.filter((o) => o.object === 'account')).toHaveLength(leftAccounts);
    expect(killedOutcomes.filter((o) => o.object === 'contact')).toHaveLength(leftContacts);
    expect(killedOutcomes.every((o) => o.outcome === 'created')).toBe(true);
    // Salesforce learned nothing of the run, or only the first write-back calls (2 s each) if the kill
    // came that late: at least the records billing never saw are not marked.
    expect(await sfCount(`SELECT Id FROM Account WHERE Billing_Sync_Status__c = 'Synced'`)).toBeLessThan(ACCOUNTS);

    // Run again, to the end, as if two minutes later: the next run ends the silent one as interrupted.
    await h.ctx.db
      .updateTable('sync_runs')
      .set({ heartbeat_at: sql`heartbeat_at - interval '2 minutes'` })
      .where('id', '=', killed.id)
      .execute();
    const again = await revbridge(h, ['sync', 'accounts', '--json']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    const second = JSON.parse(again.stdout) as SyncRunResult;
    expect(second.status).toBe('succeeded');
    expect(second.error).toBeUndefined();
    // The counts add up: what the killed run committed is there already (unchanged), the rest is created.
    expect(second.objects.Account).toMatchObject({
      created: ACCOUNTS - leftAccounts,
      updated: 0,
      unchanged: leftAccounts,
      failed: 0,
    });
    expect(second.objects.Contact).toMatchObject({
      created: CONTACTS - leftContacts,
      updated: 0,
      unchanged: leftContacts,
      failed: 0,
    });

    // Billing: exactly the flagged records, no name twice, every one linked 1:1.
    const accounts = await h.ctx.db.selectFrom('accounts').select(['id', 'name', 'account_number']).execute();
    expect(accounts).toHaveLength(ACCOUNTS);
    expect(new Set(accounts.map((a) => a.name)).size).toBe(ACCOUNTS);
    expect(await count('contacts')).toBe(CONTACTS);
    const links = await h.ctx.db.selectFrom('sync_links').select(['object', 'salesforce_id', 'billing_id']).execute();
    const accountLinks = links.filter((l) => l.object === 'account');
    expect(accountLinks).toHaveLength(ACCOUNTS);
    expect(new Set(accountLinks.map((l) => l.billing_id)).size).toBe(ACCOUNTS);
    expect(new Set(accountLinks.map((l) => l.salesforce_id)).size).toBe(ACCOUNTS);
    expect(links.filter((l) => l.object === 'contact')).toHaveLength(CONTACTS);

    // Salesforce: no record created, every one marked with its own billing account.
    expect(await sfCount('SELECT Id FROM Account')).toBe(ACCOUNTS);
    expect(await sfCount('SELECT Id FROM Contact')).toBe(CONTACTS);
    const numberOf = new Map(accounts.map((a) => [a.id.toString(), a.account_number]));
    const billingIdOf = new Map(accountLinks.map((l) => [l.salesforce_id, l.billing_id.toString()]));
    const records = (
      await h.sf.query<{
        Id: string;
        Billing_Account_Id__c: string | null;
        Billing_Account_Number__c: string | null;
        Billing_Sync_Status__c: string | null;
      }>('SELECT Id, Billing_Account_Id__c, Billing_Account_Number__c, Billing_Sync_Status__c FROM Account', {
        autoFetch: true,
        maxFetch: 10_000,
      })
    ).records;
    expect(records).toHaveLength(ACCOUNTS);
    for (const r of records) {
      const billingId = billingIdOf.get(r.Id);
      expect(billingId, r.Id).toBeDefined();
      expect(r.Billing_Account_Id__c).toBe(billingId);
      expect(r.Billing_Account_Number__c).toBe(numberOf.get(billingId!));
      expect(r.Billing_Sync_Status__c).toBe('Synced');
    }
    expect(await sfCount(`SELECT Id FROM Contact WHERE Billing_Sync_Status__c = 'Synced'`)).toBe(CONTACTS);

    // The history shows both: the killed run failed as interrupted (ended at its last heartbeat), the second
    // succeeded.
    const history = await revbridge(h, ['history', '--json']);
    expect(history.code).toBe(0);
    const { runs } = JSON.parse(history.stdout) as SyncHistory;
    expect(runs.map((r) => [r.runId, r.status])).toEqual([
      [second.runId, 'succeeded'],
      [killed.id.toString(), 'failed'],
    ]);
    expect(runs[1].error?.code).toBe('sync_run_interrupted');
    expect(runs[1].error?.message).toMatch(/^The process running this sync stopped/);
    expect(runs[1].finishedAt).not.toBeNull();
    expect(runs[0].counts.created + runs[0].counts.unchanged).toBe(ACCOUNTS + CONTACTS);
  }, 240_000);
});
