/**
 * Seed 001: the Opportunity Type picks the business process billing runs when a Closed-Won opportunity is
 * pushed: record the negotiated prices as an account price plan, add the products to the account (an order
 * priced by that plan), or both.
 */
export type OpportunityProcess = 'price_plan' | 'add_products' | 'both';
export const OPPORTUNITY_PROCESSES: readonly OpportunityProcess[] = ['price_plan', 'add_products', 'both'];

/**
 * The default mapping (data, not code: `REVBRIDGE_OPPORTUNITY_PROCESSES` adds or overrides types). A new
 * customer's deal records its pricing; an existing customer's upgrade, replacement or downgrade adds the
 * products to the account and updates the plan with the negotiated prices. `''` is a blank Type.
 */
export const DEFAULT_OPPORTUNITY_PROCESSES: Readonly<Record<string, OpportunityProcess>> = {
  '': 'price_plan',
  'New Customer': 'price_plan',
  'Existing Customer - Upgrade': 'both',
  'Existing Customer - Replacement': 'both',
  'Existing Customer - Downgrade': 'both',
};

/** The process for an opportunity's Type under `mapping`; undefined for a Type the mapping does not name. */
export function opportunityProcess(
  type: string | null,
  mapping: Readonly<Record<string, OpportunityProcess>> = DEFAULT_OPPORTUNITY_PROCESSES,
): OpportunityProcess | undefined {
  return mapping[(type ?? '').trim()];
}

export function recordsPricePlan(process: OpportunityProcess): boolean {
  return process !== 'add_products';
}

export function addsProducts(process: OpportunityProcess): boolean {
  return process !== 'price_plan';
}

/**
 * Seeds 000–002: what a push records for a line (its prices, its order) takes effect on the line's ServiceDate
 * when the rep set one, else on the opportunity's CloseDate.
 */
export function lineEffectiveDate(serviceDate: string | null, closeDate: string): string {
  return serviceDate ?? closeDate;
}
