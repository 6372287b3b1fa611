import type { AccountCategoryRow } from './account-categories.repo.ts';
import type { ArTermRow } from './ar-terms.repo.ts';
import type { BillGroupRow } from './bill-groups.repo.ts';

/** A bill group billing defines: `code` is the Salesforce picklist value, `name` its label. */
export interface BillGroupView {
  code: string;
  name: string;
  /** Accounts that set it themselves (children inheriting it are not counted). */
  accounts: number;
}

/** A named AR term: "Net 30" is 30 days. */
export interface ArTermView {
  code: string;
  days: number;
  /** Accounts that set this many days themselves. */
  accounts: number;
}

/** An account category; its id is what Salesforce keeps as Billing Account Category Id. */
export interface AccountCategoryView {
  id: string;
  code: string;
  name: string;
  accounts: number;
}

export const toBillGroupView = (r: BillGroupRow): BillGroupView => ({
  code: r.code,
  name: r.name,
  accounts: r.accounts,
});

export const toArTermView = (r: ArTermRow): ArTermView => ({ code: r.code, days: r.days, accounts: r.accounts });

export const toAccountCategoryView = (r: AccountCategoryRow): AccountCategoryView => ({
  id: String(r.id),
  code: r.code,
  name: r.name,
  accounts: r.accounts,
});

/** What an add returns: the value, and whether it was new (false: the same one was already there). */
export interface Added<T> {
  value: T;
  created: boolean;
}
