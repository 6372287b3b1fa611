import type { AppContext } from '../../app-context.ts';
import type { CrmConnection, CrmRecord } from '../../crm/crm.port.ts';
import { stageCategoryFromOrg } from '../../domain/contract-state.ts';
import type { RevenuePolicies } from '../../domain/revenue-policies.ts';
import { chunks, quoted } from '../../sync/flows/account-push/read-accounts.ts';
import { ProductIndex } from '../products/product-index.ts';
import { listRevenueProducts } from '../products/revenue-products.repo.ts';
import { registerStages } from '../stages/revenue-stages.repo.ts';
import { type BuiltOpportunity, builtOrRefused } from './build-contract.ts';
import { linesByOpportunity, OPPORTUNITY_IDS_PER_QUERY, readLinesOf } from './read-opportunities.ts';
import type { OrgRevenueSetup } from './org-revenue-setup.ts';

/**
 * These opportunities as Salesforce has them now (or the rule each breaks), built by the import's rules: what a
 * push compares a changed contract with, and what a person keeps when a conflict is resolved for Salesforce. Two
 * queries per 300 opportunities (the opportunities, their lines); a deleted one is missing from the map. Stages
 * seen for the first time are registered, as the import does.
 */
export async function readOpportunitiesNow(
  ctx: AppContext,
  crm: CrmConnection,
  setup: OrgRevenueSetup,
  policies: RevenuePolicies,
  opportunityIds: readonly string[],
): Promise<Map<string, BuiltOpportunity>> {
  const found = new Map<string, BuiltOpportunity>();
  if (opportunityIds.length === 0) return found;
  const products = new ProductIndex(await listRevenueProducts(ctx.db), policies.productKey);
  for (const ids of chunks([...opportunityIds], OPPORTUNITY_IDS_PER_QUERY)) {
    const opportunities: CrmRecord[] = [];
    for await (const page of crm.readAll('Opportunity', setup.opportunityFields, `Id IN (${quoted(ids)})`)) {
      opportunities.push(...page);
    }
    const lines: CrmRecord[] = [];
    if (policies.lines === 'items') for await (const page of readLinesOf(crm, setup, ids)) lines.push(...page);
    const byOpportunity = linesByOpportunity(lines);
    await registerStages(
      ctx.db,
      [...new Set(opportunities.map((o) => String(o.StageName)))].map((stage) => ({
        stage,
        category: stageCategoryFromOrg(setup.stages.get(stage)),
      })),
      ctx.clock.now(),
    );
    for (const opportunity of opportunities) {
      found.set(
        opportunity.Id,
        builtOrRefused(opportunity, byOpportunity.get(opportunity.Id) ?? [], { setup, policies, products }),
      );
    }
  }
  return found;
}
