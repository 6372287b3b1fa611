import type { BillingCycle } from './billing-period.ts';
import { fail } from './errors.ts';

/**
 * The fields of a billing account that the hierarchy rules read. Ids are the hub's internal account ids;
 * messages name accounts by `accountNumber`, the name people know them by.
 */
export interface HierarchyAccount {
  id: string;
  accountNumber: string;
  parentId: string | null;
  currency: string;
  synced: boolean;
  billed: boolean;
  subscriptionInvoicerId: string | null;
  usageInvoicerId: string | null;
  taxAccountId: string | null;
  arTermDays: number | null;
  billingCycle: BillingCycle | null;
  billGroup: string | null;
}

/** Looks up an account's current parent (null for a root). */
export type ParentOf = (id: string) => string | null;

/** How a message names the account with id `id`: its account number where the caller knows it. */
export type NameOf = (id: string) => string;
const byIdOnly: NameOf = (id) => `id ${id}`;

export interface EffectiveSettings {
  subscriptionInvoicerId: string;
  usageInvoicerId: string;
  taxAccountId: string;
  arTermDays: number;
  billingCycle: BillingCycle;
  billGroup: string | null;
}

/** Net days when no account up the hierarchy sets an AR term: the common "net 30". */
export const DEFAULT_AR_TERM_DAYS = 30;
/** Billing cycle when no account up the hierarchy sets one: a calendar month. */
export const DEFAULT_BILLING_CYCLE: BillingCycle = 'monthly';

/**
 * Seed: "the currency cannot be changed once synced". Once billed it cannot change either: issued
 * invoices are in the old currency and the account's balance would mix two.
 */
export function assertCurrencyChangeAllowed(
  account: Pick<HierarchyAccount, 'id' | 'accountNumber' | 'currency' | 'synced' | 'billed'>,
  newCurrency: string,
): void {
  if (newCurrency === account.currency || !(account.synced || account.billed)) return;
  const why = account.synced ? 'synced with Salesforce' : 'billed';
  fail(
    'currency_locked',
    `The currency of account ${account.accountNumber} is ${account.currency}; it has been ${why}.`,
    {
      accountId: account.id,
      accountNumber: account.accountNumber,
      currency: account.currency,
      newCurrency,
    },
  );
}

/** Seed: "Parent and child accounts must have the same currency" (a parent invoices its children). */
export function assertParentCurrency(
  child: Pick<HierarchyAccount, 'id' | 'accountNumber' | 'currency'>,
  parent: Pick<HierarchyAccount, 'id' | 'accountNumber' | 'currency'>,
): void {
  if (child.currency === parent.currency) return;
  fail(
    'currency_mismatch',
    `Account ${child.accountNumber} uses ${child.currency} but its parent ${parent.accountNumber} uses ${parent.currency}; parent and child accounts must use the same currency.`,
    { accountId: child.id, parentId: parent.id },
  );
}

/** The chain from `id` up to its root, `id` first. A loop in stored data is `hierarchy_cycle`. */
function ancestry(id: string, parentOf: ParentOf, nameOf: NameOf = byIdOnly): string[] {
  const chain = [id];
  const seen = new Set(chain);
  for (let p = parentOf(id); p !== null; p = parentOf(p)) {
    if (seen.has(p))
      fail('hierarchy_cycle', `The hierarchy above account ${nameOf(id)} loops back to ${nameOf(p)}.`, {
        accountId: id,
      });
    seen.add(p);
    chain.push(p);
  }
  return chain;
}

/** Making `newParentId` the parent of `accountId` must not make the account its own ancestor. */
export function assertNoCycle(
  accountId: string,
  newParentId: string | null,
  parentOf: ParentOf,
  nameOf: NameOf = byIdOnly,
): void {
  if (newParentId === null) return;
  if (ancestry(newParentId, parentOf, nameOf).includes(accountId)) {
    fail(
      'hierarchy_cycle',
      `Account ${nameOf(newParentId)} is ${nameOf(accountId)} or below it, so it cannot be its parent.`,
      { accountId, parentId: newParentId },
    );
  }
}

/** The top account of `id`'s hierarchy (`id` itself when it has no parent). */
export function rootOf(id: string, parentOf: ParentOf): string {
  const chain = ancestry(id, parentOf);
  return chain[chain.length - 1];
}

export function sameHierarchy(a: string, b: string, parentOf: ParentOf): boolean {
  return rootOf(a, parentOf) === rootOf(b, parentOf);
}

/**
 * Seed: "Once an account is synced …, a new parent can only be assigned if it falls within the same
 * hierarchy." Unsynced accounts may move anywhere. A synced child cannot be detached to become a root
 * either: that, too, takes it out of its hierarchy (and away from the invoicers it inherits).
 */
export function assertReparentAllowed(
  account: Pick<HierarchyAccount, 'id' | 'parentId' | 'synced'>,
  newParentId: string | null,
  parentOf: ParentOf,
  nameOf: NameOf = byIdOnly,
): void {
  if (newParentId === account.parentId) return;
  assertNoCycle(account.id, newParentId, parentOf, nameOf);
  if (!account.synced) return;
  if (newParentId !== null && sameHierarchy(account.id, newParentId, parentOf)) return;
  fail(
    'reparent_outside_hierarchy',
    newParentId === null
      ? `Account ${nameOf(account.id)} has been synced, so it cannot leave its hierarchy.`
      : `Account ${nameOf(account.id)} has been synced, so ${nameOf(newParentId)} (another hierarchy) cannot become its parent.`,
    { accountId: account.id, parentId: newParentId },
  );
}

/**
 * Seed: subscription invoicer, usage invoicer and tax inheritance account are "self or other within
 * their hierarchy". Null (inherit) is always allowed.
 */
export function assertInvoicerInHierarchy(
  accountId: string,
  invoicerId: string | null,
  parentOf: ParentOf,
  setting = 'invoicer',
  nameOf: NameOf = byIdOnly,
): void {
  if (invoicerId === null || invoicerId === accountId || sameHierarchy(accountId, invoicerId, parentOf)) return;
  fail(
    'invoicer_outside_hierarchy',
    `The ${setting} ${nameOf(invoicerId)} is not in the hierarchy of account ${nameOf(accountId)}.`,
    { accountId, invoicerId, setting },
  );
}

/**
 * The settings billing uses for an account. Seed: "Children will inherit parent settings by default", so
 * each unset setting comes from the nearest ancestor that sets it. Unset all the way up, an invoicer or
 * tax account is the account itself, the AR term is 30 days (net 30), the billing cycle is monthly, and
 * there is no bill group.
 */
export function effectiveSettings(accountId: string, accountsById: Map<string, HierarchyAccount>): EffectiveSettings {
  const get = (id: string): HierarchyAccount =>
    accountsById.get(id) ?? fail('account_not_found', `No billing account has id ${id}.`, { accountId: id });
  const chain = ancestry(accountId, (id) => get(id).parentId).map(get);
  const nearest = <K extends keyof HierarchyAccount>(k: K): HierarchyAccount[K] | null =>
    chain.find((a) => a[k] !== null)?.[k] ?? null;
  return {
    subscriptionInvoicerId: nearest('subscriptionInvoicerId') ?? accountId,
    usageInvoicerId: nearest('usageInvoicerId') ?? accountId,
    taxAccountId: nearest('taxAccountId') ?? accountId,
    arTermDays: nearest('arTermDays') ?? DEFAULT_AR_TERM_DAYS,
    billingCycle: nearest('billingCycle') ?? DEFAULT_BILLING_CYCLE,
    billGroup: nearest('billGroup'),
  };
}
