import { describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../src/domain/account-status.ts';
import type { BillingCycle } from '../../src/domain/billing-period.ts';
import {
  accountStatusFromLabel,
  accountStatusLabel,
  billingCycleFromLabel,
  billingCycleLabel,
} from '../../src/domain/picklist-labels.ts';
import { errorCodeOf } from './error-code.ts';

describe('billing cycle ↔ Billing_Cycle picklist value', () => {
  it.each<[BillingCycle, string]>([
    ['monthly', 'Monthly'],
    ['quarterly', 'Quarterly'],
    ['semiannual', 'Semiannual'],
    ['annual', 'Annual'],
  ])('%s ↔ "%s"', (cycle, label) => {
    expect(billingCycleLabel(cycle)).toBe(label);
    expect(billingCycleFromLabel(label)).toBe(cycle);
    expect(billingCycleFromLabel(` ${label.toUpperCase()} `)).toBe(cycle);
  });

  it.each(['Weekly', 'Semi-annual', ''])('"%s" is refused, naming the field and its values', (label) => {
    expect(errorCodeOf(() => billingCycleFromLabel(label))).toBe('value_not_in_billing');
    expect(() => billingCycleFromLabel(label)).toThrow(/Billing_Cycle__c must be one of "Monthly", "Quarterly"/);
  });
});

describe('account status ↔ Billing_Status picklist value', () => {
  it.each<[AccountStatus, string]>([
    ['active', 'Active'],
    ['suspended', 'Suspended'],
    ['closed', 'Closed'],
  ])('%s ↔ "%s"', (status, label) => {
    expect(accountStatusLabel(status)).toBe(label);
    expect(accountStatusFromLabel(label)).toBe(status);
    expect(accountStatusFromLabel(label.toLowerCase())).toBe(status);
  });

  it.each(['Deleted', 'Inactive', ''])('"%s" is refused', (label) => {
    expect(errorCodeOf(() => accountStatusFromLabel(label))).toBe('value_not_in_billing');
  });
});
