import type { CrmConnection, CrmRecord } from '../../../crm/crm.port.ts';
import { fail, RevbridgeError } from '../../../domain/errors.ts';

/** The Product2 fields revbridge owns (and the product's id). */
export const PRODUCT_FIELDS = [
  'Id',
  'Billing_Package_Id__c',
  'Name',
  'ProductCode',
  'Billing_Package_Code__c',
  'Billing_Frequency__c',
  'IsActive',
];
export const SERVICE_FIELDS = [
  'Id',
  'Billing_Service_Id__c',
  'Product__c',
  'Name',
  'Service_Code__c',
  'Kind__c',
  'Unit__c',
  'Recurring_Price__c',
  'One_Time_Price__c',
  'Usage_Rate__c',
  'Included_Quantity__c',
  'Overage_Rate__c',
  'State_Prices__c',
  'Active__c',
];

/** What the org holds of billing's catalog, read once per pull (a catalog is thousands of rows, not millions). */
export interface OrgCatalog {
  standardBookId: string;
  /** The active price book flagged `Billing_Integrated__c`, if there is one yet. */
  integratedBook: CrmRecord | undefined;
  /** Products carrying a billing package id, by that id. */
  products: Map<string, CrmRecord>;
  /** Product Services carrying a billing service id, by that id. */
  services: Map<string, CrmRecord>;
  /** Entries of those products in the standard and the integrated book, by `entryKey`. */
  entries: Map<string, CrmRecord>;
  /** Whether the org is multi-currency (records carry CurrencyIsoCode). */
  multiCurrency: boolean;
  orgCurrency: string;
}

export function entryKey(bookId: string, productId: string, currency: string): string {
  return `${bookId.slice(0, 15)}|${productId.slice(0, 15)}|${currency}`;
}

/** The fields the pull writes, per object: all must exist and be writable before anything is written. */
const WRITTEN: Record<string, string[]> = {
  Pricebook2: ['Billing_Integrated__c', 'IsActive'],
  Product2: PRODUCT_FIELDS.filter((f) => f !== 'Id'),
  Product_Service__c: SERVICE_FIELDS.filter((f) => f !== 'Id'),
  PricebookEntry: ['UnitPrice', 'IsActive'],
};

/**
 * `mapping_invalid` before a pull writes anything when the org lacks revbridge's catalog schema (an admin
 * has not deployed salesforce/force-app yet) or its user cannot write a field: one sentence per problem.
 */
export async function assertCatalogSchema(crm: CrmConnection): Promise<void> {
  const problems: string[] = [];
  for (const [object, fields] of Object.entries(WRITTEN)) {
    let describe;
    try {
      describe = await crm.describe(object);
    } catch (error) {
      if (!(error instanceof RevbridgeError) || error.code !== 'salesforce_request_failed') throw error;
      problems.push(`${object} does not exist in the org (deploy salesforce/force-app)`);
      continue;
    }
    for (const name of fields) {
      const field = describe.fields.get(name);
      if (!field) problems.push(`${object}.${name} does not exist in the org (deploy salesforce/force-app)`);
      else if (!field.updateable && !field.createable) {
        problems.push(`${object}.${name} is not writable by revbridge's Salesforce user (check field-level security)`);
      }
    }
  }
  if (problems.length > 0) {
    fail('mapping_invalid', `The org is not ready for the catalog: ${problems.join('; ')}.`, { problems });
  }
}

export async function readOrgCatalog(crm: CrmConnection): Promise<OrgCatalog> {
  await assertCatalogSchema(crm);
  const multiCurrency = (await crm.describe('Product2')).fields.has('CurrencyIsoCode');
  const orgCurrency = await crm.orgCurrency();
  const standard = await firstPage(crm, 'SELECT Id FROM Pricebook2 WHERE IsStandard = true LIMIT 1');
  if (!standard[0]) throw new Error('the org has no standard price book');
  // Several flagged books (a create retried after its answer was lost): the oldest is the one.
  const flagged = await firstPage(
    crm,
    'SELECT Id, Name, IsActive FROM Pricebook2 WHERE Billing_Integrated__c = true ORDER BY CreatedDate, Id LIMIT 1',
  );
  const products = await keyed(
    crm,
    'Product2',
    [...PRODUCT_FIELDS, ...(multiCurrency ? ['CurrencyIsoCode'] : [])],
    'Billing_Package_Id__c != null',
    'Billing_Package_Id__c',
  );
  const services = await keyed(
    crm,
    'Product_Service__c',
    SERVICE_FIELDS,
    'Billing_Service_Id__c != null',
    'Billing_Service_Id__c',
  );
  const books = [standard[0].Id, ...(flagged[0] ? [flagged[0].Id] : [])].map((id) => `'${id}'`).join(', ');
  const entries = new Map<string, CrmRecord>();
  for await (const page of crm.readAll(
    'PricebookEntry',
    [
      'Id',
      'Pricebook2Id',
      'Product2Id',
      'UnitPrice',
      'IsActive',
      'UseStandardPrice',
      ...(multiCurrency ? ['CurrencyIsoCode'] : []),
    ],
    `Pricebook2Id IN (${books}) AND Product2.Billing_Package_Id__c != null`,
  )) {
    for (const e of page) {
      const currency = multiCurrency ? String(e.CurrencyIsoCode) : orgCurrency;
      entries.set(entryKey(String(e.Pricebook2Id), String(e.Product2Id), currency), e);
    }
  }
  return {
    standardBookId: standard[0].Id,
    integratedBook: flagged[0],
    products,
    services,
    entries,
    multiCurrency,
    orgCurrency,
  };
}

async function firstPage(crm: CrmConnection, soql: string): Promise<CrmRecord[]> {
  for await (const page of crm.queryPages(soql)) return page;
  return [];
}

async function keyed(
  crm: CrmConnection,
  object: string,
  fields: string[],
  where: string,
  key: string,
): Promise<Map<string, CrmRecord>> {
  const out = new Map<string, CrmRecord>();
  for await (const page of crm.readAll(object, fields, where)) for (const r of page) out.set(String(r[key]), r);
  return out;
}
