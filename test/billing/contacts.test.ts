import { describe, expect, it } from 'vitest';
import { createAccount } from '../../src/billing/accounts/create-account.ts';
import { createContact } from '../../src/billing/contacts/create-contact.ts';
import { linkContact } from '../../src/billing/contacts/link-contact.ts';
import { listAccountContacts } from '../../src/billing/contacts/list-account-contacts.ts';
import { unlinkContact } from '../../src/billing/contacts/unlink-contact.ts';
import { expectRefused, useBillingContext } from './helpers.ts';

describe('contacts', () => {
  const b = useBillingContext();

  it('one contact shared by two accounts, with roles per account', async () => {
    const east = await createAccount(b.ctx, { name: 'Initech East', accountNumber: 'INI-E', currency: 'USD' });
    const west = await createAccount(b.ctx, { name: 'Initech West', accountNumber: 'INI-W', currency: 'USD' });
    const peter = await createContact(b.ctx, { firstName: 'Peter', lastName: 'Gibbons', email: 'peter@initech.test' });
    const bill = await createContact(b.ctx, { firstName: 'Bill', lastName: 'Lumbergh' });

    await linkContact(b.ctx, {
      accountId: 'INI-E',
      contactId: peter.id,
      roles: ['billing', 'Billing'],
      isPrimary: true,
    });
    const shared = await linkContact(b.ctx, { accountId: west.id, contactId: peter.id, roles: ['technical'] });
    expect(shared.accountIds).toEqual([east.id, west.id]);
    expect(shared.roles).toEqual(['technical']);

    await linkContact(b.ctx, { accountId: 'INI-E', contactId: bill.id, roles: ['decision_maker'], isPrimary: true });
    const eastContacts = await listAccountContacts(b.ctx, { accountId: 'INI-E' });
    expect(eastContacts.map((c) => [c.lastName, c.isPrimary, c.roles])).toEqual([
      ['Lumbergh', true, ['decision_maker']],
      ['Gibbons', false, ['billing']],
    ]);

    expect(await unlinkContact(b.ctx, { accountId: 'INI-W', contactId: peter.id })).toEqual({ unlinked: true });
    expect(await unlinkContact(b.ctx, { accountId: 'INI-W', contactId: peter.id })).toEqual({ unlinked: false });
    expect(await listAccountContacts(b.ctx, { accountId: 'INI-W' })).toEqual([]);
    expect(
      (await listAccountContacts(b.ctx, { accountId: 'INI-E' })).find((c) => c.id === peter.id)?.accountIds,
    ).toEqual([east.id]);
  });

  it.each([
    ['missing last name', 'validation_failed', () => createContact(b.ctx, { lastName: ' ' })],
    ['bad email', 'validation_failed', () => createContact(b.ctx, { lastName: 'X', email: 'nope' })],
    ['unknown account', 'account_not_found', () => linkContact(b.ctx, { accountId: 'NOPE', contactId: '1' })],
    ['unknown contact', 'contact_not_found', () => linkContact(b.ctx, { accountId: 'INI-E', contactId: '9999' })],
    ['bad role', 'validation_failed', () => linkContact(b.ctx, { accountId: 'INI-E', contactId: '1', roles: ['$$'] })],
    ['unlink unknown contact', 'contact_not_found', () => unlinkContact(b.ctx, { accountId: 'INI-E', contactId: 'x' })],
  ])('refuses %s with %s and writes nothing', async (_name, code, action) => {
    await expectRefused(b.ctx, code, action);
  });
});
