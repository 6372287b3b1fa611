import type { ObjectMapping } from './field-mapping.ts';

/** Salesforce Contact → billing contact (seed 000: contacts marked to sync go with their account). */
export const CONTACT_MAPPING: ObjectMapping = {
  name: 'contact',
  salesforceObject: 'Contact',
  billingObject: 'contact',
  version: 1,
  syncFlag: 'Billing_Sync__c',
  state: { status: 'Billing_Sync_Status__c', error: 'Billing_Sync_Error__c' },
  fields: [
    { salesforce: 'FirstName', billing: 'firstName', direction: 'to_billing', transform: 'text', required: false },
    { salesforce: 'LastName', billing: 'lastName', direction: 'to_billing', transform: 'text', required: true },
    { salesforce: 'Email', billing: 'email', direction: 'to_billing', transform: 'email', required: false },
    { salesforce: 'Phone', billing: 'phone', direction: 'to_billing', transform: 'text', required: false },
    {
      salesforce: 'Billing_Contact_Id__c',
      billing: 'id',
      direction: 'to_salesforce',
      transform: 'text',
      required: false,
    },
  ],
};
