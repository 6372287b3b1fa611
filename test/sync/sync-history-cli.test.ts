import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncRunResult } from '../../src/sync/engine/recorded-run.ts';
import type { SyncHistory } from '../../src/sync/history/list-sync-history.ts';
import { revbridge } from './revbridge-cli.ts';
import { orgControl } from './seed-flagged-accounts.ts';
import { useSyncContext } from './sync-helpers.ts';

/**
 * What an operator does from a terminal when a record fails: `sync accounts`, `history --failed` to see
 * which record and why, fix it in Salesforce, `retry <run>`. Through the CLI as a user runs it, against a
 * local org configured as the Salesforce org.
 */
describe('revbridge history --failed and retry, end to end', () => {
  const h = useSyncContext({ seed: 'empty' });
  const ids = { good: '', atlantis: '' };

  beforeAll(async () => {
    await orgControl(h.org.url, 'PATCH', '/__localorg/settings', { multiCurrency: true, currencies: ['USD', 'EUR'] });
    const create = async (Name: string, BillingCountry: string) =>
      (
        (await h.sf.sobject('Account').create({
          Name,
          BillingCountry,
          CurrencyIsoCode: 'USD',
          Billing_Primary_Email__c: 'billing@example.com',
          Billing_Sync__c: true,
        })) as { id: string }
      ).id;
    ids.good = await create('Good Co', 'US');
    ids.atlantis = await create('Atlantis Ltd', 'Atlantis');
  });

  const json = async <T>(args: string[]): Promise<T> => {
    const run = await revbridge(h, [...args, '--json']);
    expect(run.stderr, args.join(' ')).toBe('');
    expect(run.code, args.join(' ')).toBe(0);
    return JSON.parse(run.stdout) as T;
  };
  const state = async (id: string) =>
    (
      await h.sf.query<{ Billing_Sync_Status__c: string | null; Billing_Sync_Error__c: string | null }>(
        `SELECT Billing_Sync_Status__c, Billing_Sync_Error__c FROM Account WHERE Id = '${id}'`,
      )
    ).records[0];

  it('a failed record is listed by history --failed; fixed in Salesforce, retry <run> creates it', async () => {
    const first = await json<SyncRunResult>(['sync', 'accounts']);
    expect(first.status).toBe('partial');
    expect(first.objects.Account).toMatchObject({ created: 1, failed: 1 });
    expect(await state(ids.atlantis)).toMatchObject({
      Billing_Sync_Status__c: 'Error',
      Billing_Sync_Error__c: expect.stringMatching(/^unknown_country: /),
    });

    const failed = await json<SyncHistory>(['history', '--failed']);
    expect(failed.runs.map((r) => [r.runId, r.status, r.trigger])).toEqual([[first.runId, 'partial', 'cli']]);
    expect(failed.records).toEqual([
      expect.objectContaining({
        runId: first.runId,
        object: 'account',
        salesforceId: ids.atlantis,
        label: 'Atlantis Ltd',
        outcome: 'failed',
        error: { code: 'unknown_country', message: expect.stringContaining('Atlantis') },
      }),
    ]);
    // The same, as a person reads it.
    const human = await revbridge(h, ['history', '--failed']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Atlantis Ltd');
    expect(human.stdout).toContain('unknown_country: ');

    // Fixed where it was wrong, then the run retried: only its failed record is read and synced.
    await h.sf.sobject('Account').update({ Id: ids.atlantis, BillingCountry: 'Greece' });
    const retry = await json<SyncRunResult>(['retry', first.runId]);
    expect(retry.status).toBe('succeeded');
    expect(retry.objects.Account).toMatchObject({ created: 1, updated: 0, unchanged: 0, failed: 0 });
    expect(retry.records.filter((r) => r.object === 'account')).toEqual([
      expect.objectContaining({ salesforceId: ids.atlantis, outcome: 'created' }),
    ]);
    expect(await state(ids.atlantis)).toEqual({
      attributes: expect.anything(),
      Billing_Sync_Status__c: 'Synced',
      Billing_Sync_Error__c: null,
    });
    const billing = await h.ctx.db.selectFrom('accounts').select(['name', 'country']).orderBy('id').execute();
    expect(billing).toEqual([
      { name: 'Good Co', country: 'US' },
      { name: 'Atlantis Ltd', country: 'GR' },
    ]);

    // The history names the run the retry was for; `--run` shows what it did.
    const all = await json<SyncHistory>(['history']);
    expect(all.runs.map((r) => [r.runId, r.trigger, r.status, r.retryOf])).toEqual([
      [retry.runId, 'retry', 'succeeded', first.runId],
      [first.runId, 'cli', 'partial', null],
    ]);
    const one = await json<SyncHistory>(['history', '--run', retry.runId]);
    expect(one.records.filter((r) => r.object === 'account').map((r) => [r.label, r.outcome])).toEqual([
      ['Atlantis Ltd', 'created'],
    ]);
    // Retrying a run that does not exist is a coded error, not a crash.
    const missing = await revbridge(h, ['retry', '999999', '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'sync_run_not_found' } });
  }, 60_000);
});
