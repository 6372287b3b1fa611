import { addDays } from './billing-period.ts';

export type AccountStatus = 'active' | 'suspended' | 'closed';

/**
 * A closed account is not billed after it closes: its status history says from which day it is closed, and
 * the last billable day of each of its products is the day before (or the product's own end, if earlier).
 * The billing run's SQL (`stageProductKeys`, coverage.repo.ts) applies the same rule.
 */
export const ACCOUNT_CLOSURE_RULE =
  'a product is billable up to its end, and never on or after the day its account closed';

/** The last day a product may be billed, or null while it runs on. */
export function lastBillableDay(productEnd: string | null, accountClosedFrom: string | null): string | null {
  const beforeClosing = accountClosedFrom === null ? null : addDays(accountClosedFrom, -1);
  if (productEnd === null) return beforeClosing;
  if (beforeClosing === null) return productEnd;
  return productEnd < beforeClosing ? productEnd : beforeClosing;
}

/**
 * Seeds: the account status matters to billing, and services may be priced by state. While an account is
 * suspended, its state-based services are priced at their `suspended` state price; otherwise at the
 * product's own service state. Recurring services bill on (a suspension pauses service, not the contract).
 * The run's SQL (`stageProductCharges`, charges.repo.ts) applies the same rule per segment.
 */
export const SUSPENDED_STATE_RULE =
  "while the account is suspended, state-based services are priced at their 'suspended' state";

/** The state a state-based service is priced at on a day, given the account's status that day. */
export function pricedState(productState: string, accountStatus: AccountStatus): string {
  return accountStatus === 'suspended' ? 'suspended' : productState;
}
