import type { AppContext } from '../../../app-context.ts';
import { listCatalog } from '../../../billing/catalog/list-catalog.ts';
import type { CrmConnection } from '../../../crm/crm.port.ts';
import { fail } from '../../../domain/errors.ts';
import { INTEGRATED_BOOK_NAME } from '../catalog-pull/integrated-book.ts';
import { type ListedPackage, type PricedLine, priceLines } from './line-services.ts';
import { type OrgOpportunity, readOpportunity } from './read-opportunity.ts';

export interface LoadedOpportunity {
  opportunity: OrgOpportunity;
  lines: PricedLine[];
}

/**
 * An opportunity with each line's services priced: one Salesforce query, then billing's packages for its
 * products with today's list prices. Only an opportunity on the integrated price book is priced by services
 * (`opportunity_not_on_integrated_book`): its products are the only ones billing knows.
 */
export async function loadOpportunityServices(
  ctx: AppContext,
  crm: CrmConnection,
  opportunityId: string,
  extraFields: readonly string[] = [],
): Promise<LoadedOpportunity> {
  const opportunity = await readOpportunity(crm, opportunityId, extraFields);
  if (!opportunity.onIntegratedBook) {
    fail(
      'opportunity_not_on_integrated_book',
      `Opportunity "${opportunity.name}" (${opportunity.id}) is ${
        opportunity.pricebookId ? `on price book ${opportunity.pricebookId}` : 'on no price book'
      }, not on "${INTEGRATED_BOOK_NAME}": choose that price book and add the products from it.`,
      { opportunityId: opportunity.id, pricebookId: opportunity.pricebookId },
    );
  }
  const packageIds = opportunity.lines
    .map((l) => (l.Product2 as { Billing_Package_Id__c?: string | null } | null)?.Billing_Package_Id__c)
    .filter((id): id is string => typeof id === 'string' && /^\d{1,18}$/.test(id))
    .map(BigInt);
  const catalog = packageIds.length > 0 ? await listCatalog(ctx, { packageIds }) : { packages: [] };
  const packages = new Map<string, ListedPackage>(catalog.packages.map((p) => [p.id, p]));
  return { opportunity, lines: priceLines(opportunity, packages) };
}
