import type { AppContext } from '../../app-context.ts';
import { listAccountCategoryRows } from './account-categories.repo.ts';
import { type AccountCategoryView, toAccountCategoryView } from './reference-lists.views.ts';

/** Every account category billing defines, by code, with how many accounts are in it. */
export async function listAccountCategories(ctx: AppContext): Promise<AccountCategoryView[]> {
  return (await listAccountCategoryRows(ctx.db)).map(toAccountCategoryView);
}
