import type { CrmConnection, CrmRecord } from '../../../crm/crm.port.ts';
import { fail } from '../../../domain/errors.ts';
import { salesforceId18 } from '../../../domain/salesforce-id.ts';

export const LINE_FIELDS = [
  'Id',
  'Product2Id',
  'Product2.Billing_Package_Id__c',
  'Product2.ProductCode',
  'Product2.Name',
  'Quantity',
  'UnitPrice',
  'TotalPrice',
  'Discount',
  'ServiceDate',
];
export const SERVICE_RECORD_FIELDS = [
  'Id',
  'Line_Service_Key__c',
  'Opportunity_Line_Item_Id__c',
  'Product_Service__r.Billing_Service_Id__c',
  'Quantity__c',
  'Recurring_Price__c',
  'One_Time_Price__c',
  'Usage_Rate__c',
  'Included_Quantity__c',
  'Overage_Rate__c',
  'State_Prices__c',
];

/** An opportunity as revbridge prices it: its header, its product lines, and their service records. */
export interface OrgOpportunity {
  id: string;
  name: string;
  stage: string;
  isWon: boolean;
  type: string | null;
  closeDate: string;
  accountId: string | null;
  /** The account's name and currency in Salesforce (its currency is the opportunity's in a single-currency org). */
  account: { name: string; currency: string } | null;
  /** CurrencyIsoCode in a multi-currency org, else the org's currency. */
  currency: string;
  pricebookId: string | null;
  onIntegratedBook: boolean;
  lines: CrmRecord[];
  /** The Opportunity row as read, with any extra fields asked for. */
  record: CrmRecord;
  /** Its Opportunity_Product_Service__c records (those of deleted lines included: they have no line to follow). */
  serviceRecords: CrmRecord[];
}

type Children = { done?: boolean; records?: CrmRecord[] } | null | undefined;

/**
 * One query for the opportunity, its lines and their service records (a parent-to-child query is one API
 * call). Salesforce pages a child set only when it is very large; such a set is then read on its own.
 */
export async function readOpportunity(
  crm: CrmConnection,
  opportunityId: string,
  extraFields: readonly string[] = [],
): Promise<OrgOpportunity> {
  const id = salesforceId18(opportunityId.trim());
  if (!id || !id.startsWith('006')) {
    fail('opportunity_not_found', `"${opportunityId}" is not an opportunity id (15 or 18 characters, starting 006).`, {
      opportunityId,
    });
  }
  const multiCurrency = (await crm.describe('Opportunity')).fields.has('CurrencyIsoCode');
  const soql =
    `SELECT Id, Name, StageName, IsWon, Type, CloseDate, AccountId, Pricebook2Id, Pricebook2.Billing_Integrated__c` +
    `, Account.Name${multiCurrency ? ', CurrencyIsoCode, Account.CurrencyIsoCode' : ''}${extraFields.map((f) => `, ${f}`).join('')}, ` +
    `(SELECT ${LINE_FIELDS.join(', ')} FROM OpportunityLineItems ORDER BY SortOrder, Id), ` +
    `(SELECT ${SERVICE_RECORD_FIELDS.join(', ')} FROM Opportunity_Product_Services__r ORDER BY Id) ` +
    `FROM Opportunity WHERE Id = '${id}'`;
  let row: CrmRecord | undefined;
  for await (const page of crm.queryPages(soql)) row = page[0];
  if (!row) fail('opportunity_not_found', `Salesforce has no opportunity ${id}.`, { opportunityId: id });
  const children = async (relationship: Children, object: string, fields: string[], parentField: string) => {
    if (!relationship) return [];
    if (relationship.done !== false) return relationship.records ?? [];
    const all: CrmRecord[] = [];
    for await (const page of crm.readAll(object, fields, `${parentField} = '${id}'`)) all.push(...page);
    return all;
  };
  const book = row.Pricebook2 as { Billing_Integrated__c?: boolean } | null;
  return {
    ...orgOpportunityOf(row, multiCurrency ? String(row.CurrencyIsoCode) : await crm.orgCurrency()),
    onIntegratedBook: book?.Billing_Integrated__c === true,
    lines: await children(row.OpportunityLineItems as Children, 'OpportunityLineItem', LINE_FIELDS, 'OpportunityId'),
    serviceRecords: await children(
      row.Opportunity_Product_Services__r as Children,
      'Opportunity_Product_Service__c',
      SERVICE_RECORD_FIELDS,
      'Opportunity__c',
    ),
  };
}

/** An Opportunity row as revbridge prices it, before its lines and service records are attached. */
export function orgOpportunityOf(row: CrmRecord, currency: string): OrgOpportunity {
  return {
    id: row.Id,
    name: String(row.Name),
    stage: String(row.StageName),
    isWon: row.IsWon === true,
    type: (row.Type as string | null) ?? null,
    closeDate: String(row.CloseDate),
    accountId: (row.AccountId as string | null) ?? null,
    account: row.Account
      ? {
          name: String((row.Account as { Name?: unknown }).Name ?? row.AccountId),
          currency: String((row.Account as { CurrencyIsoCode?: unknown }).CurrencyIsoCode ?? currency),
        }
      : null,
    currency,
    pricebookId: (row.Pricebook2Id as string | null) ?? null,
    onIntegratedBook: false,
    record: row,
    lines: [],
    serviceRecords: [],
  };
}
