import {
  assertInvoicerInHierarchy,
  assertParentCurrency,
  effectiveSettings,
  type ParentOf,
} from '../../domain/account-hierarchy.ts';
import { fail } from '../../domain/errors.ts';
import type { Db } from '../../store/db.ts';
import { type AccountRow, findAccount, loadAncestry, loadHierarchies } from './accounts.repo.ts';
import { type AccountDetail, accountNames, byId, toAccountView } from './accounts.views.ts';

/** How a caller names an account it refers to: id, account number, or 'self' for invoicer settings. */
export type AccountRef = string;

/** Resolves a referenced account; undefined = not given, null = cleared (inherit), 'self' = the account. */
export async function resolveRef(
  db: Db,
  ref: AccountRef | null | undefined,
  field: string,
  allowSelf: boolean,
): Promise<bigint | null | undefined | 'self'> {
  if (ref === undefined || ref === null) return ref;
  if (allowSelf && ref === 'self') return 'self';
  const row = await findAccount(db, ref);
  if (!row) fail('account_not_found', `${field}: no billing account has id or number "${ref}".`, { field, ref });
  return row.id;
}

const INVOICER_SETTINGS = [
  ['subscriptionInvoicerId', 'subscription invoicer'],
  ['usageInvoicerId', 'usage invoicer'],
  ['taxAccountId', 'tax inheritance account'],
] as const;

/**
 * Checks, after a write inside the same transaction, every hierarchy the change touched: each child has
 * its parent's currency and each invoicer or tax account set anywhere is self or in the same hierarchy.
 * Checking the whole hierarchies (not just the edited account) also catches a move that strands another
 * account's invoicer in a different tree.
 */
export async function assertHierarchiesConsistent(db: Db, ids: bigint[]): Promise<void> {
  const accounts = byId(await loadHierarchies(db, ids));
  const parentOf: ParentOf = (id) => {
    const account = accounts.get(id);
    if (!account) throw new Error(`account ${id} missing from its loaded hierarchy`);
    return account.parentId;
  };
  // Currency first: a parent in another currency is the more basic mistake, so it is the one reported.
  for (const account of accounts.values()) {
    if (account.parentId !== null) assertParentCurrency(account, accounts.get(account.parentId)!);
  }
  const nameOf = accountNames(accounts);
  for (const account of accounts.values()) {
    for (const [key, label] of INVOICER_SETTINGS) {
      const invoicer = account[key];
      if (invoicer !== null && !accounts.has(invoicer)) {
        // Not loaded means not in any hierarchy we loaded, so certainly not in this one.
        const outside = await findAccount(db, invoicer);
        fail(
          'invoicer_outside_hierarchy',
          `The ${label} ${outside?.account_number ?? `id ${invoicer}`} is not in the hierarchy of account ${account.accountNumber}.`,
          { accountId: account.id, invoicerId: invoicer, setting: label },
        );
      }
      assertInvoicerInHierarchy(account.id, invoicer, parentOf, label, nameOf);
    }
  }
}

/** The account as getAccount shows it: stored values, inherited settings, and the currency lock. */
export async function loadAccountDetail(db: Db, row: AccountRow): Promise<AccountDetail> {
  const ancestry = await loadAncestry(db, row.id);
  const accounts = byId(ancestry);
  const self = accounts.get(row.id.toString())!;
  return {
    ...toAccountView(row),
    effective: effectiveSettings(self.id, accounts),
    currencyLocked: self.synced || self.billed,
  };
}
