import { field, picklist, systemField } from '../field.ts';
import type { SObjectDef } from '../types.ts';
import { addressFields, auditFields, currencyField, idField, ownerField } from './common.ts';
import { OPPORTUNITY_STAGES } from './stages.ts';

type ObjectSpec = Pick<SObjectDef, 'name' | 'keyPrefix' | 'fields'> & Partial<SObjectDef>;

function sobject(spec: ObjectSpec): SObjectDef {
  return {
    label: spec.name.replace(/([a-z])([A-Z])/g, '$1 $2'),
    labelPlural: `${spec.label ?? spec.name.replace(/([a-z])([A-Z])/g, '$1 $2')}s`,
    custom: false,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    validationRules: [],
    ...spec,
  };
}

const name = (label: string, length = 255) =>
  field({ name: 'Name', label, type: 'string', length, nillable: false, nameField: true });
/** The AccountId of contacts and opportunities: deleting an account deletes them with it. */
const ownedByAccount = (childRelationshipName: string) =>
  field({
    name: 'AccountId',
    type: 'reference',
    label: 'Account ID',
    referenceTo: ['Account'],
    relationshipName: 'Account',
    childRelationshipName,
    cascadeDelete: true,
  });
const description = () => field({ name: 'Description', type: 'textarea', length: 32000 });

export const Account = sobject({
  name: 'Account',
  keyPrefix: '001',
  fields: [
    idField(),
    // Set by the platform on the losing records of a merge.
    systemField({
      name: 'MasterRecordId',
      type: 'reference',
      label: 'Master Record ID',
      referenceTo: ['Account'],
      relationshipName: 'MasterRecord',
    }),
    name('Account Name'),
    field({
      name: 'Type',
      type: 'picklist',
      label: 'Account Type',
      picklistValues: picklist([
        'Prospect',
        'Customer - Direct',
        'Customer - Channel',
        'Channel Partner / Reseller',
        'Installation Partner',
        'Technology Partner',
        'Other',
      ]),
    }),
    field({
      name: 'ParentId',
      type: 'reference',
      label: 'Parent Account ID',
      referenceTo: ['Account'],
      relationshipName: 'Parent',
      childRelationshipName: 'ChildAccounts',
    }),
    ...addressFields('Billing'),
    ...addressFields('Shipping'),
    field({ name: 'Phone', type: 'phone', length: 40, label: 'Account Phone' }),
    field({ name: 'Fax', type: 'phone', length: 40, label: 'Account Fax' }),
    field({ name: 'AccountNumber', type: 'string', length: 40, label: 'Account Number' }),
    field({ name: 'Website', type: 'url' }),
    systemField({ name: 'PhotoUrl', type: 'url', label: 'Photo URL' }),
    field({ name: 'Sic', type: 'string', length: 20, label: 'SIC Code' }),
    field({
      name: 'Industry',
      type: 'picklist',
      picklistValues: picklist([
        'Agriculture',
        'Apparel',
        'Banking',
        'Biotechnology',
        'Communications',
        'Construction',
        'Consulting',
        'Education',
        'Electronics',
        'Energy',
        'Engineering',
        'Entertainment',
        'Finance',
        'Healthcare',
        'Hospitality',
        'Insurance',
        'Manufacturing',
        'Media',
        'Retail',
        'Technology',
        'Telecommunications',
        'Transportation',
        'Utilities',
        'Other',
      ]),
    }),
    field({ name: 'AnnualRevenue', type: 'currency', precision: 18, scale: 0 }),
    field({ name: 'NumberOfEmployees', type: 'int', label: 'Employees', length: 0, precision: 8 }),
    field({
      name: 'Ownership',
      type: 'picklist',
      picklistValues: picklist(['Public', 'Private', 'Subsidiary', 'Other']),
    }),
    field({ name: 'TickerSymbol', type: 'string', length: 20, label: 'Ticker Symbol' }),
    description(),
    field({
      name: 'Rating',
      type: 'picklist',
      label: 'Account Rating',
      picklistValues: picklist(['Hot', 'Warm', 'Cold']),
    }),
    field({ name: 'Site', type: 'string', length: 80, label: 'Account Site' }),
    currencyField(),
    ownerField(),
    ...auditFields(),
    systemField({ name: 'LastActivityDate', type: 'date', label: 'Last Activity' }),
    systemField({ name: 'LastViewedDate', type: 'datetime', label: 'Last Viewed Date' }),
    systemField({ name: 'LastReferencedDate', type: 'datetime', label: 'Last Referenced Date' }),
    field({ name: 'Jigsaw', type: 'string', length: 20, label: 'Data.com Key' }),
    systemField({ name: 'JigsawCompanyId', type: 'string', length: 20, label: 'Jigsaw Company ID' }),
    field({
      name: 'AccountSource',
      type: 'picklist',
      label: 'Account Source',
      picklistValues: picklist(['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']),
    }),
    field({ name: 'SicDesc', type: 'string', length: 80, label: 'SIC Description' }),
  ],
});

export const Contact = sobject({
  name: 'Contact',
  keyPrefix: '003',
  fields: [
    idField(),
    ownedByAccount('Contacts'),
    field({ name: 'LastName', type: 'string', length: 80, nillable: false }),
    field({ name: 'FirstName', type: 'string', length: 40 }),
    field({
      name: 'Salutation',
      type: 'picklist',
      picklistValues: picklist(['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.']),
    }),
    systemField({ name: 'Name', type: 'string', length: 121, label: 'Full Name', nillable: false, nameField: true }),
    ...addressFields('Mailing'),
    field({ name: 'Phone', type: 'phone', length: 40, label: 'Business Phone' }),
    field({ name: 'MobilePhone', type: 'phone', length: 40, label: 'Mobile Phone' }),
    field({ name: 'Email', type: 'email', length: 80 }),
    field({ name: 'Title', type: 'string', length: 128 }),
    field({ name: 'Department', type: 'string', length: 80 }),
    description(),
    currencyField(),
    ownerField(),
    ...auditFields(),
  ],
});

export const AccountContactRelation = sobject({
  name: 'AccountContactRelation',
  label: 'Account Contact Relationship',
  keyPrefix: '07k',
  fields: [
    idField(),
    field({
      name: 'AccountId',
      type: 'reference',
      label: 'Account ID',
      nillable: false,
      updateable: false,
      referenceTo: ['Account'],
      relationshipName: 'Account',
      childRelationshipName: 'AccountContactRelations',
      cascadeDelete: true,
    }),
    field({
      name: 'ContactId',
      type: 'reference',
      label: 'Contact ID',
      nillable: false,
      updateable: false,
      referenceTo: ['Contact'],
      relationshipName: 'Contact',
      childRelationshipName: 'AccountContactRelations',
      cascadeDelete: true,
    }),
    field({
      name: 'Roles',
      type: 'multipicklist',
      length: 4099,
      picklistValues: picklist([
        'Business User',
        'Decision Maker',
        'Economic Buyer',
        'Economic Decision Maker',
        'Evaluator',
        'Executive Sponsor',
        'Influencer',
        'Technical Buyer',
        'Billing Contact',
        'Other',
      ]),
    }),
    systemField({ name: 'IsDirect', type: 'boolean', defaultedOnCreate: true }),
    field({ name: 'IsActive', type: 'boolean', defaultValue: true }),
    field({ name: 'StartDate', type: 'date' }),
    field({ name: 'EndDate', type: 'date' }),
    ...auditFields(),
  ],
});

export const Product2 = sobject({
  name: 'Product2',
  label: 'Product',
  keyPrefix: '01t',
  fields: [
    idField(),
    name('Product Name'),
    field({ name: 'ProductCode', type: 'string', length: 255, label: 'Product Code' }),
    description(),
    field({ name: 'IsActive', type: 'boolean', label: 'Active' }),
    field({
      name: 'Family',
      type: 'picklist',
      label: 'Product Family',
      picklistValues: picklist(['Subscription', 'Usage', 'Professional Services', 'Hardware', 'None']),
    }),
    field({
      name: 'QuantityUnitOfMeasure',
      type: 'picklist',
      label: 'Quantity Unit Of Measure',
      picklistValues: picklist(['Each', 'User', 'GB', 'Hour', 'Month']),
    }),
    field({ name: 'StockKeepingUnit', type: 'string', length: 180, label: 'Product SKU' }),
    field({ name: 'ExternalId', type: 'string', length: 255, label: 'External ID', externalId: true, idLookup: true }),
    systemField({ name: 'IsArchived', type: 'boolean', defaultedOnCreate: true }),
    currencyField(),
    ...auditFields(),
  ],
});

export const Pricebook2 = sobject({
  name: 'Pricebook2',
  label: 'Price Book',
  keyPrefix: '01s',
  fields: [
    idField(),
    name('Price Book Name'),
    field({ name: 'IsActive', type: 'boolean', label: 'Active' }),
    description(),
    systemField({ name: 'IsStandard', type: 'boolean', label: 'Is Standard Price Book', defaultedOnCreate: true }),
    systemField({ name: 'IsArchived', type: 'boolean', defaultedOnCreate: true }),
    ...auditFields(),
  ],
});

export const PricebookEntry = sobject({
  name: 'PricebookEntry',
  label: 'Price Book Entry',
  keyPrefix: '01u',
  fields: [
    idField(),
    systemField({ name: 'Name', type: 'string', length: 255, label: 'Product Name', nameField: true }),
    field({
      name: 'Pricebook2Id',
      type: 'reference',
      label: 'Price Book ID',
      nillable: false,
      updateable: false,
      referenceTo: ['Pricebook2'],
      relationshipName: 'Pricebook2',
      childRelationshipName: 'PricebookEntries',
      cascadeDelete: true,
    }),
    field({
      name: 'Product2Id',
      type: 'reference',
      label: 'Product ID',
      nillable: false,
      updateable: false,
      referenceTo: ['Product2'],
      relationshipName: 'Product2',
      childRelationshipName: 'PricebookEntries',
      cascadeDelete: true,
    }),
    field({ name: 'UnitPrice', type: 'currency', label: 'List Price', nillable: false }),
    field({ name: 'IsActive', type: 'boolean', label: 'Active' }),
    field({ name: 'UseStandardPrice', type: 'boolean', label: 'Use Standard Price' }),
    systemField({ name: 'ProductCode', type: 'string', length: 255, label: 'Product Code' }),
    systemField({ name: 'IsArchived', type: 'boolean', defaultedOnCreate: true }),
    currencyField(true),
    ...auditFields(),
  ],
});

export const Opportunity = sobject({
  name: 'Opportunity',
  keyPrefix: '006',
  fields: [
    idField(),
    ownedByAccount('Opportunities'),
    name('Name', 120),
    description(),
    field({
      name: 'StageName',
      type: 'picklist',
      label: 'Stage',
      length: 255,
      nillable: false,
      picklistValues: picklist(OPPORTUNITY_STAGES.map((s) => s.name)),
    }),
    field({ name: 'Amount', type: 'currency' }),
    field({
      name: 'Probability',
      type: 'percent',
      label: 'Probability (%)',
      precision: 3,
      scale: 0,
      defaultedOnCreate: true,
    }),
    systemField({
      name: 'ExpectedRevenue',
      type: 'currency',
      label: 'Expected Amount',
      calculated: true,
      calculatedFormula: 'Amount * Probability',
    }),
    field({ name: 'CloseDate', type: 'date', nillable: false }),
    field({
      name: 'Type',
      type: 'picklist',
      label: 'Opportunity Type',
      picklistValues: picklist([
        'New Customer',
        'Existing Customer - Upgrade',
        'Existing Customer - Replacement',
        'Existing Customer - Downgrade',
      ]),
    }),
    field({ name: 'NextStep', type: 'string', length: 255 }),
    field({
      name: 'LeadSource',
      type: 'picklist',
      picklistValues: picklist(['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']),
    }),
    systemField({ name: 'IsClosed', type: 'boolean', label: 'Closed', defaultedOnCreate: true }),
    systemField({ name: 'IsWon', type: 'boolean', label: 'Won', defaultedOnCreate: true }),
    field({
      name: 'ForecastCategoryName',
      type: 'picklist',
      label: 'Forecast Category',
      defaultedOnCreate: true,
      picklistValues: picklist(['Omitted', 'Pipeline', 'BestCase', 'Commit', 'Closed']),
    }),
    field({
      name: 'Pricebook2Id',
      type: 'reference',
      label: 'Price Book ID',
      referenceTo: ['Pricebook2'],
      relationshipName: 'Pricebook2',
      childRelationshipName: 'Opportunities',
    }),
    systemField({ name: 'HasOpportunityLineItem', type: 'boolean', label: 'Has Line Item', defaultedOnCreate: true }),
    systemField({ name: 'FiscalYear', type: 'int', precision: 4 }),
    systemField({ name: 'FiscalQuarter', type: 'int', precision: 1 }),
    currencyField(),
    ownerField(),
    ...auditFields(),
  ],
});

export const OpportunityLineItem = sobject({
  name: 'OpportunityLineItem',
  label: 'Opportunity Product',
  keyPrefix: '00k',
  fields: [
    idField(),
    field({
      name: 'OpportunityId',
      type: 'reference',
      label: 'Opportunity ID',
      nillable: false,
      updateable: false,
      referenceTo: ['Opportunity'],
      relationshipName: 'Opportunity',
      childRelationshipName: 'OpportunityLineItems',
      cascadeDelete: true,
    }),
    field({ name: 'SortOrder', type: 'int', precision: 9 }),
    field({
      name: 'PricebookEntryId',
      type: 'reference',
      label: 'Price Book Entry ID',
      updateable: false,
      referenceTo: ['PricebookEntry'],
      relationshipName: 'PricebookEntry',
      childRelationshipName: 'OpportunityLineItems',
      restrictedDelete: true,
    }),
    field({
      name: 'Product2Id',
      type: 'reference',
      label: 'Product ID',
      updateable: false,
      referenceTo: ['Product2'],
      relationshipName: 'Product2',
      childRelationshipName: 'OpportunityLineItems',
    }),
    systemField({ name: 'ProductCode', type: 'string', length: 255, label: 'Product Code' }),
    systemField({ name: 'Name', type: 'string', length: 376, label: 'Opportunity Product Name', nameField: true }),
    field({ name: 'Quantity', type: 'double', precision: 12, scale: 2, nillable: false }),
    field({ name: 'TotalPrice', type: 'currency', label: 'Total Price' }),
    field({ name: 'UnitPrice', type: 'currency', label: 'Sales Price' }),
    systemField({ name: 'ListPrice', type: 'currency', label: 'List Price' }),
    systemField({ name: 'Subtotal', type: 'currency' }),
    field({ name: 'Discount', type: 'percent', precision: 18, scale: 2 }),
    field({ name: 'ServiceDate', type: 'date', label: 'Date' }),
    field({ name: 'Description', type: 'string', length: 255, label: 'Line Description' }),
    currencyField(false, true),
    ...auditFields(),
  ],
});

export const User = sobject({
  name: 'User',
  keyPrefix: '005',
  deletable: false,
  fields: [
    idField(),
    field({ name: 'Username', type: 'string', length: 80, nillable: false, unique: true, idLookup: true }),
    field({ name: 'LastName', type: 'string', length: 80, nillable: false }),
    field({ name: 'FirstName', type: 'string', length: 40 }),
    systemField({ name: 'Name', type: 'string', length: 121, label: 'Full Name', nillable: false, nameField: true }),
    field({ name: 'Alias', type: 'string', length: 8, nillable: false }),
    field({ name: 'Email', type: 'email', length: 128, nillable: false }),
    field({ name: 'IsActive', type: 'boolean', label: 'Active', defaultValue: true }),
    // Required in a real org; optional here so tests can create users without looking a profile up.
    field({
      name: 'ProfileId',
      type: 'reference',
      label: 'Profile ID',
      referenceTo: ['Profile'],
      relationshipName: 'Profile',
      childRelationshipName: 'Users',
    }),
    field({
      name: 'TimeZoneSidKey',
      type: 'picklist',
      label: 'Time Zone',
      defaultedOnCreate: true,
      picklistValues: picklist(['GMT', 'America/New_York', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin']),
    }),
    field({
      name: 'LocaleSidKey',
      type: 'picklist',
      label: 'Locale',
      defaultedOnCreate: true,
      picklistValues: picklist(['en_US', 'en_GB', 'de_DE', 'fr_FR']),
    }),
    field({
      name: 'LanguageLocaleKey',
      type: 'picklist',
      label: 'Language',
      defaultedOnCreate: true,
      picklistValues: picklist(['en_US', 'de', 'fr']),
    }),
    field({
      name: 'EmailEncodingKey',
      type: 'picklist',
      label: 'Email Encoding',
      defaultedOnCreate: true,
      picklistValues: picklist(['UTF-8', 'ISO-8859-1']),
    }),
    field({
      name: 'DefaultCurrencyIsoCode',
      type: 'picklist',
      length: 3,
      multiCurrencyOnly: true,
      defaultedOnCreate: true,
    }),
    currencyField(),
    ...auditFields(),
  ],
});

/** Read-only objects: the platform maintains their rows; the API may only query and describe them. */
const readOnly = { createable: false, updateable: false, deletable: false } as const;

/** The org itself: one row, whose Id is the org id. */
export const Organization = sobject({
  name: 'Organization',
  keyPrefix: '00D',
  ...readOnly,
  fields: [
    idField(),
    systemField({ name: 'Name', type: 'string', length: 80, nillable: false, nameField: true }),
    systemField({ name: 'IsSandbox', type: 'boolean', defaultedOnCreate: true }),
    systemField({ name: 'InstanceName', type: 'string', length: 5, label: 'Instance Name' }),
    systemField({
      name: 'OrganizationType',
      type: 'picklist',
      label: 'Edition',
      picklistValues: picklist([
        'Team Edition',
        'Professional Edition',
        'Enterprise Edition',
        'Developer Edition',
        'Personal Edition',
        'Unlimited Edition',
        'Contact Manager Edition',
        'Base Edition',
      ]),
    }),
    systemField({ name: 'NamespacePrefix', type: 'string', length: 15, label: 'Namespace Prefix' }),
    systemField({ name: 'TrialExpirationDate', type: 'datetime', label: 'Trial Expiration Date' }),
    systemField({ name: 'DefaultLocaleSidKey', type: 'picklist', label: 'Locale', nillable: false }),
    systemField({ name: 'TimeZoneSidKey', type: 'picklist', label: 'Time Zone', nillable: false }),
    systemField({ name: 'LanguageLocaleKey', type: 'picklist', label: 'Language', nillable: false }),
    ...auditFields(),
  ],
});

/**
 * The currencies of a multi-currency org, corporate currency first; the object does not exist in a
 * single-currency org. The platform keeps one row per active currency; the API may query and describe
 * them (in Salesforce an admin may also create and update them; localorg takes them from the org settings).
 * The key prefix is localorg's choice.
 */
export const CurrencyType = sobject({
  name: 'CurrencyType',
  keyPrefix: '01L',
  ...readOnly,
  multiCurrencyOnly: true,
  fields: [
    idField(),
    systemField({ name: 'IsoCode', type: 'picklist', label: 'Currency ISO Code', length: 40, nillable: false }),
    systemField({ name: 'ConversionRate', type: 'double', precision: 18, scale: 6, nillable: false }),
    systemField({ name: 'DecimalPlaces', type: 'int', precision: 9, nillable: false }),
    systemField({ name: 'IsActive', type: 'boolean', label: 'Active', defaultedOnCreate: true }),
    systemField({ name: 'IsCorporate', type: 'boolean', label: 'Corporate Currency', defaultedOnCreate: true }),
    // CurrencyType has the audit fields but no IsDeleted: its rows are never deleted.
    ...auditFields().filter((f) => f.name !== 'IsDeleted'),
  ],
});

/**
 * The org's opportunity stages (Setup's Stage picklist with what each stage means): `IsClosed` / `IsWon`
 * say which stages close a deal and which win it. Read-only through the API; localorg seeds the default
 * stages of a new org. The key prefix is Salesforce's.
 */
export const OpportunityStage = sobject({
  name: 'OpportunityStage',
  keyPrefix: '01J',
  ...readOnly,
  fields: [
    idField(),
    systemField({ name: 'ApiName', type: 'string', length: 255, label: 'Api Name', nillable: false }),
    systemField({
      name: 'MasterLabel',
      type: 'string',
      length: 255,
      label: 'Master Label',
      nillable: false,
      nameField: true,
    }),
    systemField({ name: 'Description', type: 'string', length: 255 }),
    systemField({ name: 'IsActive', type: 'boolean', label: 'Active', defaultedOnCreate: true }),
    systemField({ name: 'IsClosed', type: 'boolean', label: 'Closed', defaultedOnCreate: true }),
    systemField({ name: 'IsWon', type: 'boolean', label: 'Won', defaultedOnCreate: true }),
    systemField({ name: 'DefaultProbability', type: 'percent', label: 'Probability (%)', precision: 3, scale: 0 }),
    systemField({
      name: 'ForecastCategoryName',
      type: 'picklist',
      label: 'Forecast Category',
      picklistValues: picklist(['Omitted', 'Pipeline', 'BestCase', 'Commit', 'Closed']),
    }),
    systemField({ name: 'SortOrder', type: 'int', precision: 9, label: 'Sort Order' }),
    // Like CurrencyType, no IsDeleted: a stage is deactivated, never deleted.
    ...auditFields().filter((f) => f.name !== 'IsDeleted'),
  ],
});

export const Profile = sobject({
  name: 'Profile',
  keyPrefix: '00e',
  ...readOnly,
  fields: [
    idField(),
    systemField({ name: 'Name', type: 'string', length: 255, nillable: false, nameField: true }),
    ...auditFields(),
  ],
});

export const STANDARD_OBJECTS: SObjectDef[] = [
  Account,
  Contact,
  AccountContactRelation,
  Product2,
  Pricebook2,
  PricebookEntry,
  Opportunity,
  OpportunityLineItem,
  User,
  Organization,
  Profile,
  CurrencyType,
  OpportunityStage,
];
