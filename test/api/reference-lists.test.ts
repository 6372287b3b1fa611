import { describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/create-api-key.ts';
import { call, expectRejected, useApi } from './api-helpers.ts';

describe('reference lists API: bill groups, AR terms, account categories', () => {
  const api = useApi();

  it('lists the seeded defaults', async () => {
    expect((await call(api, 'GET', '/bill-groups')).body).toEqual([{ code: 'Default', name: 'Default', accounts: 0 }]);
    expect((await call(api, 'GET', '/ar-terms')).body.map((t: { code: string; days: number }) => t.days)).toEqual([
      0, 15, 30, 45, 60,
    ]);
    const categories = (await call(api, 'GET', '/account-categories')).body;
    expect(categories.map((c: { code: string }) => c.code)).toEqual(['Business', 'Residential']);
    expect(categories[0].id).toMatch(/^\d+$/);
  });

  it('adds (201, 200 on repeat), refuses a taken code, and an account names only what the list holds', async () => {
    const added = await call(api, 'POST', '/bill-groups', { code: 'East', name: 'East coast' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ code: 'East', name: 'East coast', accounts: 0 });
    expect((await call(api, 'POST', '/bill-groups', { code: 'East' })).status).toBe(200);
    await expectRejected(api, 'POST', '/bill-groups', { code: 'EAST' }, 409, 'bill_group_taken');
    await expectRejected(api, 'POST', '/bill-groups', { code: 'East', name: 'Other' }, 409, 'bill_group_taken');
    await expectRejected(api, 'POST', '/bill-groups', { code: 'East, West' }, 400, 'validation_failed');

    const unknown = await call(api, 'POST', '/accounts', { name: 'Acme', currency: 'USD', billGroup: 'North' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('bill_group_unknown');
    expect(unknown.body.error.message).toContain('the bill groups are "Default", "East"');
    expect(unknown.body.error.details).toMatchObject({ field: 'billGroup', known: ['Default', 'East'] });
    const category = await call(api, 'POST', '/accounts', {
      name: 'Acme',
      currency: 'USD',
      accountCategory: 'SMB',
    });
    expect(category.body.error).toMatchObject({
      code: 'account_category_unknown',
      details: { field: 'accountCategory' },
    });

    const acme = await call(api, 'POST', '/accounts', {
      name: 'Acme',
      accountNumber: 'ACME',
      currency: 'USD',
      billGroup: 'east',
      accountCategory: 'business',
      arTermDays: 30,
    });
    expect(acme.status).toBe(201);
    expect(acme.body).toMatchObject({ billGroup: 'East', accountCategory: 'Business', arTermDays: 30 });
    const moved = await call(api, 'PATCH', '/accounts/ACME', { billGroup: 'NOPE' });
    expect(moved.body.error.code).toBe('bill_group_unknown');

    await expectRejected(api, 'DELETE', '/bill-groups/East', undefined, 409, 'bill_group_in_use');
    await expectRejected(api, 'DELETE', '/account-categories/Business', undefined, 409, 'account_category_in_use');
    await expectRejected(api, 'DELETE', '/ar-terms/Net%2030', undefined, 409, 'ar_term_in_use');
    await expectRejected(api, 'DELETE', '/bill-groups/North', undefined, 404, 'bill_group_unknown');

    expect((await call(api, 'PATCH', '/accounts/ACME', { billGroup: null, arTermDays: 31 })).status).toBe(200);
    expect((await call(api, 'DELETE', '/bill-groups/east')).body).toEqual({ removed: 'East' });
    expect((await call(api, 'DELETE', '/ar-terms/net%2030')).body).toEqual({ removed: 'Net 30' });
  });

  it('AR terms: each names different days; any whole days 0–365 stay valid on an account', async () => {
    expect((await call(api, 'POST', '/ar-terms', { code: 'Net 90', days: 90 })).status).toBe(201);
    expect((await call(api, 'POST', '/ar-terms', { code: 'Net 90', days: 90 })).status).toBe(200);
    await expectRejected(api, 'POST', '/ar-terms', { code: 'Ninety', days: 90 }, 409, 'ar_term_taken');
    await expectRejected(api, 'POST', '/ar-terms', { code: 'net 90', days: 91 }, 409, 'ar_term_taken');
    await expectRejected(api, 'POST', '/ar-terms', { code: 'Net 400', days: 400 }, 400, 'validation_failed');
    const odd = await call(api, 'POST', '/accounts', { name: 'Odd', currency: 'USD', arTermDays: 17 });
    expect(odd.status).toBe(201);
  });

  it('GET /salesforce/value-sets gives the five sets from the current lists', async () => {
    const sets = (await call(api, 'GET', '/salesforce/value-sets')).body as {
      name: string;
      values: { value: string; label: string }[];
    }[];
    expect(sets.map((s) => s.name)).toEqual([
      'Billing_Status',
      'Billing_Cycle',
      'Billing_AR_Term',
      'Billing_Bill_Group',
      'Billing_Account_Category',
    ]);
    expect(sets[2].values.map((v) => v.value)).toEqual(['Net 0', 'Net 15', 'Net 45', 'Net 60', 'Net 90']);
    expect(sets[4].values).toEqual([
      { value: 'Business', label: 'Business' },
      { value: 'Residential', label: 'Residential' },
    ]);
  });

  it('viewers read the lists, only admins change them', async () => {
    const viewer = (await createApiKey(api.ctx, { name: 'viewer', role: 'viewer' })).secret;
    const operator = (await createApiKey(api.ctx, { name: 'operator', role: 'operator' })).secret;
    for (const url of ['/bill-groups', '/ar-terms', '/account-categories', '/salesforce/value-sets']) {
      expect((await call(api, 'GET', url, undefined, { key: viewer })).status).toBe(200);
    }
    await expectRejected(api, 'POST', '/bill-groups', { code: 'West' }, 403, 'forbidden', { key: operator });
    await expectRejected(api, 'DELETE', '/account-categories/Residential', undefined, 403, 'forbidden', {
      key: viewer,
    });
  });
});
