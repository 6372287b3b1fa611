import { describe, expect, it } from 'vitest';
import type { Org } from '../src/org.ts';
import type { SfRecord } from '../src/store/record-store.ts';
import { expectError, insert, newOrg, remove, update } from './org-fixture.ts';

// AccountContactRelation upkeep ("Contacts to Multiple Accounts").

/** The contact's relations as [account, IsDirect, IsActive, Roles], in creation order. */
function relations(org: Org, contactId: string): Array<[string, unknown, unknown, unknown]> {
  return [...org.store.scan('AccountContactRelation')]
    .filter((r) => r.ContactId === contactId)
    .map((r: SfRecord) => [
      String(org.store.get('Account', String(r.AccountId))?.Name),
      r.IsDirect,
      r.IsActive,
      r.Roles,
    ]);
}

function setup(org: Org) {
  const acme = insert(org, 'Account', { Name: 'Acme' });
  const globex = insert(org, 'Account', { Name: 'Globex' });
  const contact = insert(org, 'Contact', { LastName: 'Raman', FirstName: 'Priya', AccountId: acme });
  return { acme, globex, contact };
}

const relationId = (org: Org, accountId: string, contactId: string) =>
  [...org.store.scan('AccountContactRelation')].find((r) => r.AccountId === accountId && r.ContactId === contactId)!.Id;

describe('AccountContactRelation', () => {
  it('is created direct and active for a contact inserted with an account; a private contact has none', () => {
    const org = newOrg();
    const { contact } = setup(org);
    expect(relations(org, contact)).toEqual([['Acme', true, true, null]]);
    const lonely = insert(org, 'Contact', { LastName: 'Alone' });
    expect(relations(org, lonely)).toEqual([]);
  });

  it('relates a contact to more accounts as indirect relations, once per account', () => {
    const org = newOrg();
    const { acme, globex, contact } = setup(org);
    insert(org, 'AccountContactRelation', { AccountId: globex, ContactId: contact, Roles: 'Billing Contact' });
    expect(relations(org, contact)).toEqual([
      ['Acme', true, true, null],
      ['Globex', false, true, 'Billing Contact'],
    ]);
    for (const accountId of [acme, globex]) {
      expectError(
        () => insert(org, 'AccountContactRelation', { AccountId: accountId, ContactId: contact }),
        'DUPLICATE_VALUE',
        /^duplicate value found: <unknown> duplicates value on record with id: 07k/,
      );
    }
  });

  it('keeps IsDirect, AccountId and ContactId out of the API’s reach', () => {
    const org = newOrg();
    const { acme, globex, contact } = setup(org);
    const id = relationId(org, acme, contact);
    expect(() => update(org, 'AccountContactRelation', id, { IsDirect: false })).toThrow(/IsDirect/);
    expect(() => update(org, 'AccountContactRelation', id, { AccountId: globex })).toThrow(/AccountId/);
    expect(() =>
      insert(org, 'AccountContactRelation', { AccountId: globex, ContactId: contact, IsDirect: true }),
    ).toThrow(/IsDirect/);
  });

  it('refuses relations for a private contact', () => {
    const org = newOrg();
    const { globex } = setup(org);
    const lonely = insert(org, 'Contact', { LastName: 'Alone' });
    expectError(
      () => insert(org, 'AccountContactRelation', { AccountId: globex, ContactId: lonely }),
      'FIELD_INTEGRITY_EXCEPTION',
      'field integrity exception: ContactId (a private contact cannot be related to an account)',
      ['ContactId'],
    );
  });

  it('follows a change of primary account: the old relation turns indirect, an existing one is reused', () => {
    const org = newOrg();
    const { acme, globex, contact } = setup(org);
    update(org, 'Contact', contact, { AccountId: globex });
    expect(relations(org, contact)).toEqual([
      ['Acme', false, true, null],
      ['Globex', true, true, null],
    ]);
    update(org, 'Contact', contact, { AccountId: acme });
    expect(relations(org, contact)).toEqual([
      ['Acme', true, true, null],
      ['Globex', false, true, null],
    ]);
    update(org, 'Contact', contact, { AccountId: null });
    expect(relations(org, contact)).toEqual([
      ['Acme', false, true, null],
      ['Globex', false, true, null],
    ]);
  });

  it('refuses deleting the direct relation; indirect ones can go', () => {
    const org = newOrg();
    const { acme, globex, contact } = setup(org);
    insert(org, 'AccountContactRelation', { AccountId: globex, ContactId: contact });
    expectError(
      () => remove(org, relationId(org, acme, contact)),
      'INVALID_OPERATION',
      /^Cannot delete the direct relationship/,
    );
    remove(org, relationId(org, globex, contact));
    expect(relations(org, contact)).toEqual([['Acme', true, true, null]]);
  });

  it.each([
    ['the contact', 'contact'],
    ['its primary account', 'acme'],
  ] as const)('goes, direct or not, when %s is deleted', (_case, which) => {
    const org = newOrg();
    const ids = setup(org);
    insert(org, 'AccountContactRelation', { AccountId: ids.globex, ContactId: ids.contact });
    remove(org, ids[which]);
    const left = [...org.store.scan('AccountContactRelation')].filter(
      (r) => r.AccountId === ids.acme || r.ContactId === ids.contact,
    );
    // Deleting the primary account deletes its contacts too, and with them every relation they had.
    expect(left).toHaveLength(0);
    // A later direct delete in another transaction is refused again.
    const other = insert(org, 'Contact', { LastName: 'Next', AccountId: ids.globex });
    expect(() => remove(org, relationId(org, ids.globex, other))).toThrow(/direct relationship/);
  });
});
