import type { AccountStatus } from './account-status.ts';
import type { BillingCycle } from './billing-period.ts';
import { fail } from './errors.ts';

/**
 * Billing's fixed values as the Account picklists show them (global value sets Billing_Status and
 * Billing_Cycle): billing writes `active`, Salesforce shows "Active". The order is the picklist's order.
 */
export const ACCOUNT_STATUS_LABELS: Readonly<Record<AccountStatus, string>> = {
  active: 'Active',
  suspended: 'Suspended',
  closed: 'Closed',
};

export const BILLING_CYCLE_LABELS: Readonly<Record<BillingCycle, string>> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  semiannual: 'Semiannual',
  annual: 'Annual',
};

/** Billing's service kinds as Product_Service__c.Kind__c shows them. */
export const SERVICE_KIND_LABELS: Readonly<Record<'recurring' | 'one_time' | 'usage' | 'state_based', string>> = {
  recurring: 'Recurring',
  one_time: 'One-Time',
  usage: 'Usage',
  state_based: 'State-Based',
};

export function accountStatusLabel(status: AccountStatus): string {
  return ACCOUNT_STATUS_LABELS[status];
}

/** The status a picklist value stands for (any case); anything else is refused, naming the field's values. */
export function accountStatusFromLabel(label: string, field = 'Billing_Status__c'): AccountStatus {
  return fromLabel(ACCOUNT_STATUS_LABELS, label, field);
}

export function billingCycleLabel(cycle: BillingCycle): string {
  return BILLING_CYCLE_LABELS[cycle];
}

export function billingCycleFromLabel(label: string, field = 'Billing_Cycle__c'): BillingCycle {
  return fromLabel(BILLING_CYCLE_LABELS, label, field);
}

function fromLabel<K extends string>(labels: Readonly<Record<K, string>>, label: string, field: string): K {
  const wanted = label.trim().toLowerCase();
  const found = (Object.keys(labels) as K[]).find((k) => labels[k].toLowerCase() === wanted);
  if (found === undefined) {
    const known = Object.values<string>(labels)
      .map((l) => `"${l}"`)
      .join(', ');
    fail('value_not_in_billing', `${field} must be one of ${known}, got "${label}".`, { field, value: label });
  }
  return found;
}
