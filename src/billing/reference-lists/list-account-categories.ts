import type { AppContext } from '../../app-context.ts';
import { listValues } from './list-values.ts';
import { ACCOUNT_CATEGORIES, type AccountCategoryView } from './reference-lists.ts';

/** Every account category billing defines, by code, with its id and how many accounts are in it. */
export async function listAccountCategories(ctx: AppContext): Promise<AccountCategoryView[]> {
  return listValues(ctx, ACCOUNT_CATEGORIES);
}
