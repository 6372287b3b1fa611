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
}

export const DEFAULT_REVENUE_POLICIES: RevenuePolicies = {
  filter: 'Revenue_Sync__c = true',
  lines: 'items',
  productKey: 'code',
  productField: undefined,
  defaultProduct: 'UNMATCHED',
  termLength: 'months',
  deletes: 'archive',
};
