import { type ServicePriceChange } from '../../src/sync/flows/opportunity-services/price-opportunity-services.ts';
import { priceOpportunityServices } from '../../src/sync/flows/opportunity-services/price-opportunity-services.ts';
import type { SyncTest } from './sync-helpers.ts';

export interface QuotedOpportunity {
  opportunityId: string;
  lineId: string;
}

/**
 * What a rep does in Salesforce: an opportunity on the integrated price book with one line of `product`, its
 * services priced through revbridge. The catalog must have been pulled.
 */
export async function quoteOpportunity(
  h: SyncTest,
  fields: { AccountId: string; Name: string; Type?: string; StageName?: string; CloseDate?: string },
  line: { product?: string; quantity?: number; changes?: ServicePriceChange[]; currency?: string } = {},
): Promise<QuotedOpportunity> {
  const currency = line.currency ?? 'USD';
  const book = (await h.sf.query<{ Id: string }>('SELECT Id FROM Pricebook2 WHERE Billing_Integrated__c = true'))
    .records[0];
  const entry = (
    await h.sf.query<{ Id: string }>(
      `SELECT Id FROM PricebookEntry WHERE Pricebook2Id = '${book.Id}' AND Product2.ProductCode = '${line.product ?? 'PLAT'}' AND CurrencyIsoCode = '${currency}'`,
    )
  ).records[0];
  const opportunityId = (
    (await h.sf.sobject('Opportunity').create({
      StageName: 'Closed Won',
      CloseDate: '2026-01-01',
      Type: 'New Customer',
      CurrencyIsoCode: currency,
      Pricebook2Id: book.Id,
      ...fields,
    })) as { id: string }
  ).id;
  const lineId = (
    (await h.sf
      .sobject('OpportunityLineItem')
      .create({ OpportunityId: opportunityId, PricebookEntryId: entry.Id, Quantity: line.quantity ?? 1 })) as {
      id: string;
    }
  ).id;
  const priced = await priceOpportunityServices(h.ctx, opportunityId, line.changes ?? [], { trigger: 'test' });
  if (priced.error) throw new Error(`pricing failed: ${priced.error.code}: ${priced.error.message}`);
  return { opportunityId, lineId };
}

/** An Account as a rep creates it (not flagged for billing: a push brings it along). */
export async function createAccount(h: SyncTest, fields: Record<string, unknown>): Promise<string> {
  return (
    (await h.sf.sobject('Account').create({ BillingCountry: 'US', CurrencyIsoCode: 'USD', ...fields })) as {
      id: string;
    }
  ).id;
}

/** Turns on the org's currencies (an empty org is single-currency until told). */
export async function multiCurrency(h: SyncTest): Promise<void> {
  await fetch(`${h.org.url}/__localorg/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ multiCurrency: true, currencies: ['USD', 'EUR'] }),
  });
}
