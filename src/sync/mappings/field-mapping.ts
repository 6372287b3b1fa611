/**
 * Field mappings are data: which Salesforce field feeds (or is fed by) which billing field, in which
 * direction, through which named transform, and whether a new billing record needs it. Flows read the
 * mapping; adding a mapped field is a new row here, not new flow code.
 */
export type Direction = 'to_billing' | 'to_salesforce';

/**
 * How a value crosses: `text` trims (blank is null); `email`; `country` normalises to ISO 3166-1;
 * `currency` to an ISO 4217 code; `status`, `billing_cycle` and `ar_term` translate the picklist labels
 * billing publishes; `account_ref` is a lookup to another Account, resolved through the links.
 */
export type Transform =
  'text' | 'email' | 'country' | 'currency' | 'status' | 'billing_cycle' | 'ar_term' | 'account_ref';

export interface FieldMapping {
  salesforce: string;
  billing: string;
  direction: Direction;
  transform: Transform;
  /** A new billing record cannot be created without it (`billing_field_missing`). */
  required: boolean;
  /** For `to_salesforce`: written when a record is linked (billing's value wins), not on every sync. */
  onLinkOnly?: boolean;
}

export interface ObjectMapping {
  /** Name shown by `revbridge mappings show`, e.g. "account". */
  name: string;
  salesforceObject: string;
  billingObject: string;
  /** Raised whenever a row changes, so every linked record is compared afresh on the next sync. */
  version: number;
  /** Salesforce records reach billing only when this checkbox is set. */
  syncFlag: string;
  /** Where revbridge writes the outcome on the Salesforce record, so a rep sees why it did not sync. */
  state: { status: string; error: string; lastSynced?: string };
  fields: readonly FieldMapping[];
}

/** The mapped Salesforce fields a flow reads for the billing side. */
export function fieldsToBilling(mapping: ObjectMapping): FieldMapping[] {
  return mapping.fields.filter((f) => f.direction === 'to_billing');
}
