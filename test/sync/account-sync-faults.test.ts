import { describe, expect, it } from 'vitest';
import type { RetryEvent } from '../../src/crm/crm.port.ts';
import type { SyncRunResult } from '../../src/sync/engine/recorded-run.ts';
import { syncAccounts } from '../../src/sync/flows/account-push/sync-accounts.ts';
import { runUntilDone } from './seed-flagged-accounts.ts';
import { type SyncTest, useSyncContext } from './sync-helpers.ts';

/**
 * Convergence under Salesforce's failure modes: two stores and two local orgs seeded alike, every demo
 * account and contact flagged for billing. One side syncs clean; the other with about 10% of its API
 * requests failing in each way Salesforce fails (503 on reads and writes, a locked row per record, the
 * daily limit, an expired session), run again until a run completes. Both must end in the same state,
 * with nothing duplicated, and every retry the connector made on record.
 */
describe('account sync converges under injected faults', () => {
  const clean = useSyncContext();

  const control = async (h: SyncTest, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.org.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return (await res.json()) as unknown;
  };

  const flagAll = async (h: SyncTest) => {
    for (const object of ['Account', 'Contact'] as const) {
      const ids = (await h.sf.query<{ Id: string }>(`SELECT Id FROM ${object}`)).records;
      expect(ids.length).toBeGreaterThan(0);
      await h.sf.sobject(object).update(ids.map((r) => ({ Id: r.Id, Billing_Sync__c: true })));
    }
  };

  /** Billing's end state without its surrogate ids (sequences may skip on the faulty side). */
  const billingState = async (h: SyncTest) => {
    const db = h.ctx.db;
    const accounts = await db
      .selectFrom('accounts as a')
      .leftJoin('accounts as p', 'p.id', 'a.parent_id')
      .select(['a.account_number', 'a.name', 'p.name as parent', 'a.currency', 'a.country', 'a.status'])
      .orderBy('a.name')
      .execute();
    const contacts = await db
      .selectFrom('contacts')
      .select(['first_name', 'last_name', 'email', 'phone'])
      .orderBy('last_name')
      .orderBy('first_name')
      .orderBy('email')
      .execute();
    const links = await db
      .selectFrom('account_contacts as ac')
      .innerJoin('accounts as a', 'a.id', 'ac.account_id')
      .innerJoin('contacts as c', 'c.id', 'ac.contact_id')
      .select(['a.name as account', 'c.email', 'c.last_name', 'ac.roles', 'ac.is_primary'])
      .orderBy('a.name')
      .orderBy('c.last_name')
      .orderBy('c.email')
      .execute();
    return { accounts, contacts, links };
  };

  /** What the sync wrote back onto the Salesforce records. */
  const salesforceState = async (h: SyncTest) => {
    const accounts = (
      await h.sf.query<Record<string, unknown>>(
        'SELECT Name, Billing_Sync_Status__c, Billing_Account_Number__c, Billing_Sync_Error__c FROM Account ORDER BY Name',
      )
    ).records.map(({ attributes: _a, ...rest }) => rest);
    const contacts = (
      await h.sf.query<Record<string, unknown>>(
        'SELECT FirstName, LastName, Email, Billing_Sync_Status__c, Billing_Sync_Error__c FROM Contact ORDER BY LastName, FirstName, Email',
      )
    ).records.map(({ attributes: _a, ...rest }) => rest);
    return { accounts, contacts };
  };

  let reference: SyncRunResult;
  /** Retries, request-log statuses and locked records seen across the faulty sides. */
  const seen = { retries: [] as RetryEvent[], statuses: [] as number[], lockedRecords: 0 };

  it('the clean side syncs every flagged account and contact', async () => {
    await flagAll(clean);
    reference = await syncAccounts(clean.ctx, { trigger: 'test' });
    expect(reference.error).toBeUndefined();
    expect(reference.retries).toEqual([]);
    expect(reference.objects.Account.created).toBeGreaterThan(10);
    expect(reference.objects.Contact.created).toBeGreaterThan(10);
  });

  // Three sides with different seeds: each must converge; together they meet every kind of fault (a demo
  // run is about 30 requests, so one seed alone may miss a kind).
  describe.each([10, 20, 30])('faulty side, seeds %i+', (seedBase) => {
    const faulty = useSyncContext();

    it('ends where the clean side does, every retry on record', async () => {
      await flagAll(faulty);
      // About 10% of the requests fail, each way, from fixed seeds: the same faults every time the test runs.
      const faults = [
        { kind: 'unavailable', method: 'GET', rate: 0.1, seed: seedBase + 1 },
        { kind: 'unavailable', method: 'PATCH', rate: 0.1, seed: seedBase + 2 },
        {
          kind: 'unable-to-lock-row',
          scope: 'record',
          pathContains: '/composite/sobjects',
          rate: 0.1,
          seed: seedBase + 3,
        },
        { kind: 'request-limit', rate: 0.1, seed: seedBase + 4 },
        { kind: 'expire-session', rate: 0.1, seed: seedBase + 5 },
      ];
      for (const fault of faults) await control(faulty, 'POST', '/__localorg/faults', fault);
      const since = await faulty.mark();

      const runs = await runUntilDone(faulty.org.url, () => syncAccounts(faulty.ctx, { trigger: 'test' }));
      const last = runs.at(-1)!;
      expect(last.error).toBeUndefined();
      expect(last.status).toBe(reference.status);
      const fired = (await control(faulty, 'GET', '/__localorg/faults')) as Array<{ kind: string; fired: number }>;
      await control(faulty, 'DELETE', '/__localorg/faults');

      // The same end state, in billing and on the Salesforce records.
      const [billingClean, billingFaulty] = [await billingState(clean), await billingState(faulty)];
      expect(billingFaulty.accounts).toEqual(billingClean.accounts);
      expect(billingFaulty.contacts).toEqual(billingClean.contacts);
      expect(billingFaulty.links).toEqual(billingClean.links);
      expect(billingFaulty.accounts.length).toBe(reference.objects.Account.created);
      expect(new Set(billingFaulty.accounts.map((a) => a.account_number)).size).toBe(billingFaulty.accounts.length);
      expect(await salesforceState(faulty)).toEqual(await salesforceState(clean));

      // Every retry is on record: each 503 and each 401 in the org's request log is one retry event; each
      // record the org locked is counted in a lock retry; each 403 ended one deferred run.
      const retries: RetryEvent[] = runs.flatMap((r) => [...r.retries]);
      const statuses = (await faulty.apiCallsSince(since)).map((r) => r.status);
      const count = (code: string) => retries.filter((r) => r.code === code).length;
      const lockedRecords = retries
        .filter((r) => r.code === 'UNABLE_TO_LOCK_ROW')
        .reduce((sum, r) => sum + Number(/^(\d+) record/.exec(r.message)![1]), 0);
      expect(lockedRecords).toBe(fired.find((f) => f.kind === 'unable-to-lock-row')!.fired);
      expect(count('SERVER_UNAVAILABLE')).toBe(statuses.filter((s) => s === 503).length);
      expect(count('INVALID_SESSION_ID')).toBe(statuses.filter((s) => s === 401).length);
      expect(runs.filter((r) => r.error?.code === 'api_budget_low')).toHaveLength(
        statuses.filter((s) => s === 403).length,
      );
      for (const r of retries) expect(Date.parse(r.at)).not.toBeNaN();
      seen.retries.push(...retries);
      seen.statuses.push(...statuses);
      seen.lockedRecords += lockedRecords;
    });
  });

  it('the faulty sides met every kind of fault', () => {
    const count = (code: string) => seen.retries.filter((r) => r.code === code).length;
    expect(count('SERVER_UNAVAILABLE')).toBeGreaterThan(0);
    expect(count('INVALID_SESSION_ID')).toBeGreaterThan(0);
    expect(count('UNABLE_TO_LOCK_ROW')).toBeGreaterThan(0);
    expect(seen.statuses.filter((s) => s === 403).length).toBeGreaterThan(0);
  });
});
