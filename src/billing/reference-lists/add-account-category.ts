import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { findAccountCategory, insertAccountCategory } from './account-categories.repo.ts';
import { parseValueCode, parseValueName } from './reference-input.ts';
import { type AccountCategoryView, type Added, toAccountCategoryView } from './reference-lists.views.ts';

export interface AddAccountCategoryInput {
  code: string;
  /** The label Salesforce shows; the code when absent. */
  name?: string | null;
}

/**
 * Adds an account category. The same code and name again is harmless (`created: false`); a code taken in any
 * case by another spelling or name is `account_category_taken`.
 */
export async function addAccountCategory(
  ctx: AppContext,
  input: AddAccountCategoryInput,
): Promise<Added<AccountCategoryView>> {
  const code = parseValueCode(input.code);
  const name = parseValueName(input.name, code);
  const created = await insertAccountCategory(ctx.db, { code, name });
  const row = (await findAccountCategory(ctx.db, code))!;
  if (!created && (row.code !== code || (input.name != null && row.name !== name))) {
    fail('account_category_taken', `Account category "${row.code}" already exists, named "${row.name}".`, {
      field: 'code',
      code: row.code,
      name: row.name,
    });
  }
  return { value: toAccountCategoryView(row), created };
}
