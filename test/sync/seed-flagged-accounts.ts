import type { Connection } from 'jsforce';
import { expect } from 'vitest';
import type { SyncRunResult } from '../../src/sync/engine/recorded-run.ts';

export interface FlaggedAccounts {
  /** Salesforce ids of every account created, all flagged for billing. */
  accountIds: string[];
  contactIds: string[];
}

/**
 * Many flagged accounts, fast: `roots` three-level hierarchies (each root with `children` children, each
 * child with `grandchildren` of its own) and one flagged contact per root and per child, created level by
 * level through sObject Collections (200 records a call). Names are unique (`<prefix> R12`, `<prefix> R12.3`,
 * `<prefix> R12.3.1`), so billing duplicates show as repeated names. For an org with multi-currency on.
 */
export async function seedFlaggedAccounts(
  sf: Connection,
  options: { prefix: string; roots: number; children: number; grandchildren: number },
): Promise<FlaggedAccounts> {
  const { prefix, roots, children, grandchildren } = options;
  const base = {
    CurrencyIsoCode: 'USD',
    BillingCountry: 'US',
    BillingCity: 'Springfield',
    Billing_Primary_Email__c: 'billing@example.com',
    Billing_Sync__c: true,
  };
  const createAll = async (object: 'Account' | 'Contact', records: Array<Record<string, unknown>>) => {
    const ids: string[] = [];
    for (let i = 0; i < records.length; i += 200) {
      const results = await sf.sobject(object).create(records.slice(i, i + 200), { allOrNone: true });
      for (const r of results) {
        expect(r.success, JSON.stringify(r)).toBe(true);
        ids.push((r as { id: string }).id);
      }
    }
    return ids;
  };

  const rootNames = Array.from({ length: roots }, (_, r) => `${prefix} R${r}`);
  const rootIds = await createAll(
    'Account',
    rootNames.map((Name) => ({ ...base, Name })),
  );
  const childNames = rootNames.flatMap((root) => Array.from({ length: children }, (_, c) => `${root}.${c}`));
  const childIds = await createAll(
    'Account',
    childNames.map((Name, i) => ({ ...base, Name, ParentId: rootIds[Math.floor(i / children)] })),
  );
  const grandchildNames = childNames.flatMap((child) =>
    Array.from({ length: grandchildren }, (_, g) => `${child}.${g}`),
  );
  const grandchildIds = await createAll(
    'Account',
    grandchildNames.map((Name, i) => ({ ...base, Name, ParentId: childIds[Math.floor(i / grandchildren)] })),
  );

  const contactParents = [...rootIds, ...childIds];
  const contactNames = [...rootNames, ...childNames];
  const contactIds = await createAll(
    'Contact',
    contactParents.map((AccountId, i) => ({
      AccountId,
      FirstName: 'Billing',
      LastName: contactNames[i],
      Email: `billing-${i}@example.com`,
      Billing_Sync__c: true,
    })),
  );
  return { accountIds: [...rootIds, ...childIds, ...grandchildIds], contactIds };
}

/** A local-org test control call (see docs/localorg.md), which must succeed. */
export async function orgControl(orgUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${orgUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return (await res.json()) as unknown;
}

/**
 * `run` again and again (40 times at most) until a run ends without error, as a scheduler would while Salesforce
 * fails: only deferrals are allowed (Salesforce unavailable, the daily limit or the budget), and an injected limit
 * is reset (in production the allowance recovers over the day). Every run, the last one completed.
 */
export async function runUntilDone(orgUrl: string, run: () => Promise<SyncRunResult>): Promise<SyncRunResult[]> {
  const runs: SyncRunResult[] = [];
  for (let i = 0; i < 40; i++) {
    const result = await run();
    runs.push(result);
    if (!result.error) break;
    expect(['api_budget_low', 'salesforce_unavailable']).toContain(result.error.code);
    expect(result.status).toBe('deferred');
    if (result.error.code === 'api_budget_low') await orgControl(orgUrl, 'POST', '/__localorg/usage/reset');
  }
  return runs;
}
