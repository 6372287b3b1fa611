import type { AppContext } from '../../app-context.ts';
import { salesforceValueSets, type ValueSet } from '../../domain/salesforce-value-sets.ts';
import { listAccountCategoryRows } from './account-categories.repo.ts';
import { listArTermRows } from './ar-terms.repo.ts';
import { listBillGroupRows } from './bill-groups.repo.ts';

/** The global value sets behind the Account picklists, from billing's current lists. */
export async function listSalesforceValueSets(ctx: AppContext): Promise<ValueSet[]> {
  const [billGroups, arTerms, accountCategories] = await Promise.all([
    listBillGroupRows(ctx.db),
    listArTermRows(ctx.db),
    listAccountCategoryRows(ctx.db),
  ]);
  return salesforceValueSets({ billGroups, arTerms, accountCategories });
}
