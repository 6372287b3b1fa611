import { describe, expect, it } from 'vitest';
import {
  type HierarchyAccount,
  assertCurrencyChangeAllowed,
  assertInvoicerInHierarchy,
  assertNoCycle,
  assertParentCurrency,
  assertReparentAllowed,
  effectiveSettings,
  rootOf,
  sameHierarchy,
} from '../../src/domain/account-hierarchy.ts';
import { errorCodeOf } from './error-code.ts';

//   R ── A ── A1        S ── S1
//   └─── B
const parents: Record<string, string | null> = { R: null, A: 'R', A1: 'A', B: 'R', S: null, S1: 'S' };
const parentOf = (id: string) => parents[id] ?? null;

function account(id: string, fields: Partial<HierarchyAccount> = {}): HierarchyAccount {
  return {
    id,
    accountNumber: `N-${id}`,
    parentId: parents[id] ?? null,
    currency: 'USD',
    synced: false,
    billed: false,
    subscriptionInvoicerId: null,
    usageInvoicerId: null,
    taxAccountId: null,
    arTermDays: null,
    billingCycle: null,
    billGroup: null,
    ...fields,
  };
}

describe('assertCurrencyChangeAllowed: the currency is locked once synced or billed', () => {
  it.each([
    { synced: false, billed: false, to: 'EUR', code: null },
    { synced: true, billed: false, to: 'EUR', code: 'currency_locked' },
    { synced: false, billed: true, to: 'EUR', code: 'currency_locked' },
    { synced: true, billed: true, to: 'USD', code: null },
  ])('synced $synced, billed $billed, USD → $to: $code', ({ synced, billed, to, code }) => {
    expect(errorCodeOf(() => assertCurrencyChangeAllowed(account('A', { synced, billed }), to))).toBe(code);
  });
});

describe('assertParentCurrency: parent and child share a currency', () => {
  it.each([
    { child: 'USD', parent: 'USD', code: null },
    { child: 'USD', parent: 'EUR', code: 'currency_mismatch' },
  ])('child $child, parent $parent: $code', ({ child, parent, code }) => {
    const run = () => assertParentCurrency(account('A', { currency: child }), account('R', { currency: parent }));
    expect(errorCodeOf(run)).toBe(code);
  });
});

describe('hierarchy shape', () => {
  it.each([
    { id: 'A', newParent: 'A1', code: 'hierarchy_cycle' },
    { id: 'A', newParent: 'A', code: 'hierarchy_cycle' },
    { id: 'R', newParent: 'A1', code: 'hierarchy_cycle' },
    { id: 'A1', newParent: 'B', code: null },
    { id: 'B', newParent: null, code: null },
    { id: 'S', newParent: 'A1', code: null },
  ])('assertNoCycle($id under $newParent): $code', ({ id, newParent, code }) => {
    expect(errorCodeOf(() => assertNoCycle(id, newParent, parentOf))).toBe(code);
  });

  it.each([
    { id: 'A1', root: 'R' },
    { id: 'B', root: 'R' },
    { id: 'R', root: 'R' },
    { id: 'S1', root: 'S' },
  ])('rootOf($id) = $root', ({ id, root }) => {
    expect(rootOf(id, parentOf)).toBe(root);
  });

  it.each([
    { a: 'A1', b: 'B', same: true },
    { a: 'R', b: 'R', same: true },
    { a: 'A1', b: 'S1', same: false },
  ])('sameHierarchy($a, $b) = $same', ({ a, b, same }) => {
    expect(sameHierarchy(a, b, parentOf)).toBe(same);
  });

  it('a loop already in stored data is reported, not followed forever', () => {
    const looped = (id: string) => ({ X: 'Y', Y: 'Z', Z: 'Y' })[id] ?? null;
    expect(errorCodeOf(() => rootOf('X', looped))).toBe('hierarchy_cycle');
  });
});

describe('assertReparentAllowed: once synced, only within the same hierarchy', () => {
  it.each([
    { id: 'A1', synced: true, newParent: 'B', code: null },
    { id: 'A1', synced: true, newParent: 'R', code: null },
    { id: 'A1', synced: true, newParent: 'A', code: null }, // unchanged
    { id: 'A1', synced: true, newParent: 'S1', code: 'reparent_outside_hierarchy' },
    { id: 'S', synced: true, newParent: 'R', code: 'reparent_outside_hierarchy' }, // merging two trees
    { id: 'A1', synced: true, newParent: null, code: 'reparent_outside_hierarchy' }, // detaching
    { id: 'A1', synced: false, newParent: 'S1', code: null },
    { id: 'A1', synced: false, newParent: null, code: null },
    { id: 'A', synced: true, newParent: 'A1', code: 'hierarchy_cycle' },
    { id: 'A', synced: false, newParent: 'A1', code: 'hierarchy_cycle' },
  ])('$id (synced $synced) under $newParent: $code', ({ id, synced, newParent, code }) => {
    expect(errorCodeOf(() => assertReparentAllowed(account(id, { synced }), newParent, parentOf))).toBe(code);
  });
});

describe('assertInvoicerInHierarchy: self or another account in the hierarchy', () => {
  it.each([
    { id: 'A1', invoicer: null, code: null },
    { id: 'A1', invoicer: 'A1', code: null },
    { id: 'A1', invoicer: 'R', code: null },
    { id: 'A1', invoicer: 'B', code: null },
    { id: 'R', invoicer: 'A1', code: null },
    { id: 'A1', invoicer: 'S', code: 'invoicer_outside_hierarchy' },
    { id: 'S', invoicer: 'R', code: 'invoicer_outside_hierarchy' },
  ])('$id invoiced by $invoicer: $code', ({ id, invoicer, code }) => {
    expect(errorCodeOf(() => assertInvoicerInHierarchy(id, invoicer, parentOf, 'usage invoicer'))).toBe(code);
  });
});

describe('effectiveSettings: children inherit unset settings from the nearest ancestor', () => {
  const accounts = new Map(
    [
      account('R', { subscriptionInvoicerId: 'R', arTermDays: 45, billingCycle: 'quarterly', billGroup: 'G1' }),
      account('A', { usageInvoicerId: 'A', billingCycle: 'monthly' }),
      account('A1', { taxAccountId: 'A1' }),
      account('B'),
      account('S'),
      account('S1', { arTermDays: 0, billGroup: 'G2' }),
    ].map((a) => [a.id, a]),
  );

  it.each([
    { id: 'A1', expected: ['R', 'A', 'A1', 45, 'monthly', 'G1'] },
    { id: 'A', expected: ['R', 'A', 'A', 45, 'monthly', 'G1'] },
    { id: 'B', expected: ['R', 'B', 'B', 45, 'quarterly', 'G1'] },
    { id: 'R', expected: ['R', 'R', 'R', 45, 'quarterly', 'G1'] },
    { id: 'S', expected: ['S', 'S', 'S', 30, 'monthly', null] }, // defaults: self, net 30, monthly
    { id: 'S1', expected: ['S1', 'S1', 'S1', 0, 'monthly', 'G2'] }, // net 0 is a setting, not "unset"
  ])('$id → $expected', ({ id, expected }) => {
    const [subscriptionInvoicerId, usageInvoicerId, taxAccountId, arTermDays, billingCycle, billGroup] = expected;
    expect(effectiveSettings(id, accounts)).toEqual({
      subscriptionInvoicerId,
      usageInvoicerId,
      taxAccountId,
      arTermDays,
      billingCycle,
      billGroup,
    });
  });

  it('an unknown account (or a missing ancestor) is account_not_found', () => {
    expect(errorCodeOf(() => effectiveSettings('Z', accounts))).toBe('account_not_found');
    const orphan = new Map([['C', account('C', { parentId: 'gone' })]]);
    expect(errorCodeOf(() => effectiveSettings('C', orphan))).toBe('account_not_found');
  });
});
