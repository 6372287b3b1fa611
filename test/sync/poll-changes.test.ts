import { describe, expect, it } from 'vitest';
import { createAccount } from '../../src/billing/accounts/create-account.ts';
import { linkContact } from '../../src/billing/contacts/link-contact.ts';
import { pollChanges } from '../../src/sync/poll-changes.ts';
import { useSyncContext } from './sync-helpers.ts';

describe('change polling on SystemModstamp', () => {
  const h = useSyncContext();
  const idOf = async (name: string) =>
    (await h.sf.query<{ Id: string }>(`SELECT Id FROM Account WHERE Name = '${name}'`)).records[0].Id;

  it('the first poll syncs everything flagged; the next ones only what changed', async () => {
    await h.sf.sobject('Account').update({ Id: await idOf('Nordwind Niederlassung Berlin'), Billing_Sync__c: true });
    const first = await pollChanges(h.ctx);
    expect(first.objects.Account).toMatchObject({ created: 3, failed: 0 });
    const cursor = await h.ctx.db.selectFrom('sync_cursors').selectAll().executeTakeFirstOrThrow();
    expect(cursor.flow).toBe('accounts');

    // The write-back changed the records' SystemModstamp; the next poll reads them, finds them unchanged.
    await pollChanges(h.ctx);
    const mark = await h.mark();
    const quiet = await pollChanges(h.ctx);
    expect(quiet.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    const calls = await h.apiCallsSince(mark);
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
    expect(calls.length).toBeLessThanOrEqual(3); // Account, Contact, AccountContactRelation

    // Once changes have settled, a poll of a quiet org reads nothing at all.
    // (The hub's clock moves on 10 s; the org's keeps real time, so it is put back afterwards.)
    const before = h.clock.now();
    h.clock.set(new Date(before.getTime() + 10_000));
    const settled = await pollChanges(h.ctx);
    expect(settled.records).toEqual([]);
    h.clock.set(before);

    await h.sf.sobject('Account').update({ Id: await idOf('Nordwind Gruppe AG'), BillingPostalCode: '20099' });
    const changed = await pollChanges(h.ctx);
    expect(changed.objects.Account).toMatchObject({ updated: 1, created: 0 });
  });

  it('a contact edited alone is updated, though the poll does not read its account', async () => {
    const contacts = await h.sf.query<{ Id: string }>(
      "SELECT Id FROM Contact WHERE Account.Name = 'Nordwind Niederlassung Berlin'",
    );
    const contact = contacts.records[0].Id;
    await h.sf.sobject('Contact').update({ Id: contact, Billing_Sync__c: true });
    await pollChanges(h.ctx);
    await h.sf.sobject('Contact').update({ Id: contact, Phone: '+49 30 555 0199' });
    const result = await pollChanges(h.ctx);
    const row = result.records.find((r) => r.salesforceId === contact)!;
    expect(row.outcome).toBe('updated');
    expect(result.records.some((r) => r.object === 'account' && r.outcome !== 'unchanged')).toBe(false);
  });

  it('picks up changes made while revbridge was stopped (the cursor is in the store)', async () => {
    const berlin = await idOf('Nordwind Niederlassung Berlin');
    await h.sf.sobject('Account').update({ Id: berlin, BillingStreet: 'Unter den Linden 1' });
    // A new process: same store, nothing in memory.
    const ctx = { ...h.ctx };
    const result = await pollChanges(ctx);
    const row = result.records.find((r) => r.salesforceId === berlin)!;
    expect(row.outcome).toBe('updated');
    expect(row.diff).toEqual({ 'address.street': { from: 'Friedrichstraße 68', to: 'Unter den Linden 1' } });
  });

  it('a relation removed in Salesforce takes the contact off that account in billing; a billing-only link stays', async () => {
    const base = { CurrencyIsoCode: 'EUR', BillingCountry: 'DE', Billing_Sync__c: true };
    const [home, served] = await Promise.all(
      ['Relation Home GmbH', 'Relation Served GmbH'].map(
        async (Name) => ((await h.sf.sobject('Account').create({ Name, ...base })) as { id: string }).id,
      ),
    );
    const contact = (
      (await h.sf.sobject('Contact').create({ LastName: 'Relation', AccountId: home, Billing_Sync__c: true })) as {
        id: string;
      }
    ).id;
    const relation = (
      (await h.sf
        .sobject('AccountContactRelation')
        .create({ AccountId: served, ContactId: contact, Roles: 'Billing' })) as {
        id: string;
      }
    ).id;
    await pollChanges(h.ctx);
    const billingContact = (
      await h.ctx.db
        .selectFrom('sync_links')
        .select('billing_id')
        .where('salesforce_id', '=', contact)
        .executeTakeFirstOrThrow()
    ).billing_id;
    const accountsOf = async () =>
      (
        await h.ctx.db
          .selectFrom('account_contacts as ac')
          .innerJoin('accounts as a', 'a.id', 'ac.account_id')
          .select('a.name')
          .where('ac.contact_id', '=', billingContact)
          .orderBy('a.name')
          .execute()
      ).map((r) => r.name);
    expect(await accountsOf()).toEqual(['Relation Home GmbH', 'Relation Served GmbH']);
    // An operator also puts the contact on an account billing has on its own.
    const own = await createAccount(h.ctx, { name: 'Relation Billing Only', currency: 'EUR' });
    await linkContact(h.ctx, { accountId: own.id, contactId: billingContact.toString() });

    await h.sf.sobject('AccountContactRelation').destroy(relation);
    const result = await pollChanges(h.ctx);
    expect(result.records.find((r) => r.salesforceId === contact)?.outcome).toBe('updated');
    expect(await accountsOf()).toEqual(['Relation Billing Only', 'Relation Home GmbH']);
  });

  it('a child failing because of its parent is read again once the parent is fixed', async () => {
    const parent = await idOf('Van Dijk Logistiek B.V.');
    await h.sf.sobject('Account').update({ Id: parent, Billing_Sync__c: true, BillingCountry: 'Holland-ish' });
    const child = (
      (await h.sf.sobject('Account').create({
        Name: 'Van Dijk Rotterdam',
        ParentId: parent,
        CurrencyIsoCode: 'EUR',
        BillingCountry: 'Netherlands',
        Billing_Sync__c: true,
      })) as { id: string }
    ).id;
    const failing = await pollChanges(h.ctx);
    expect(failing.records.find((r) => r.salesforceId === child)?.errorCode).toBe('parent_sync_failed');
    await pollChanges(h.ctx); // the Error state written back is read once more
    await h.sf.sobject('Account').update({ Id: parent, BillingCountry: 'Netherlands' });
    const fixed = await pollChanges(h.ctx);
    expect(fixed.records.find((r) => r.salesforceId === parent)?.outcome).toBe('created');
    expect(fixed.records.find((r) => r.salesforceId === child)?.outcome).toBe('created');
  });
});
