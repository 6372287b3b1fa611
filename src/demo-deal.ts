import type { AppContext } from './app-context.ts';
import type { CrmConnection, CrmRecord } from './crm/crm.port.ts';
import { today } from './domain/clock.ts';
import { pullCatalog } from './sync/flows/catalog-pull/pull-catalog.ts';
import { priceOpportunityServices } from './sync/flows/opportunity-services/price-opportunity-services.ts';

export const DEMO_DEAL_NAME = 'Acme Holdings - Platform expansion (priced by services)';

export interface DemoDeal {
  opportunityId: string;
  /** False when an earlier start had made it (a restart changes nothing). */
  created: boolean;
}

/**
 * The demo follows a deal through: billing's catalog is pulled into the integrated price book, and the demo
 * company has a Closed-Won upgrade of the Platform Subscription on it, its services re-priced as a rep would
 * (a lower base fee, 250 seats at a group rate, onboarding at a discount), ready to push (`revbridge push
 * opportunity <id>`) and then bill. Made once: a restart finds it and changes nothing.
 */
export async function prepareDemoDeal(ctx: AppContext, crm: CrmConnection): Promise<DemoDeal | undefined> {
  const pull = await pullCatalog(ctx, { trigger: 'schedule' });
  if (pull.status !== 'succeeded') {
    ctx.logger.warn(
      { runId: pull.runId, status: pull.status, error: pull.error },
      'demo: the catalog pull did not succeed',
    );
    return undefined;
  }
  const existing = await first(crm, `SELECT Id FROM Opportunity WHERE Name = '${DEMO_DEAL_NAME}' LIMIT 1`);
  if (existing) return { opportunityId: existing.Id, created: false };
  const account = await first(crm, "SELECT Id FROM Account WHERE Name = 'Acme Holdings Inc.' LIMIT 1");
  const entry = await first(
    crm,
    'SELECT Id, Pricebook2Id FROM PricebookEntry WHERE Pricebook2.Billing_Integrated__c = true ' +
      "AND Product2.ProductCode = 'PLATFORM-USD' AND IsActive = true LIMIT 1",
  );
  if (!account || !entry) return undefined;
  const multiCurrency = (await crm.describe('Opportunity')).fields.has('CurrencyIsoCode');
  const [opportunity] = await crm.create('Opportunity', [
    {
      Name: DEMO_DEAL_NAME,
      AccountId: account.Id,
      StageName: 'Closed Won',
      CloseDate: today(ctx.clock),
      Type: 'Existing Customer - Upgrade',
      Pricebook2Id: entry.Pricebook2Id,
      ...(multiCurrency ? { CurrencyIsoCode: 'USD' } : {}),
    },
  ]);
  if (!opportunity?.success || !opportunity.id) return undefined;
  const [line] = await crm.create('OpportunityLineItem', [
    { OpportunityId: opportunity.id, PricebookEntryId: entry.Id, Quantity: 1 },
  ]);
  if (!line?.success) return undefined;
  await priceOpportunityServices(
    ctx,
    opportunity.id,
    [
      { service: 'BASE', recurring: '449.00' },
      { service: 'SEATS', quantity: '250', recurring: '22.00' },
      { service: 'ONBOARDING', oneTime: '1000.00' },
    ],
    { trigger: 'schedule' },
  );
  return { opportunityId: opportunity.id, created: true };
}

async function first(crm: CrmConnection, soql: string): Promise<CrmRecord | undefined> {
  for await (const page of crm.queryPages(soql)) return page[0];
  return undefined;
}
