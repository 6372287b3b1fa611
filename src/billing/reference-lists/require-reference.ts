import { fail } from '../../domain/errors.ts';
import type { Db } from '../../store/db.ts';
import { findAccountCategory, listAccountCategoryRows } from './account-categories.repo.ts';
import { listArTermRows } from './ar-terms.repo.ts';
import { findBillGroup, listBillGroupRows } from './bill-groups.repo.ts';
import { listedCodes } from './reference-input.ts';

/**
 * The bill group's code as billing spells it ("default" finds "Default"), or `bill_group_unknown` naming the
 * ones that exist. Accounts store the list's spelling, so the Salesforce picklist gets a value it has.
 */
export async function requireBillGroup(db: Db, code: string, field = 'billGroup'): Promise<string> {
  return (await findBillGroup(db, code))?.code ?? unknownBillGroup(db, code, field);
}

export async function requireAccountCategory(db: Db, code: string, field = 'accountCategory'): Promise<string> {
  return (await findAccountCategory(db, code))?.code ?? unknownAccountCategory(db, code, field);
}

export async function unknownBillGroup(db: Db, code: string, field: string): Promise<never> {
  return billGroupUnknown(
    code,
    field,
    (await listBillGroupRows(db)).map((r) => r.code),
  );
}

/** `bill_group_unknown`, naming the bill groups billing has. */
export function billGroupUnknown(code: string, field: string, known: readonly string[]): never {
  return fail(
    'bill_group_unknown',
    `${field}: bill group "${code}" is not defined in billing; the bill groups are ${listedCodes(known)}. ` +
      'Pick one of them, or add it first (`revbridge bill-group add`, POST /bill-groups).',
    { field, value: code, known },
  );
}

export async function unknownAccountCategory(db: Db, code: string, field: string): Promise<never> {
  return accountCategoryUnknown(
    code,
    field,
    (await listAccountCategoryRows(db)).map((r) => r.code),
  );
}

/** `account_category_unknown`, naming the categories billing has. */
export function accountCategoryUnknown(code: string, field: string, known: readonly string[]): never {
  return fail(
    'account_category_unknown',
    `${field}: account category "${code}" is not defined in billing; the categories are ${listedCodes(known)}. ` +
      'Pick one of them, or add it first (`revbridge account-category add`, POST /account-categories).',
    { field, value: code, known },
  );
}

export async function unknownArTerm(db: Db, code: string, field: string): Promise<never> {
  const known = (await listArTermRows(db)).map((r) => r.code);
  return fail(
    'ar_term_unknown',
    `${field}: AR term "${code}" is not defined in billing; the AR terms are ${listedCodes(known)}. ` +
      'Pick one of them, or add it first (`revbridge ar-term add`, POST /ar-terms).',
    { field, value: code, known },
  );
}

/**
 * A bill group or category removed by another caller between the check and the write breaks the accounts'
 * foreign key (23503): the same coded refusal as if it had been gone before.
 */
export function throwIfListValueRemoved(
  error: unknown,
  settings: { bill_group?: string | null; account_category?: string | null },
): void {
  const e = error as { code?: string; constraint?: string };
  if (e?.code !== '23503') return;
  if (e.constraint === 'accounts_bill_group_fkey') {
    fail('bill_group_unknown', `billGroup: bill group "${settings.bill_group}" is not defined in billing.`, {
      field: 'billGroup',
      value: settings.bill_group,
    });
  }
  if (e.constraint === 'accounts_account_category_fkey') {
    fail(
      'account_category_unknown',
      `accountCategory: account category "${settings.account_category}" is not defined in billing.`,
      { field: 'accountCategory', value: settings.account_category },
    );
  }
}
