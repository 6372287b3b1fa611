import { describe, expect, it } from 'vitest';
import { accountHierarchy } from '../../src/billing/accounts/account-hierarchy.ts';
import { createAccount } from '../../src/billing/accounts/create-account.ts';
import { addBillGroup } from '../../src/billing/reference-lists/add-bill-group.ts';
import { getAccount } from '../../src/billing/accounts/get-account.ts';
import { listAccounts } from '../../src/billing/accounts/list-accounts.ts';
import { markAccountSynced } from '../../src/billing/accounts/mark-account-synced.ts';
import { updateAccount } from '../../src/billing/accounts/update-account.ts';
import { expectRefused, useBillingContext } from './helpers.ts';

describe('billing accounts', () => {
  const b = useBillingContext();

  it('generates account numbers and normalises the address country', async () => {
    const a = await createAccount(b.ctx, {
      name: 'Acme Corp',
      currency: 'USD',
      primaryEmail: 'billing@acme.test',
      address: { street: '1 Main St', city: 'Austin', region: 'TX', postalCode: '78701', country: 'U.S.A.' },
    });
    expect(a.accountNumber).toBe('A-1');
    expect(a.address.country).toBe('US');
    expect(a.effective).toMatchObject({ subscriptionInvoicerId: a.id, arTermDays: 30, billingCycle: 'monthly' });
    const b2 = await createAccount(b.ctx, { name: 'Beta', currency: 'USD', address: { country: 'Deutschland' } });
    expect(b2.accountNumber).toBe('A-2');
    expect(b2.address.country).toBe('DE');
    const own = await createAccount(b.ctx, { name: 'Own number', accountNumber: 'CUST-77', currency: 'EUR' });
    expect(own.accountNumber).toBe('CUST-77');
    expect((await getAccount(b.ctx, { idOrNumber: 'CUST-77' })).id).toBe(own.id);
    expect((await getAccount(b.ctx, { idOrNumber: own.id })).accountNumber).toBe('CUST-77');
  });

  it('a 3-level hierarchy: children inherit the settings they do not set', async () => {
    // A bill group is billing's list: typed in any case, the account keeps the list's spelling.
    await addBillGroup(b.ctx, { code: 'Enterprise' });
    const root = await createAccount(b.ctx, {
      name: 'Globex Holding',
      accountNumber: 'GLOBEX',
      currency: 'USD',
      arTermDays: 45,
      billingCycle: 'quarterly',
      billGroup: 'enterprise',
      subscriptionInvoicerId: 'self',
      taxAccountId: 'self',
    });
    const region = await createAccount(b.ctx, {
      name: 'Globex Americas',
      accountNumber: 'GLOBEX-AM',
      currency: 'USD',
      parentId: 'GLOBEX',
      usageInvoicerId: 'self',
      arTermDays: 15,
    });
    const site = await createAccount(b.ctx, {
      name: 'Globex Austin',
      accountNumber: 'GLOBEX-AM-AUS',
      currency: 'USD',
      parentId: region.id,
    });
    expect(site.effective).toEqual({
      subscriptionInvoicerId: root.id,
      usageInvoicerId: region.id,
      taxAccountId: root.id,
      arTermDays: 15,
      billingCycle: 'quarterly',
      billGroup: 'Enterprise',
    });
    expect(site.subscriptionInvoicerId).toBeNull();

    const tree = await accountHierarchy(b.ctx, { idOrNumber: 'GLOBEX-AM-AUS' });
    expect(tree.root.accountNumber).toBe('GLOBEX');
    expect(tree.root.children.map((c) => c.accountNumber)).toEqual(['GLOBEX-AM']);
    expect(tree.root.children[0].children[0]).toMatchObject({ accountNumber: 'GLOBEX-AM-AUS', children: [] });
    expect(tree.root.children[0].children[0].effective.usageInvoicerId).toBe(region.id);

    // A setting of its own overrides the inherited one; clearing it inherits again.
    const own = await updateAccount(b.ctx, { idOrNumber: site.id, billingCycle: 'monthly', usageInvoicerId: 'GLOBEX' });
    expect(own.effective).toMatchObject({ billingCycle: 'monthly', usageInvoicerId: root.id });
    const cleared = await updateAccount(b.ctx, { idOrNumber: site.id, billingCycle: null, usageInvoicerId: null });
    expect(cleared.effective).toMatchObject({ billingCycle: 'quarterly', usageInvoicerId: region.id });
    // The root's own usage goes to the site: any account of the hierarchy may be an invoicer.
    const rooted = await updateAccount(b.ctx, { idOrNumber: 'GLOBEX', usageInvoicerId: 'GLOBEX-AM-AUS' });
    expect(rooted.effective.usageInvoicerId).toBe(site.id);
  });

  it.each([
    ['parent with another currency', 'currency_mismatch', { currency: 'EUR', parentId: 'GLOBEX' }],
    [
      'invoicer outside the hierarchy',
      'invoicer_outside_hierarchy',
      { currency: 'USD', parentId: 'GLOBEX', subscriptionInvoicerId: 'A-1' },
    ],
    ['tax account outside the hierarchy', 'invoicer_outside_hierarchy', { currency: 'USD', taxAccountId: 'GLOBEX' }],
    ['unknown parent', 'account_not_found', { currency: 'USD', parentId: 'NOPE' }],
    ['unknown currency', 'unknown_currency', { currency: 'ABC' }],
    ['missing currency', 'validation_failed', { currency: '' }],
    ['number taken', 'account_number_taken', { currency: 'USD', accountNumber: 'GLOBEX' }],
    ['invalid number', 'validation_failed', { currency: 'USD', accountNumber: 'has space' }],
    ['bad email', 'validation_failed', { currency: 'USD', primaryEmail: 'not-an-email' }],
    ['unknown country', 'unknown_country', { currency: 'USD', address: { country: 'Atlantis' } }],
    ['negative AR term', 'validation_failed', { currency: 'USD', arTermDays: -1 }],
    ['bad billing cycle', 'validation_failed', { currency: 'USD', billingCycle: 'weekly' }],
    ['bad status', 'validation_failed', { currency: 'USD', status: 'deleted' }],
    ['unknown bill group', 'bill_group_unknown', { currency: 'USD', billGroup: 'East' }],
    ['unknown account category', 'account_category_unknown', { currency: 'USD', accountCategory: 'Government' }],
  ])('createAccount refuses %s with %s and writes nothing', async (_name, code, input) => {
    await expectRefused(b.ctx, code, () => createAccount(b.ctx, { name: 'Refused', ...input }));
  });

  it('currency may change until the account is synced or billed', async () => {
    const a = await createAccount(b.ctx, { name: 'Changer', accountNumber: 'CHG', currency: 'USD' });
    expect((await updateAccount(b.ctx, { idOrNumber: 'CHG', currency: 'EUR' })).currency).toBe('EUR');
    await markAccountSynced(b.ctx, { idOrNumber: a.id });
    expect((await getAccount(b.ctx, { idOrNumber: 'CHG' })).currencyLocked).toBe(true);
    await expectRefused(b.ctx, 'currency_locked', () => updateAccount(b.ctx, { idOrNumber: 'CHG', currency: 'USD' }));
    // The same currency again is not a change.
    expect((await updateAccount(b.ctx, { idOrNumber: 'CHG', currency: 'EUR', name: 'Changer 2' })).name).toBe(
      'Changer 2',
    );

    const billed = await createAccount(b.ctx, { name: 'Billed', accountNumber: 'BILLED', currency: 'USD' });
    await b.ctx.db
      .insertInto('invoices')
      .values({
        account_id: BigInt(billed.id),
        sequence: 1,
        invoice_number: 'BILLED-1',
        kind: 'subscription',
        invoice_date: '2026-01-01',
        due_date: '2026-01-31',
        currency: 'USD',
        subtotal_minor: 100n,
        tax_minor: 0n,
        total_minor: 100n,
      })
      .execute();
    await expectRefused(b.ctx, 'currency_locked', () =>
      updateAccount(b.ctx, { idOrNumber: 'BILLED', currency: 'EUR' }),
    );
  });

  it('a parent cannot change currency away from its children', async () => {
    await expectRefused(b.ctx, 'currency_mismatch', () =>
      updateAccount(b.ctx, { idOrNumber: 'GLOBEX', currency: 'EUR' }),
    );
  });

  it.each([
    ['cycle: root under its grandchild', 'hierarchy_cycle', { idOrNumber: 'GLOBEX', parentId: 'GLOBEX-AM-AUS' }],
    ['cycle: own parent', 'hierarchy_cycle', { idOrNumber: 'GLOBEX-AM', parentId: 'GLOBEX-AM' }],
    ['parent with another currency', 'currency_mismatch', { idOrNumber: 'GLOBEX-AM', parentId: 'CUST-77' }],
    [
      'invoicer outside the hierarchy',
      'invoicer_outside_hierarchy',
      { idOrNumber: 'GLOBEX-AM', usageInvoicerId: 'A-2' },
    ],
    [
      'moving away an invoicer others use',
      'invoicer_outside_hierarchy',
      { idOrNumber: 'GLOBEX-AM-AUS', parentId: 'A-1' },
    ],
    ['unknown account', 'account_not_found', { idOrNumber: 'NOPE', name: 'x' }],
  ])('updateAccount refuses %s with %s and writes nothing', async (_name, code, input) => {
    await expectRefused(b.ctx, code, () => updateAccount(b.ctx, input));
  });

  it('re-parents freely until synced, then only within the hierarchy', async () => {
    const leaf = await createAccount(b.ctx, {
      name: 'Leaf',
      accountNumber: 'LEAF',
      currency: 'USD',
      parentId: 'GLOBEX',
    });
    const moved = await updateAccount(b.ctx, { idOrNumber: 'LEAF', parentId: 'A-1' });
    expect(moved.parentId).toBe((await getAccount(b.ctx, { idOrNumber: 'A-1' })).id);
    await updateAccount(b.ctx, { idOrNumber: 'LEAF', parentId: 'GLOBEX' });
    await markAccountSynced(b.ctx, { idOrNumber: leaf.id });
    await expectRefused(b.ctx, 'reparent_outside_hierarchy', () =>
      updateAccount(b.ctx, { idOrNumber: 'LEAF', parentId: 'A-1' }),
    );
    await expectRefused(b.ctx, 'reparent_outside_hierarchy', () =>
      updateAccount(b.ctx, { idOrNumber: 'LEAF', parentId: null }),
    );
    const within = await updateAccount(b.ctx, { idOrNumber: 'LEAF', parentId: 'GLOBEX-AM-AUS' });
    expect(within.effective.usageInvoicerId).toBe((await getAccount(b.ctx, { idOrNumber: 'GLOBEX-AM' })).id);
  });

  it.each([
    [{ idOrNumber: 'GLOBEX', parentId: 'GLOBEX-AM-AUS' }, 'Account GLOBEX-AM-AUS is GLOBEX or below it'],
    [{ idOrNumber: 'GLOBEX-AM', parentId: 'CUST-77' }, 'Account GLOBEX-AM uses USD but its parent CUST-77 uses'],
    [
      { idOrNumber: 'GLOBEX-AM', usageInvoicerId: 'A-2' },
      'usage invoicer A-2 is not in the hierarchy of account GLOBEX-AM',
    ],
    [
      { idOrNumber: 'GLOBEX-AM-AUS', parentId: 'A-1' },
      'usage invoicer GLOBEX-AM-AUS is not in the hierarchy of account GLOBEX.',
    ],
    [{ idOrNumber: 'CHG', currency: 'USD' }, 'The currency of account CHG is EUR'],
    [{ idOrNumber: 'LEAF', parentId: 'A-1' }, 'Account LEAF has been synced, so A-1'],
  ])('a refusal names accounts by number, never by internal id (%o)', async (input, expected) => {
    const error = await updateAccount(b.ctx, input).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toContain(expected);
    expect(error?.message).not.toMatch(/account (id )?\d+\b/i);
  });

  it('concurrent creates get distinct generated numbers', async () => {
    const created = await Promise.all(
      Array.from({ length: 6 }, (_, i) => createAccount(b.ctx, { name: `Burst ${i}`, currency: 'USD' })),
    );
    const numbers = created.map((a) => a.accountNumber);
    expect(new Set(numbers).size).toBe(6);
    expect(numbers.every((n) => /^A-\d+$/.test(n))).toBe(true);
  });

  it('lists accounts a page at a time', async () => {
    const first = await listAccounts(b.ctx, { limit: 3 });
    expect(first.accounts).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const all = [...first.accounts];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await listAccounts(b.ctx, { limit: 3, cursor });
      all.push(...page.accounts);
      cursor = page.nextCursor;
    }
    const total = await b.ctx.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(all).toHaveLength(Number(total.n));
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    const children = await listAccounts(b.ctx, { parent: 'GLOBEX' });
    expect(children.accounts.map((a) => a.accountNumber).sort()).toEqual(['GLOBEX-AM']);
    const search = await listAccounts(b.ctx, { search: 'globex a' });
    expect(search.accounts.map((a) => a.accountNumber).sort()).toEqual(['GLOBEX-AM', 'GLOBEX-AM-AUS']);
    expect((await listAccounts(b.ctx, { search: 'burst', limit: 500 })).accounts).toHaveLength(6);
    await expectRefused(b.ctx, 'validation_failed', () => listAccounts(b.ctx, { limit: 0 }));
  });
});
