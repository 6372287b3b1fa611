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

/**
 * What billing takes, for every record, when the org has no such field. `org_currency`: the org's currency —
 * CurrencyIsoCode exists only in multi-currency orgs; in a single-currency org every record is in the
 * org's currency.
 */
export type OrgFallback = 'org_currency';

export interface FieldMapping {
  salesforce: string;
  billing: string;
  direction: Direction;
  transform: Transform;
  /** A new billing record cannot be created without it (`billing_field_missing`). */
  required: boolean;
  /** For `to_salesforce`: written when a record is linked (billing's value wins), not on every sync. */
  onLinkOnly?: boolean;
  /**
   * The org may lack this field (`to_billing` only): the mapping then holds without it, and billing takes
   * this org-wide value instead (see `effectiveMapping`). Without it, a missing field is `mapping_invalid`.
   */
  absentInOrg?: OrgFallback;
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
  /**
   * Billing values the same for every record, by billing field, already in billing's form (no transform
   * applies): `{ currency: 'USD' }` for a single-currency org. Only the mapping as an org runs it has them
   * (`effectiveMapping`, `assertMappingsValid`); they stand for the fields that org lacks, which `fields` then
   * leaves out, so a flow neither reads them nor finds them missing.
   */
  constants?: Readonly<Record<string, string>>;
}

/** The mapped Salesforce fields a flow reads for the billing side. */
export function fieldsToBilling(mapping: ObjectMapping): FieldMapping[] {
  return mapping.fields.filter((f) => f.direction === 'to_billing');
}
