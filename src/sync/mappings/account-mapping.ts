import { isRequiredForNewBillingAccount } from '../../domain/new-billing-account.ts';
import type { FieldMapping, ObjectMapping } from './field-mapping.ts';

/** Salesforce Account ↔ billing account (seeds 000, 001, 003). */
export const ACCOUNT_MAPPING: ObjectMapping = {
  name: 'account',
  salesforceObject: 'Account',
  billingObject: 'account',
  version: 1,
  syncFlag: 'Billing_Sync__c',
  state: { status: 'Billing_Sync_Status__c', error: 'Billing_Sync_Error__c', lastSynced: 'Billing_Last_Synced__c' },
  fields: withNewAccountRule([
    { salesforce: 'Name', billing: 'name', direction: 'to_billing', transform: 'text' },
    // A single-currency org has no CurrencyIsoCode: every account is in the org's currency.
    {
      salesforce: 'CurrencyIsoCode',
      billing: 'currency',
      direction: 'to_billing',
      transform: 'currency',
      absentInOrg: 'org_currency',
    },
    { salesforce: 'ParentId', billing: 'parentId', direction: 'to_billing', transform: 'account_ref' },
    {
      salesforce: 'BillingStreet',
      billing: 'address.street',
      direction: 'to_billing',
      transform: 'text',
    },
    { salesforce: 'BillingCity', billing: 'address.city', direction: 'to_billing', transform: 'text' },
    {
      salesforce: 'BillingState',
      billing: 'address.region',
      direction: 'to_billing',
      transform: 'text',
    },
    {
      salesforce: 'BillingPostalCode',
      billing: 'address.postalCode',
      direction: 'to_billing',
      transform: 'text',
    },
    {
      salesforce: 'BillingCountry',
      billing: 'address.country',
      direction: 'to_billing',
      transform: 'country',
    },
    {
      salesforce: 'Billing_Status__c',
      billing: 'status',
      direction: 'to_billing',
      transform: 'status',
    },
    { salesforce: 'Bill_Group__c', billing: 'billGroup', direction: 'to_billing', transform: 'text' },
    { salesforce: 'AR_Term__c', billing: 'arTermDays', direction: 'to_billing', transform: 'ar_term' },
    {
      salesforce: 'Billing_Cycle__c',
      billing: 'billingCycle',
      direction: 'to_billing',
      transform: 'billing_cycle',
    },
    {
      salesforce: 'Billing_Account_Category__c',
      billing: 'accountCategory',
      direction: 'to_billing',
      transform: 'text',
    },
    {
      salesforce: 'Billing_Primary_Email__c',
      billing: 'primaryEmail',
      direction: 'to_billing',
      transform: 'email',
    },
    {
      salesforce: 'Subscription_Invoicer__c',
      billing: 'subscriptionInvoicerId',
      direction: 'to_billing',
      transform: 'account_ref',
    },
    {
      salesforce: 'Usage_Invoicer__c',
      billing: 'usageInvoicerId',
      direction: 'to_billing',
      transform: 'account_ref',
    },
    {
      salesforce: 'Tax_Inheritance_Account__c',
      billing: 'taxAccountId',
      direction: 'to_billing',
      transform: 'account_ref',
    },
    // Billing's identity on the Salesforce record, written after every successful sync.
    {
      salesforce: 'Billing_Account_Number__c',
      billing: 'accountNumber',
      direction: 'to_salesforce',
      transform: 'text',
    },
    {
      salesforce: 'Billing_Account_Id__c',
      billing: 'id',
      direction: 'to_salesforce',
      transform: 'text',
    },
    {
      salesforce: 'Billing_Cycle_Id__c',
      billing: 'billingCycleId',
      direction: 'to_salesforce',
      transform: 'text',
    },
    {
      salesforce: 'Billing_Account_Category_Id__c',
      billing: 'accountCategoryId',
      direction: 'to_salesforce',
      transform: 'text',
    },
    // Seed 003: on link, billing's values overwrite Salesforce's.
    {
      salesforce: 'Billing_Primary_Email__c',
      billing: 'primaryEmail',
      direction: 'to_salesforce',
      transform: 'email',
      onLinkOnly: true,
    },
    {
      salesforce: 'Billing_Cycle__c',
      billing: 'billingCycle',
      direction: 'to_salesforce',
      transform: 'billing_cycle',
      onLinkOnly: true,
    },
    {
      salesforce: 'Billing_Account_Category__c',
      billing: 'accountCategory',
      direction: 'to_salesforce',
      transform: 'text',
      onLinkOnly: true,
    },
  ]),
};

/** `required` from the seed's rule for a new billing account (fields billing takes from Salesforce only). */
function withNewAccountRule(fields: Array<Omit<FieldMapping, 'required'>>): FieldMapping[] {
  return fields.map((f) => ({
    ...f,
    required: f.direction === 'to_billing' && isRequiredForNewBillingAccount(f.billing),
  }));
}
