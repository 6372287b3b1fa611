import { parseArTermDays, parseValueName } from './reference-input.ts';
import type { ListAttribute, ReferenceList } from './reference-list.ts';

/** The label Salesforce shows; the code when an add leaves it out (and then any name already there matches). */
const labelName: ListAttribute = {
  column: 'name',
  parse: (value, code) => parseValueName(value as string | null | undefined, code),
  unique: false,
  describe: (name) => `named "${name}"`,
};

/** Whole days to pay, 0–365; each term names different days, so an account's days show as one label. */
const termDays: ListAttribute = {
  column: 'days',
  parse: (value) => parseArTermDays(value as number, 'days'),
  unique: true,
  describe: (days) => `with ${days} days`,
};

/** A bill group billing defines: `code` is the Salesforce picklist value, `name` its label. */
export interface BillGroupView {
  code: string;
  name: string;
  /** Accounts that set it themselves (children inheriting it are not counted). */
  accounts: number;
}

/** Bill groups: an account's `billGroup`; a removed one stays in a Salesforce org until the sets are deployed again. */
export const BILL_GROUPS: ReferenceList<BillGroupView, BillGroupView> = {
  table: 'bill_groups',
  columns: ['code', 'name'],
  orderBy: 'code',
  attribute: labelName,
  one: 'bill group',
  many: 'bill groups',
  command: 'bill-group',
  path: '/bill-groups',
  errors: { unknown: 'bill_group_unknown', taken: 'bill_group_taken', inUse: 'bill_group_in_use' },
  usedBy: { column: 'bill_group', holds: 'code', field: 'billGroup' },
  inUseAdvice: 'move them to another bill group first.',
  toView: (r) => ({ code: r.code, name: r.name, accounts: r.accounts }),
};

/** A named AR term: "Net 30" is 30 days. */
export interface ArTermView {
  code: string;
  days: number;
  /** Accounts that set this many days themselves. */
  accounts: number;
}

/**
 * AR terms: the labels of Salesforce's AR Term picklist for the days an account keeps. An account may hold
 * days no term names, so accounts refer to a term by its days, and one is removed only while none sets them.
 */
export const AR_TERMS: ReferenceList<ArTermView, ArTermView> = {
  table: 'ar_terms',
  columns: ['code', 'days'],
  orderBy: 'days',
  attribute: termDays,
  one: 'AR term',
  many: 'AR terms',
  command: 'ar-term',
  path: '/ar-terms',
  errors: { unknown: 'ar_term_unknown', taken: 'ar_term_taken', inUse: 'ar_term_in_use' },
  usedBy: { column: 'ar_term_days', holds: 'days', field: 'arTermDays' },
  inUseAdvice: 'change their AR term first.',
  toView: (r) => ({ code: r.code, days: r.days, accounts: r.accounts }),
};

export interface AccountCategoryRow {
  id: bigint;
  code: string;
  name: string;
  accounts: number;
}

/** An account category; its id is what Salesforce keeps as Billing Account Category Id. */
export interface AccountCategoryView {
  id: string;
  code: string;
  name: string;
  accounts: number;
}

/** Account categories: an account's `accountCategory`. */
export const ACCOUNT_CATEGORIES: ReferenceList<AccountCategoryRow, AccountCategoryView> = {
  table: 'account_categories',
  columns: ['id', 'code', 'name'],
  orderBy: 'code',
  attribute: labelName,
  one: 'account category',
  many: 'categories',
  command: 'account-category',
  path: '/account-categories',
  errors: { unknown: 'account_category_unknown', taken: 'account_category_taken', inUse: 'account_category_in_use' },
  usedBy: { column: 'account_category', holds: 'code', field: 'accountCategory' },
  inUseAdvice: 'move them to another category first.',
  toView: (r) => ({ id: String(r.id), code: r.code, name: r.name, accounts: r.accounts }),
};
