import { describe, expect, it } from 'vitest';
import { call, expectRejected, useApi } from './api-helpers.ts';

describe('accounts and contacts API', () => {
  const api = useApi();

  it('creates a 3-level hierarchy and shows inherited settings', async () => {
    const root = await call(api, 'POST', '/accounts', {
      name: 'Globex',
      accountNumber: 'GLOBEX',
      currency: 'USD',
      arTermDays: 45,
      billingCycle: 'quarterly',
      subscriptionInvoicerId: 'self',
      address: { country: 'United States', region: 'CA' },
    });
    expect(root.status).toBe(201);
    expect(root.body).toMatchObject({ accountNumber: 'GLOBEX', address: { country: 'US' }, currencyLocked: false });
    await call(api, 'POST', '/accounts', {
      name: 'Globex EU',
      accountNumber: 'GLOBEX-2',
      currency: 'USD',
      parentId: 'GLOBEX',
    });
    const leaf = await call(api, 'POST', '/accounts', { name: 'Globex Paris', currency: 'USD', parentId: 'GLOBEX-2' });
    expect(leaf.body.accountNumber).toBe('A-1');
    expect(leaf.body.effective).toEqual({
      subscriptionInvoicerId: root.body.id,
      usageInvoicerId: leaf.body.id,
      taxAccountId: leaf.body.id,
      arTermDays: 45,
      billingCycle: 'quarterly',
      billGroup: null,
    });
    const shown = await call(api, 'GET', `/accounts/${leaf.body.id}`);
    expect(shown.body.effective.arTermDays).toBe(45);
    const tree = await call(api, 'GET', '/accounts/A-1/hierarchy');
    expect(tree.status).toBe(200);
    expect(tree.body.root.children[0].children[0].accountNumber).toBe('A-1');
    const page = await call(api, 'GET', '/accounts?limit=2');
    expect(page.body.accounts).toHaveLength(2);
    const next = await call(api, 'GET', `/accounts?limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body).toMatchObject({ accounts: [{ accountNumber: 'A-1' }], nextCursor: null });
    const changed = await call(api, 'PATCH', '/accounts/A-1', {
      billingCycle: 'monthly',
      primaryEmail: 'ap@globex.test',
    });
    expect(changed.body).toMatchObject({
      billingCycle: 'monthly',
      primaryEmail: 'ap@globex.test',
      effective: { billingCycle: 'monthly' },
    });
  });

  it.each([
    [
      'parent with another currency',
      'POST',
      '/accounts',
      { name: 'X', currency: 'EUR', parentId: 'GLOBEX' },
      409,
      'currency_mismatch',
    ],
    [
      'invoicer outside the hierarchy',
      'POST',
      '/accounts',
      { name: 'X', currency: 'USD', usageInvoicerId: 'GLOBEX' },
      409,
      'invoicer_outside_hierarchy',
    ],
    ['cycle in the hierarchy', 'PATCH', '/accounts/GLOBEX', { parentId: 'A-1' }, 409, 'hierarchy_cycle'],
    [
      'number taken',
      'POST',
      '/accounts',
      { name: 'X', currency: 'USD', accountNumber: 'GLOBEX' },
      409,
      'account_number_taken',
    ],
    ['unknown account', 'GET', '/accounts/NOPE', undefined, 404, 'account_not_found'],
    ['missing name', 'POST', '/accounts', { currency: 'USD' }, 400, 'validation_failed'],
  ] as const)('%s → %i %s, nothing written', async (_name, method, url, body, status, code) => {
    await expectRejected(api, method, url, body, status, code);
  });

  it('a locked currency is refused once the account is billed or synced', async () => {
    const { markAccountSynced } = await import('../../src/billing/accounts/mark-account-synced.ts');
    await markAccountSynced(api.ctx, { idOrNumber: 'GLOBEX-2' });
    const response = await call(api, 'PATCH', '/accounts/GLOBEX-2', { currency: 'EUR' });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('currency_locked');
  });

  it('shares a contact between two accounts', async () => {
    const contact = await call(api, 'POST', '/contacts', {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@globex.test',
    });
    expect(contact.status).toBe(201);
    await call(api, 'POST', '/accounts/GLOBEX/contacts', {
      contactId: contact.body.id,
      roles: ['billing'],
      isPrimary: true,
    });
    const linked = await call(api, 'POST', '/accounts/A-1/contacts', {
      contactId: contact.body.id,
      roles: ['technical'],
    });
    expect(linked.body.accountIds).toHaveLength(2);
    const list = await call(api, 'GET', '/accounts/GLOBEX/contacts');
    expect(list.body).toMatchObject([{ lastName: 'Lovelace', isPrimary: true, roles: ['billing'] }]);
    const gone = await call(api, 'DELETE', `/accounts/A-1/contacts/${contact.body.id}`);
    expect(gone.body).toEqual({ unlinked: true });
    const missing = await call(api, 'POST', '/accounts/GLOBEX/contacts', { contactId: '9999' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('contact_not_found');
  });
});
