import type { AppContext } from '../../app-context.ts';
import type { CrmConnection, CrmRecord } from '../../crm/crm.port.ts';
import { stageCategoryFromOrg } from '../../domain/contract-state.ts';
import { RevbridgeError } from '../../domain/errors.ts';
import type { RevenuePolicies } from '../../domain/revenue-policies.ts';
import { chunks, quoted } from '../../sync/flows/account-push/read-accounts.ts';
import { ProductIndex } from '../products/product-index.ts';
import { listRevenueProducts } from '../products/revenue-products.repo.ts';
import { registerStages } from '../stages/revenue-stages.repo.ts';
import { buildContract, type ContractPlan } from './build-contract.ts';
import type { OrgRevenueSetup } from './org-revenue-setup.ts';

/** Opportunity ids per query: the SOQL statement stays well under Salesforce's length limit. */
const IDS_PER_QUERY = 300;

/** An opportunity as Salesforce has it now, built as the import would build it (or the rule it breaks). */
export interface OpportunityNow {
  opportunity: CrmRecord;
  plan?: ContractPlan;
  error?: RevbridgeError;
}

/**
 * These opportunities as Salesforce has them now, each built into a contract plan by the import's rules: what a
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
): Promise<Map<string, OpportunityNow>> {
  const found = new Map<string, OpportunityNow>();
  if (opportunityIds.length === 0) return found;
  const products = new ProductIndex(await listRevenueProducts(ctx.db), policies.productKey);
  for (const ids of chunks([...opportunityIds], IDS_PER_QUERY)) {
    const opportunities: CrmRecord[] = [];
    for await (const page of crm.readAll('Opportunity', setup.opportunityFields, `Id IN (${quoted(ids)})`)) {
      opportunities.push(...page);
    }
    const lines = new Map<string, CrmRecord[]>();
    if (policies.lines === 'items') {
      for await (const page of crm.readAll(
        'OpportunityLineItem',
        setup.lineFields,
        `OpportunityId IN (${quoted(ids)})`,
      )) {
        for (const line of page) {
          const list = lines.get(String(line.OpportunityId)) ?? [];
          list.push(line);
          lines.set(String(line.OpportunityId), list);
        }
      }
    }
    await registerStages(
      ctx.db,
      [...new Set(opportunities.map((o) => String(o.StageName)))].map((stage) => ({
        stage,
        category: stageCategoryFromOrg(setup.stages.get(stage)),
      })),
      ctx.clock.now(),
    );
    for (const opportunity of opportunities) {
      const own = (lines.get(opportunity.Id) ?? []).sort((a, b) => (a.Id < b.Id ? -1 : 1));
      try {
        found.set(opportunity.Id, {
          opportunity,
          plan: buildContract(opportunity, own, { setup, policies, products }),
        });
      } catch (error) {
        if (!(error instanceof RevbridgeError)) throw error;
        found.set(opportunity.Id, { opportunity, error });
      }
    }
  }
  return found;
}
