/** The schema registry's vocabulary: one definition drives describe, write validation and SOQL. */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'time'
  | 'picklist'
  | 'multipicklist'
  | 'combobox'
  | 'reference'
  | 'email'
  | 'phone'
  | 'url'
  | 'address'
  | 'base64'
  | 'encryptedstring'
  | 'anyType';

export interface PicklistValue {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  custom: boolean;
  /** Text length for string-like fields; digits for int. */
  length: number;
  precision: number;
  scale: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  /** Set by the platform when absent on insert (checkbox fields, system fields, picklist defaults). */
  defaultedOnCreate: boolean;
  defaultValue: string | number | boolean | null;
  calculated: boolean;
  calculatedFormula: string | null;
  externalId: boolean;
  unique: boolean;
  caseSensitive: boolean;
  idLookup: boolean;
  nameField: boolean;
  filterable: boolean;
  sortable: boolean;
  groupable: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  /** The child relationship name this lookup adds to each object in `referenceTo`. */
  childRelationshipName: string | null;
  cascadeDelete: boolean;
  restrictedDelete: boolean;
  picklistValues: PicklistValue[];
  restrictedPicklist: boolean;
  /** Name of the compound field (e.g. BillingAddress) this component belongs to. */
  compoundFieldName: string | null;
  /** Present only in orgs with multi-currency enabled (CurrencyIsoCode). */
  multiCurrencyOnly: boolean;
  /** A roll-up summary over the child records that look up to this record. */
  summary: RollupSummary | null;
}

export interface RollupSummary {
  operation: 'count' | 'sum' | 'min' | 'max';
  childObject: string;
  foreignKey: string;
  /** The summarized child field; null for count. */
  field: string | null;
}

/** A declarative validation rule: when `errorConditionFormula` is true, the save fails. */
export interface ValidationRuleDef {
  fullName: string;
  active: boolean;
  errorConditionFormula: string;
  errorMessage: string;
  errorDisplayField: string | null;
}

export interface SObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  fields: FieldDef[];
  validationRules: ValidationRuleDef[];
  /** The object exists only in orgs with multi-currency enabled (CurrencyType). */
  multiCurrencyOnly?: boolean;
}

export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string | null;
  cascadeDelete: boolean;
  restrictedDelete: boolean;
}

/** Field definitions are written sparsely; `field()` fills Salesforce's defaults. */
export type FieldSpec = Partial<FieldDef> & Pick<FieldDef, 'name' | 'type'>;
