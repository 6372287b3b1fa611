import { describe, expect, it } from 'vitest';
import { listSyncHistory } from '../../src/sync/history/list-sync-history.ts';
import { syncAccounts } from '../../src/sync/flows/account-push/sync-accounts.ts';
import { pollChanges } from '../../src/sync/poll-changes.ts';
import { orgControl, seedFlaggedAccounts } from './seed-flagged-accounts.ts';
import { countRows, type SyncTest, useSyncContext } from './sync-helpers.ts';

interface SfState {
  Id: string;
  Name: string;
  Billing_Account_Id__c: string | null;
  Billing_Account_Number__c: string | null;
  Billing_Sync_Status__c: string | null;
}

/**
 * The API budget governor mid-run: the org's allowance set so that the run's reads and a few write-back
 * calls fit before the 20% reserve, and the rest would dip into it. The run stops before the call that
 * would (no 403 from Salesforce: the governor reads the usage on every response), ends `deferred` with
 * `api_budget_low`, and leaves billing whole. Once the allowance recovers, the next poll finishes the
 * write-back without creating anything twice.
 */
describe('account sync: a low API budget', () => {
  const h = useSyncContext({ seed: 'empty' });

  const apiUsage = async (t: SyncTest) =>
    ((await orgControl(t.org.url, 'GET', '/__localorg/info')) as { apiUsage: { used: number; limit: number } })
      .apiUsage;

  /**
   * The daily limit that lets exactly `calls` more calls through before the 20% reserve: the governor
   * refuses a call once `limit - used - ceil(limit × 20%)` is spent.
   */
  const limitAllowing = async (t: SyncTest, calls: number) => {
    const { used } = await apiUsage(t);
    let limit = used + calls;
    while (limit - Math.ceil(limit * 0.2) - used < calls) limit++;
    return limit;
  };

  /** The query calls a run makes now, from a dry run's request log (the describes are cached after it). */
  const queriesOfARun = async (t: SyncTest) => {
    const mark = await t.mark();
    const dry = await syncAccounts(t.ctx, { dryRun: true, trigger: 'test' });
    expect(dry.error).toBeUndefined();
    const calls = await t.apiCallsSince(mark);
    expect(calls.every((c) => c.method === 'GET')).toBe(true);
    return { queries: calls.filter((c) => c.path.includes('/query')).length, plan: dry };
  };

  const count = (table: 'accounts' | 'contacts' | 'sync_links') => countRows(h.ctx.db, table);

  const sfAccounts = async (where = '') =>
    (
      await h.sf.query<SfState>(
        `SELECT Id, Name, Billing_Account_Id__c, Billing_Account_Number__c, Billing_Sync_Status__c FROM Account ${where}`,
        { autoFetch: true, maxFetch: 10_000 },
      )
    ).records;

  it('a low API budget defers the run and a later run resumes', async () => {
    await orgControl(h.org.url, 'PATCH', '/__localorg/settings', { multiCurrency: true, currencies: ['USD', 'EUR'] });
    // 1,500 accounts: the account write-back takes 8 collection calls of 200, the 600 contacts' 3 more.
    const ACCOUNTS = 1500;
    const CONTACTS = 600;
    await seedFlaggedAccounts(h.sf, { prefix: 'Budget', roots: 150, children: 3, grandchildren: 2 });

    const { queries, plan } = await queriesOfARun(h);
    expect(plan.objects.Account).toMatchObject({ created: ACCOUNTS, failed: 0 });
    expect(plan.objects.Contact).toMatchObject({ created: CONTACTS, failed: 0 });
    // Room for the reads and 3 of the 11 write-back calls.
    const WRITES_ALLOWED = 3;
    await orgControl(h.org.url, 'PATCH', '/__localorg/settings', {
      apiLimit: await limitAllowing(h, queries + WRITES_ALLOWED),
    });

    const mark = await h.mark();
    const deferred = await syncAccounts(h.ctx, { trigger: 'test' });
    expect(deferred.status).toBe('deferred');
    expect(deferred.error?.code).toBe('api_budget_low');
    expect(deferred.error?.message).toMatch(
      /^Salesforce has used \d+ of its \d+ daily API calls; revbridge keeps the last \d+ \(20%\) for the org's own users, so this work waits until the allowance recovers\.$/,
    );
    expect(deferred.apiCalls).toBe(queries + WRITES_ALLOWED);
    const calls = await h.apiCallsSince(mark);
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(WRITES_ALLOWED);
    // The governor stopped first: Salesforce never had to refuse a call.
    expect(calls.every((c) => c.status === 200)).toBe(true);

    // Billing holds every record the run applied, each with its link and its history: the write-back comes
    // after billing has committed, so a deferral there leaves no record half-written.
    expect(deferred.objects.Account).toMatchObject({ created: ACCOUNTS, failed: 0 });
    expect(deferred.objects.Contact).toMatchObject({ created: CONTACTS, failed: 0 });
    expect(await count('accounts')).toBe(ACCOUNTS);
    expect(await count('contacts')).toBe(CONTACTS);
    expect(await count('sync_links')).toBe(ACCOUNTS + CONTACTS);
    const unlinked = await h.ctx.db
      .selectFrom('accounts as a')
      .leftJoin('sync_links as l', (j) => j.onRef('l.billing_id', '=', 'a.id').on('l.object', '=', 'account'))
      .select('a.id')
      .where('l.salesforce_id', 'is', null)
      .execute();
    expect(unlinked).toEqual([]);
    const run = await h.ctx.db
      .selectFrom('sync_runs')
      .selectAll()
      .where('id', '=', BigInt(deferred.runId))
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'deferred', error_code: 'api_budget_low', api_calls: deferred.apiCalls });
    expect(run.finished_at).not.toBeNull();

    // Salesforce got the first 600 accounts' state; the rest, and every contact, wait.
    const halfway = await sfAccounts();
    expect(halfway.filter((a) => a.Billing_Sync_Status__c === 'Synced')).toHaveLength(WRITES_ALLOWED * 200);
    expect(halfway.filter((a) => a.Billing_Sync_Status__c === null)).toHaveLength(ACCOUNTS - WRITES_ALLOWED * 200);

    // The allowance recovers (a new day); the next poll resumes.
    await orgControl(h.org.url, 'POST', '/__localorg/usage/reset');
    const resumeMark = await h.mark();
    const resumed = await pollChanges(h.ctx);
    expect(resumed.error).toBeUndefined();
    expect(resumed.status).toBe('succeeded');
    expect(resumed.objects.Account).toMatchObject({ created: 0, updated: 0, unchanged: ACCOUNTS, failed: 0 });
    expect(resumed.objects.Contact).toMatchObject({ created: 0, updated: 0, unchanged: CONTACTS, failed: 0 });
    // Only what was missing is written: 900 accounts (5 calls) and 600 contacts (3 calls).
    const writes = (await h.apiCallsSince(resumeMark)).filter((c) => c.method === 'PATCH');
    expect(writes).toHaveLength(5 + 3);
    await orgControl(h.org.url, 'PATCH', '/__localorg/settings', { apiLimit: 15_000 });

    // Both sides whole, nothing twice.
    const accounts = await h.ctx.db.selectFrom('accounts').select(['id', 'name', 'account_number']).execute();
    expect(accounts).toHaveLength(ACCOUNTS);
    expect(new Set(accounts.map((a) => a.name)).size).toBe(ACCOUNTS);
    expect(await count('contacts')).toBe(CONTACTS);
    expect(await count('sync_links')).toBe(ACCOUNTS + CONTACTS);
    const numberOf = new Map(accounts.map((a) => [a.id.toString(), a.account_number]));
    const final = await sfAccounts();
    expect(final).toHaveLength(ACCOUNTS);
    for (const a of final) {
      expect(a.Billing_Sync_Status__c, a.Name).toBe('Synced');
      expect(a.Billing_Account_Number__c, a.Name).toBe(numberOf.get(a.Billing_Account_Id__c!));
    }
    expect((await h.sf.query(`SELECT Id FROM Contact WHERE Billing_Sync_Status__c = 'Synced'`)).totalSize).toBe(
      CONTACTS,
    );
    expect((await h.sf.query('SELECT Id FROM Contact')).totalSize).toBe(CONTACTS);

    // The history: the deferred run with its reason, then the poll that finished it; each record created once.
    const { runs } = await listSyncHistory(h.ctx);
    expect(runs.filter((r) => !r.dryRun).map((r) => [r.runId, r.trigger, r.status, r.error?.code ?? null])).toEqual([
      [resumed.runId, 'poll', 'succeeded', null],
      [deferred.runId, 'test', 'deferred', 'api_budget_low'],
    ]);
    const created = await h.ctx.db
      .selectFrom('sync_outcomes as o')
      .innerJoin('sync_runs as r', 'r.id', 'o.run_id')
      .select(['o.salesforce_id', 'o.run_id'])
      .where('o.outcome', '=', 'created')
      .where('r.dry_run', '=', false)
      .execute();
    expect(created).toHaveLength(ACCOUNTS + CONTACTS);
    expect(new Set(created.map((o) => o.salesforce_id)).size).toBe(ACCOUNTS + CONTACTS);
    expect(created.every((o) => o.run_id.toString() === deferred.runId)).toBe(true);
  }, 180_000);

  it('an ancestor brought along whose state was never written back is marked by the next run', async () => {
    // The parent is not flagged: its flagged child brings it into billing. Deferred before any write-back,
    // neither record carries its billing id, and only the child is flagged.
    const parent = (
      (await h.sf.sobject('Account').create({
        Name: 'Unflagged Parent',
        CurrencyIsoCode: 'USD',
        BillingCountry: 'US',
        Billing_Primary_Email__c: 'billing@example.com',
      })) as { id: string }
    ).id;
    const child = (
      (await h.sf.sobject('Account').create({
        Name: 'Flagged Child',
        ParentId: parent,
        CurrencyIsoCode: 'USD',
        BillingCountry: 'US',
        Billing_Primary_Email__c: 'billing@example.com',
        Billing_Sync__c: true,
      })) as { id: string }
    ).id;
    const { queries, plan } = await queriesOfARun(h);
    expect(plan.objects.Account).toMatchObject({ created: 2, failed: 0 });
    await orgControl(h.org.url, 'PATCH', '/__localorg/settings', { apiLimit: await limitAllowing(h, queries) });
    const deferred = await pollChanges(h.ctx);
    expect(deferred.status).toBe('deferred');
    expect(deferred.error?.code).toBe('api_budget_low');
    expect(deferred.objects.Account).toMatchObject({ created: 2 });
    const pending = await sfAccounts(`WHERE Id IN ('${parent}', '${child}')`);
    expect(pending.map((a) => a.Billing_Sync_Status__c)).toEqual([null, null]);

    await orgControl(h.org.url, 'POST', '/__localorg/usage/reset');
    await orgControl(h.org.url, 'PATCH', '/__localorg/settings', { apiLimit: 15_000 });
    const resumed = await pollChanges(h.ctx);
    expect(resumed.status).toBe('succeeded');
    expect(resumed.counts.created).toBe(0);
    const links = await h.ctx.db
      .selectFrom('sync_links as l')
      .innerJoin('accounts as a', 'a.id', 'l.billing_id')
      .select(['l.salesforce_id', 'a.id', 'a.account_number'])
      .where('l.object', '=', 'account')
      .where('l.salesforce_id', 'in', [parent, child])
      .execute();
    expect(links).toHaveLength(2);
    for (const a of await sfAccounts(`WHERE Id IN ('${parent}', '${child}')`)) {
      const link = links.find((l) => l.salesforce_id === a.Id)!;
      expect(a.Billing_Sync_Status__c, a.Name).toBe('Synced');
      expect(a.Billing_Account_Id__c, a.Name).toBe(link.id.toString());
      expect(a.Billing_Account_Number__c, a.Name).toBe(link.account_number);
    }
  }, 60_000);
});
