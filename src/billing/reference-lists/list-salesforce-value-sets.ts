import type { AppContext } from '../../app-context.ts';
import { salesforceValueSets, type ValueSet } from '../../domain/salesforce-value-sets.ts';
import { listValueRows } from './reference-list.repo.ts';
import { ACCOUNT_CATEGORIES, AR_TERMS, BILL_GROUPS } from './reference-lists.ts';

/** The global value sets behind the Account picklists, from billing's current lists. */
export async function listSalesforceValueSets(ctx: AppContext): Promise<ValueSet[]> {
  const [billGroups, arTerms, accountCategories] = await Promise.all([
    listValueRows(ctx.db, BILL_GROUPS),
    listValueRows(ctx.db, AR_TERMS),
    listValueRows(ctx.db, ACCOUNT_CATEGORIES),
  ]);
  return salesforceValueSets({ billGroups, arTerms, accountCategories });
}
