import type { AppContext } from '../../../app-context.ts';
import { crmOf } from '../../engine/sync-context.ts';
import { loadOpportunityServices } from './load-opportunity-services.ts';
import { type OpportunityServicesView, toOpportunityServicesView } from './opportunity-services.views.ts';

/**
 * Seeds 000/002: the services of each product line of one opportunity, as negotiated or (a service with
 * no record yet) at billing's list price, with each line's sales price beside its services' sum. Reads
 * Salesforce (one query) and billing; writes nothing.
 */
export async function showOpportunityServices(
  ctx: AppContext,
  opportunityId: string,
): Promise<OpportunityServicesView> {
  const crm = await crmOf(ctx);
  const { opportunity, lines } = await loadOpportunityServices(ctx, crm, opportunityId);
  return toOpportunityServicesView(opportunity, lines);
}
