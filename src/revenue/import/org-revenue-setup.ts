import type { CrmConnection, CrmObjectDescribe } from '../../crm/crm.port.ts';
import { type CurrencyCode, isCurrencyCode } from '../../domain/currency.ts';
import { fail } from '../../domain/errors.ts';
import type { RevenuePolicies } from '../../domain/revenue-policies.ts';

/** What the import needs to know of the org before it reads a contract. */
export interface OrgRevenueSetup {
  /** The tenant currency: the org's corporate currency, which every contract amount is kept in. */
  corporateCurrency: CurrencyCode;
  multiCurrency: boolean;
  /** CurrencyType.ConversionRate per active ISO code, as decimal text (units per one corporate unit). */
  rates: ReadonlyMap<string, string>;
  /** The org's stages (OpportunityStage): which close a deal and which win it. */
  stages: ReadonlyMap<string, { isClosed: boolean; isWon: boolean }>;
  opportunityFields: string[];
  lineFields: string[];
  productFields: string[];
}

/** The revenue fields of seed 004 the import reads; the org must have them (deploy salesforce/force-app). */
const OPPORTUNITY_REVENUE_FIELDS = [
  'Term_Start_Date__c',
  'Term_End_Date__c',
  'Renews__c',
  'Renewed_By__c',
  'Amends__c',
  'Amended_By__c',
  'Assigned_ARR__c',
  'Assigned_MRR__c',
  'Terminated_Effective_Date__c',
  'Termination_Date__c',
  'Revenue_Sync_Error__c',
  // The contract a push created the opportunity from: an import adopts it rather than make a second.
  'Revenue_Contract_Id__c',
];
const LINE_REVENUE_FIELDS = ['Term_Start_Date__c', 'Term_End_Date__c', 'Item_Assigned_ARR__c', 'Item_Assigned_MRR__c'];

/**
 * The org's side of an import, in three calls at most (describes are cached): the stage metadata, the
 * conversion rates of a multi-currency org, and the fields every read names. A missing revenue field fails the
 * run before it reads a record (`mapping_invalid`, naming every one).
 */
export async function readOrgRevenueSetup(crm: CrmConnection, policies: RevenuePolicies): Promise<OrgRevenueSetup> {
  const [opportunity, line, product] = await Promise.all([
    crm.describe('Opportunity'),
    crm.describe('OpportunityLineItem'),
    crm.describe('Product2'),
  ]);
  const productField = policies.lines === 'opportunity' ? policies.productField : undefined;
  const missing = [
    ...absent(opportunity, [...OPPORTUNITY_REVENUE_FIELDS, ...(productField ? [productField] : [])]),
    ...(policies.lines === 'items' ? absent(line, LINE_REVENUE_FIELDS) : []),
    ...absent(product, ['Is_Recurring__c']),
  ];
  if (missing.length > 0) {
    fail('mapping_invalid', `The org lacks ${missing.join(', ')}; deploy salesforce/force-app, then import again.`, {
      missing,
    });
  }
  const multiCurrency = opportunity.fields.has('CurrencyIsoCode');
  const corporate = (await crm.orgCurrency()).toUpperCase();
  if (!isCurrencyCode(corporate))
    fail('unknown_currency', `The org's currency ${corporate} is not one revbridge keeps.`);
  const rates = new Map<string, string>();
  if (multiCurrency) {
    for await (const page of crm.queryPages('SELECT IsoCode, ConversionRate FROM CurrencyType WHERE IsActive = true')) {
      for (const row of page) rates.set(String(row.IsoCode), String(row.ConversionRate));
    }
  }
  const stages = new Map<string, { isClosed: boolean; isWon: boolean }>();
  for await (const page of crm.queryPages('SELECT ApiName, IsClosed, IsWon FROM OpportunityStage')) {
    for (const row of page)
      stages.set(String(row.ApiName), { isClosed: row.IsClosed === true, isWon: row.IsWon === true });
  }
  return {
    corporateCurrency: corporate,
    multiCurrency,
    rates,
    stages,
    opportunityFields: [
      'Id',
      'Name',
      'AccountId',
      'Account.Name',
      'StageName',
      'CloseDate',
      'Amount',
      'SystemModstamp',
      ...(multiCurrency ? ['CurrencyIsoCode'] : []),
      ...OPPORTUNITY_REVENUE_FIELDS,
      ...(productField ? [productField] : []),
    ],
    lineFields: [
      'Id',
      'OpportunityId',
      'Product2Id',
      'ProductCode',
      'Product2.Name',
      'Quantity',
      'TotalPrice',
      'SystemModstamp',
      ...LINE_REVENUE_FIELDS,
    ],
    productFields: [
      'Id',
      'Name',
      'ProductCode',
      'IsActive',
      'Is_Recurring__c',
      'SystemModstamp',
      ...(product.fields.has('Billing_Package_Id__c') ? ['Billing_Package_Id__c'] : []),
    ],
  };
}

function absent(describe: CrmObjectDescribe, fields: readonly string[]): string[] {
  return fields.filter((f) => !describe.fields.has(f)).map((f) => `${describe.name}.${f}`);
}
