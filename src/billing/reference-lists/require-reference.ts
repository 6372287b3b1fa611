import { fail } from '../../domain/errors.ts';
import type { Db } from '../../store/db.ts';
import { listValueCodes } from './reference-list.repo.ts';
import { ACCOUNT_CATEGORIES, BILL_GROUPS } from './reference-lists.ts';
import { listValueUnknown, requireListValue } from './require-list-value.ts';

// What account use-cases ask of the lists an account refers to by code, named for those lists.

/** The bill group's code as billing spells it, or `bill_group_unknown` naming the ones that exist. */
export async function requireBillGroup(db: Db, code: string, field = 'billGroup'): Promise<string> {
  return requireListValue(db, BILL_GROUPS, code, field);
}

export async function requireAccountCategory(db: Db, code: string, field = 'accountCategory'): Promise<string> {
  return requireListValue(db, ACCOUNT_CATEGORIES, code, field);
}

/** `bill_group_unknown`, naming the bill groups billing has. */
export function billGroupUnknown(code: string, field: string, known: readonly string[]): never {
  return listValueUnknown(BILL_GROUPS, code, field, known);
}

/** `account_category_unknown`, naming the categories billing has. */
export function accountCategoryUnknown(code: string, field: string, known: readonly string[]): never {
  return listValueUnknown(ACCOUNT_CATEGORIES, code, field, known);
}

export async function listBillGroupCodes(db: Db): Promise<string[]> {
  return listValueCodes(db, BILL_GROUPS);
}

export async function listAccountCategoryCodes(db: Db): Promise<string[]> {
  return listValueCodes(db, ACCOUNT_CATEGORIES);
}

/**
 * A bill group or category removed by another caller between the check and the write breaks the accounts'
 * foreign key (23503, `accounts_<column>_fkey`): the same coded refusal as if it had been gone before.
 */
export function throwIfListValueRemoved(
  error: unknown,
  settings: { bill_group?: string | null; account_category?: string | null },
): void {
  const e = error as { code?: string; constraint?: string };
  if (e?.code !== '23503') return;
  for (const list of [BILL_GROUPS, ACCOUNT_CATEGORIES]) {
    const { column, field } = list.usedBy;
    if (e.constraint !== `accounts_${column}_fkey`) continue;
    const value = settings[column as keyof typeof settings];
    fail(list.errors.unknown, `${field}: ${list.one} "${value}" is not defined in billing.`, { field, value });
  }
}
