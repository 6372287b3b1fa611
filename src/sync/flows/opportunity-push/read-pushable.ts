import type { CrmConnection, CrmRecord } from '../../../crm/crm.port.ts';
import {
  LINE_FIELDS,
  type OrgOpportunity,
  orgOpportunityOf,
  SERVICE_RECORD_FIELDS,
} from '../opportunity-services/read-opportunity.ts';
import { PUSH_STATE_FIELDS } from './push-state.ts';

/** Closed Won, on the integrated book, and not pushed yet (or refused last time), seen from each object. */
function pending(prefix: string): string {
  return (
    `${prefix}IsWon = true AND ${prefix}Pricebook2.Billing_Integrated__c = true AND ` +
    `(${prefix}Billing_Push_Status__c = null OR ${prefix}Billing_Push_Status__c != 'Pushed')`
  );
}

/**
 * Every opportunity a batch push takes, with its lines and their service records: three reads (one per
 * object, through Bulk API 2.0 past 10,000 rows) whatever the number of opportunities, where one query per
 * opportunity would spend the org's allowance. Opportunities already `Pushed` are left out: a changed one is
 * pushed again by name (`push opportunity <Id>`, the button).
 */
export async function readPushable(crm: CrmConnection): Promise<OrgOpportunity[]> {
  const multiCurrency = (await crm.describe('Opportunity')).fields.has('CurrencyIsoCode');
  const orgCurrency = await crm.orgCurrency();
  const byId = new Map<string, OrgOpportunity>();
  const fields = [
    'Id',
    'Name',
    'StageName',
    'IsWon',
    'Type',
    'CloseDate',
    'AccountId',
    'Pricebook2Id',
    'Account.Name',
    ...(multiCurrency ? ['CurrencyIsoCode', 'Account.CurrencyIsoCode'] : []),
    ...PUSH_STATE_FIELDS,
  ];
  for await (const page of crm.readAll('Opportunity', fields, pending(''))) {
    for (const row of page) {
      // Read with `Pricebook2.Billing_Integrated__c = true` in the filter.
      const opportunity = orgOpportunityOf(row, multiCurrency ? String(row.CurrencyIsoCode) : orgCurrency);
      byId.set(row.Id, { ...opportunity, onIntegratedBook: true });
    }
  }
  if (byId.size === 0) return [];
  const attach = (parentId: unknown, row: CrmRecord, into: 'lines' | 'serviceRecords') =>
    byId.get(String(parentId))?.[into].push(row);
  for await (const page of crm.readAll(
    'OpportunityLineItem',
    ['OpportunityId', ...LINE_FIELDS],
    pending('Opportunity.'),
  )) {
    for (const row of page) attach(row.OpportunityId, row, 'lines');
  }
  for await (const page of crm.readAll(
    'Opportunity_Product_Service__c',
    ['Opportunity__c', ...SERVICE_RECORD_FIELDS],
    pending('Opportunity__r.'),
  )) {
    for (const row of page) attach(row.Opportunity__c, row, 'serviceRecords');
  }
  return [...byId.values()];
}
