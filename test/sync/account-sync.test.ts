import { describe, expect, it } from 'vitest';
import { syncAccounts } from '../../src/sync/flows/account-push/sync-accounts.ts';
import { useSyncContext } from './sync-helpers.ts';

interface SfAccount {
  Id: string;
  Name: string;
  ParentId: string | null;
  Billing_Account_Number__c: string | null;
  Billing_Account_Id__c: string | null;
  Billing_Sync_Status__c: string | null;
  Billing_Sync_Error__c: string | null;
  Billing_Last_Synced__c: string | null;
}

describe('account sync: Salesforce → billing, state back on the record', () => {
  const h = useSyncContext();

  const accounts = async (where = '') =>
    (
      await h.sf.query<SfAccount>(
        `SELECT Id, Name, ParentId, Billing_Account_Number__c, Billing_Account_Id__c, Billing_Sync_Status__c, Billing_Sync_Error__c, Billing_Last_Synced__c FROM Account ${where}`,
      )
    ).records;
  const byName = async () => new Map((await accounts()).map((a) => [a.Name, a]));

  it('a flagged branch brings its two ancestors along; a shared contact is one billing contact', async () => {
    const sf = await byName();
    const chicago = sf.get('Acme Chicago Branch')!;
    await h.sf.sobject('Account').update({ Id: chicago.Id, Billing_Sync__c: true });
    const contacts = (await h.sf.query<{ Id: string }>(`SELECT Id FROM Contact`)).records;
    await h.sf.sobject('Contact').update(contacts.map((c) => ({ Id: c.Id, Billing_Sync__c: true })));
    // One direct relation carries roles (most carry none: the contact's own AccountId says it all).
    const direct = (
      await h.sf.query<{ Id: string }>(
        "SELECT Id FROM AccountContactRelation WHERE IsDirect = true AND Account.Name = 'Acme Chicago Branch' LIMIT 1",
      )
    ).records[0];
    await h.sf.sobject('AccountContactRelation').update({ Id: direct.Id, Roles: 'Decision Maker;Economic Buyer' });

    const result = await syncAccounts(h.ctx, { trigger: 'test' });
    expect(result.error).toBeUndefined();
    expect(result.objects.Account).toMatchObject({ created: 3, failed: 0 });
    expect(result.status).toBe('succeeded');

    const billing = await h.ctx.db.selectFrom('accounts').selectAll().orderBy('id').execute();
    expect(billing.map((a) => a.name)).toEqual(['Acme Holdings Inc.', 'Acme North America LLC', 'Acme Chicago Branch']);
    expect(billing[1].parent_id).toBe(billing[0].id);
    expect(billing[2].parent_id).toBe(billing[1].id);
    expect(billing.map((a) => a.country)).toEqual(['US', 'US', 'US']);
    expect(billing.every((a) => a.synced_at !== null)).toBe(true);

    const after = await byName();
    for (const a of billing) {
      const record = after.get(a.name)!;
      expect(record.Billing_Account_Number__c).toBe(a.account_number);
      expect(record.Billing_Account_Id__c).toBe(a.id.toString());
      expect(record.Billing_Sync_Status__c).toBe('Synced');
      expect(record.Billing_Last_Synced__c).not.toBeNull();
    }
    // Contacts of the three accounts reach billing; the others are skipped (their accounts do not sync).
    expect(result.objects.Contact.created).toBeGreaterThan(0);
    expect(result.objects.Contact.skipped).toBeGreaterThan(0);
    // Every relation of a synced contact to a synced account is in billing, with its roles: direct or shared.
    const links = await h.ctx.db.selectFrom('sync_links').select(['object', 'salesforce_id', 'billing_id']).execute();
    const billingIdOf = new Map(links.map((l) => [`${l.object}:${l.salesforce_id}`, l.billing_id.toString()]));
    const relations = (
      await h.sf.query<{ ContactId: string; AccountId: string; Roles: string | null }>(
        'SELECT ContactId, AccountId, Roles FROM AccountContactRelation',
      )
    ).records;
    const expected = relations
      .map((r) => [
        billingIdOf.get(`account:${r.AccountId}`),
        billingIdOf.get(`contact:${r.ContactId}`),
        (r.Roles ?? '')
          .split(';')
          .filter(Boolean)
          .map((role) => role.toLowerCase())
          .sort(),
      ])
      .filter(([account, contact]) => account && contact);
    const inBilling = (await h.ctx.db.selectFrom('account_contacts').selectAll().execute()).map((r) => [
      r.account_id.toString(),
      r.contact_id.toString(),
      [...r.roles].sort(),
    ]);
    const order = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(order(inBilling)).toEqual(order(expected));
    expect(inBilling.some(([, , roles]) => (roles as string[]).includes('economic buyer'))).toBe(true);
  });

  it('a second run with nothing changed writes nothing and spends one query per object', async () => {
    const mark = await h.mark();
    const result = await syncAccounts(h.ctx, { trigger: 'test' });
    expect(result.objects.Account).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 0 });
    const calls = await h.apiCallsSince(mark);
    const writes = calls.filter((c) => c.method !== 'GET');
    expect(writes).toEqual([]);
    const queries = calls.filter((c) => c.path.includes('/query'));
    expect(queries.length).toBeLessThanOrEqual(3); // Account, Contact, AccountContactRelation
  });

  it('an edit to a mapped field pushes one update; an edit to an unmapped field pushes none', async () => {
    const na = (await byName()).get('Acme North America LLC')!;
    await h.sf.sobject('Account').update({ Id: na.Id, BillingCity: 'Evanston' });
    const mapped = await syncAccounts(h.ctx, { trigger: 'test' });
    expect(mapped.objects.Account).toMatchObject({ updated: 1, unchanged: 2 });
    expect(mapped.records.find((r) => r.outcome === 'updated')!.diff).toEqual({
      'address.city': { from: 'Chicago', to: 'Evanston' },
    });
    await h.sf.sobject('Account').update({ Id: na.Id, Description: 'Key account' });
    const unmapped = await syncAccounts(h.ctx, { trigger: 'test' });
    expect(unmapped.objects.Account).toMatchObject({ updated: 0, unchanged: 3 });
  });
});
