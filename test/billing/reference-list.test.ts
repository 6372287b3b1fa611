import { describe, expect, it } from 'vitest';
import { createAccount } from '../../src/billing/accounts/create-account.ts';
import { addListValue } from '../../src/billing/reference-lists/add-list-value.ts';
import { listValues } from '../../src/billing/reference-lists/list-values.ts';
import type { ListValueInput, ReferenceList } from '../../src/billing/reference-lists/reference-list.ts';
import { ACCOUNT_CATEGORIES, AR_TERMS, BILL_GROUPS } from '../../src/billing/reference-lists/reference-lists.ts';
import { removeListValue } from '../../src/billing/reference-lists/remove-list-value.ts';
import { requireListValue } from '../../src/billing/reference-lists/require-list-value.ts';
import { throwIfListValueRemoved } from '../../src/billing/reference-lists/require-reference.ts';
import { RevbridgeError } from '../../src/domain/errors.ts';
import { expectRefused, useBillingContext } from './helpers.ts';

/** Each list through the one generic add/list/require/remove, with what its definition makes of it. */
const CASES: {
  list: ReferenceList;
  add: ListValueInput;
  shown: object;
  /** An account setting the value (as the list's accounts refer to it). */
  account: Record<string, string | number>;
  inUse: string;
}[] = [
  {
    list: BILL_GROUPS,
    add: { code: 'West', name: 'West coast' },
    shown: { code: 'West', name: 'West coast', accounts: 0 },
    account: { billGroup: 'west' },
    inUse: 'Bill group "West" is set on 1 account(s), e.g. A-1; move them to another bill group first.',
  },
  {
    list: AR_TERMS,
    add: { code: 'Net 90', days: 90 },
    shown: { code: 'Net 90', days: 90, accounts: 0 },
    account: { arTermDays: 90 },
    inUse: 'AR term "Net 90" (90 days) is set on 1 account(s), e.g. A-2; change their AR term first.',
  },
  {
    list: ACCOUNT_CATEGORIES,
    add: { code: 'Government', name: 'Government' },
    shown: { id: '3', code: 'Government', name: 'Government', accounts: 0 },
    account: { accountCategory: 'GOVERNMENT' },
    inUse: 'Account category "Government" is set on 1 account(s), e.g. A-3; move them to another category first.',
  },
];

async function refusal(action: () => Promise<unknown>): Promise<RevbridgeError> {
  const error = await action().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RevbridgeError)) throw new Error(`expected a RevbridgeError, got ${String(error)}`);
  return error;
}

describe('a reference list, from its definition', () => {
  const b = useBillingContext();

  it.each(CASES)('$list.table: add, add again, taken in another case, require, in use, remove', async (c) => {
    const { list } = c;
    expect(await addListValue(b.ctx, list, c.add)).toEqual({ value: c.shown, created: true });
    expect(await addListValue(b.ctx, list, c.add)).toEqual({ value: c.shown, created: false });
    const taken = await refusal(() => addListValue(b.ctx, list, { ...c.add, code: c.add.code.toUpperCase() }));
    expect(taken).toMatchObject({ code: list.errors.taken, details: { field: 'code', code: c.add.code } });
    expect((await listValues(b.ctx, list)).map((v) => (v as { code: string }).code)).toContain(c.add.code);
    expect(await requireListValue(b.ctx.db, list, c.add.code.toLowerCase(), 'f')).toBe(c.add.code);

    const unknown = await refusal(() => requireListValue(b.ctx.db, list, 'Nope', 'f'));
    expect(unknown.code).toBe(list.errors.unknown);
    expect(unknown.message).toMatch(
      new RegExp(`^f: ${list.one} "Nope" is not defined in billing; the ${list.many} are `),
    );
    expect(unknown.message).toContain(`(\`revbridge ${list.command} add\`, POST ${list.path}).`);

    await createAccount(b.ctx, { name: 'Acme', currency: 'USD', ...c.account });
    const inUse = await refusal(() => removeListValue(b.ctx, list, c.add.code));
    expect(inUse).toMatchObject({ code: list.errors.inUse, message: c.inUse });
    await expectRefused(b.ctx, list.errors.unknown, () => removeListValue(b.ctx, list, 'Nope'));
  });

  it('removes a value no account refers to, found in any case', async () => {
    await addListValue(b.ctx, BILL_GROUPS, { code: 'Spare' });
    expect(await removeListValue(b.ctx, BILL_GROUPS, 'SPARE')).toEqual({ removed: 'Spare' });
    expect(await removeListValue(b.ctx, AR_TERMS, 'net 15')).toEqual({ removed: 'Net 15' });
  });

  it('a unique attribute (days) is taken on its own, and is then the field refused', async () => {
    const error = await refusal(() => addListValue(b.ctx, AR_TERMS, { code: 'Thirty', days: 30 }));
    expect(error).toMatchObject({
      code: 'ar_term_taken',
      message: 'AR term "Net 30" already exists, with 30 days.',
      details: { field: 'days', code: 'Net 30', days: 30 },
    });
  });

  it('a name left out matches the one stored; another name is refused', async () => {
    await addListValue(b.ctx, BILL_GROUPS, { code: 'North', name: 'North shore' });
    expect((await addListValue(b.ctx, BILL_GROUPS, { code: 'North', name: null })).created).toBe(false);
    const error = await refusal(() => addListValue(b.ctx, BILL_GROUPS, { code: 'North', name: 'Other' }));
    expect(error.message).toBe('Bill group "North" already exists, named "North shore".');
  });
});

describe('throwIfListValueRemoved', () => {
  it('turns a foreign-key refusal of a bill group or category into the list’s unknown code', () => {
    const settings = { bill_group: 'Gone', account_category: 'Lost' };
    const fk = (constraint: string) => () => throwIfListValueRemoved({ code: '23503', constraint }, settings);
    expect(fk('accounts_bill_group_fkey')).toThrow(
      expect.objectContaining({
        code: 'bill_group_unknown',
        message: 'billGroup: bill group "Gone" is not defined in billing.',
        details: { field: 'billGroup', value: 'Gone' },
      }),
    );
    expect(fk('accounts_account_category_fkey')).toThrow(
      expect.objectContaining({
        code: 'account_category_unknown',
        message: 'accountCategory: account category "Lost" is not defined in billing.',
      }),
    );
    expect(fk('accounts_parent_id_fkey')).not.toThrow();
    expect(() => throwIfListValueRemoved(new Error('other'), settings)).not.toThrow();
  });
});
