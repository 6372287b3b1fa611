import type { CrmConnection, CrmObjectDescribe } from '../../crm/crm.port.ts';
import { fail } from '../../domain/errors.ts';

/** What a push may write on one object: on a record it creates, and on one that exists. */
export interface WritableFields {
  create: ReadonlySet<string>;
  update: ReadonlySet<string>;
}

/** The fields a push writes, as this org allows them, and why any it would write are left out. */
export interface PushFields {
  opportunity: WritableFields;
  line: WritableFields;
  multiCurrency: boolean;
  /** One sentence per field left out: a formula, or one revbridge's user cannot write. */
  warnings: string[];
}

/** The Opportunity fields a push writes (a field of CONTRACT_FIELDS, or what creating an opportunity needs). */
const OPPORTUNITY_WRITES = [
  'Name',
  'AccountId',
  'StageName',
  'CloseDate',
  'Term_Start_Date__c',
  'Term_End_Date__c',
  'Assigned_ARR__c',
  'Assigned_MRR__c',
  'Renews__c',
  'Amends__c',
  'Pricebook2Id',
  'CurrencyIsoCode',
  'Revenue_Sync__c',
  'Revenue_Sync_Error__c',
];
const LINE_WRITES = [
  'OpportunityId',
  'PricebookEntryId',
  'Quantity',
  'TotalPrice',
  'Term_Start_Date__c',
  'Term_End_Date__c',
  'Item_Assigned_ARR__c',
  'Item_Assigned_MRR__c',
];
/** The external ids a push finds its own records by: without them a retried push could make a second. */
export const CONTRACT_ID_FIELD = 'Revenue_Contract_Id__c';
export const LINE_KEY_FIELD = 'Revenue_Line_Key__c';

/**
 * The fields a push writes, read from the org's describe (cached): a formula or other calculated field is never
 * written, nor one revbridge's user cannot create or update, each left out with a warning the run records; a field
 * Salesforce owns (`salesforceOwns`, as `Object.Field`) is written only on a record the push creates. The external
 * ids must be there and writable (`mapping_invalid` otherwise: deploy salesforce/force-app).
 */
export async function pushFields(crm: CrmConnection, salesforceOwns: readonly string[]): Promise<PushFields> {
  const [opportunity, line] = await Promise.all([crm.describe('Opportunity'), crm.describe('OpportunityLineItem')]);
  const missing = [...unwritable(opportunity, CONTRACT_ID_FIELD), ...unwritable(line, LINE_KEY_FIELD)];
  if (missing.length > 0) {
    fail('mapping_invalid', `A push needs ${missing.join(' and ')}; deploy salesforce/force-app, then push again.`, {
      missing,
    });
  }
  const warnings: string[] = [];
  const owned = new Set(salesforceOwns);
  return {
    opportunity: writable(opportunity, OPPORTUNITY_WRITES, owned, warnings),
    line: writable(line, LINE_WRITES, owned, warnings),
    multiCurrency: opportunity.fields.has('CurrencyIsoCode'),
    warnings,
  };
}

function unwritable(describe: CrmObjectDescribe, name: string): string[] {
  const field = describe.fields.get(name);
  return field && field.createable ? [] : [`${describe.name}.${name} (writable by revbridge's user)`];
}

function writable(
  describe: CrmObjectDescribe,
  names: readonly string[],
  owned: ReadonlySet<string>,
  warnings: string[],
): WritableFields {
  const create = new Set<string>();
  const update = new Set<string>();
  for (const name of names) {
    const field = describe.fields.get(name);
    const label = `${describe.name}.${name}`;
    // A single-currency org has no CurrencyIsoCode: every record is in its currency.
    if (!field) {
      if (name !== 'CurrencyIsoCode') warnings.push(`${label} is not in the org; the push leaves it out.`);
      continue;
    }
    if (field.calculated) {
      warnings.push(`${label} is a formula field in this org; the push never writes it.`);
      continue;
    }
    if (!field.createable && !field.updateable) {
      warnings.push(`${label} is read-only for revbridge's Salesforce user; the push leaves it out.`);
      continue;
    }
    if (field.createable) create.add(name);
    if (field.updateable && !owned.has(label)) update.add(name);
  }
  return { create, update };
}
