import type { TermLengthRule } from './recurring-revenue.ts';

/** How revenue contracts are read from Salesforce (seed 004's integration settings), from the configuration. */
export interface RevenuePolicies {
  /** `REVBRIDGE_REVENUE_FILTER`: the SOQL condition an opportunity must meet to be imported. */
  filter: string;
  /** `REVBRIDGE_REVENUE_LINES`: contracts with their line items, or one line per opportunity. */
  lines: 'items' | 'opportunity';
  /** `REVBRIDGE_REVENUE_PRODUCT_KEY`: how a line finds its revenue product (ProductCode, the Product2 id, or its name). */
  productKey: 'code' | 'id' | 'name';
  /** `REVBRIDGE_REVENUE_PRODUCT_FIELD`: without line items, the Opportunity field holding the product key. */
  productField: string | undefined;
  /** `REVBRIDGE_REVENUE_DEFAULT_PRODUCT`: the code of the product a line lands on when its key matches nothing. */
  defaultProduct: string;
  /** `REVBRIDGE_REVENUE_TERM_LENGTH`: the period-length rule behind MRR. */
  termLength: TermLengthRule;
  /** `REVBRIDGE_REVENUE_DELETES`: what a deleted opportunity does to its contract. */
  deletes: 'ignore' | 'archive' | 'propagate';
  /** `REVBRIDGE_REVENUE_PRICEBOOK`: the price book pushed line items are priced from (undefined: the org's standard one). */
  pricebook: string | undefined;
  /**
   * `REVBRIDGE_REVENUE_SALESFORCE_OWNS`: the contract fields that go one way only, Salesforce → revbridge (as
   * `Object.Field`, from CONTRACT_FIELDS): the push never writes them to an existing opportunity, and a change to one
   * in revbridge of a contract that is in Salesforce is refused. Every other field goes both ways.
   */
  salesforceOwns: readonly string[];
  /** `REVBRIDGE_REVENUE_AUTO_PUSH`: push a contract to Salesforce after each change made in revbridge (off: on demand). */
  autoPush: boolean;
}

export const DEFAULT_REVENUE_POLICIES: RevenuePolicies = {
  filter: 'Revenue_Sync__c = true',
  lines: 'items',
  productKey: 'code',
  productField: undefined,
  defaultProduct: 'UNMATCHED',
  termLength: 'months',
  deletes: 'archive',
  pricebook: undefined,
  salesforceOwns: [],
  autoPush: false,
};
