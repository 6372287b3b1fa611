import { describe, expect, it } from 'vitest';
import { isRequiredForNewBillingAccount } from '../../src/domain/new-billing-account.ts';
import { ACCOUNT_MAPPING } from '../../src/sync/mappings/account-mapping.ts';

describe('isRequiredForNewBillingAccount (seed 001: name, currency and billing country)', () => {
  it.each([
    ['name', true],
    ['currency', true],
    ['address.country', true],
    ['address.city', false],
    ['address.street', false],
    ['primaryEmail', false],
    ['parentId', false],
    ['billingCycle', false],
    ['arTermDays', false],
    ['billGroup', false],
    ['status', false],
    ['country', false],
  ])('%s → %s', (field, required) => {
    expect(isRequiredForNewBillingAccount(field)).toBe(required);
  });

  it('is what the account mapping requires of a Salesforce account billing does not have yet', () => {
    expect(ACCOUNT_MAPPING.fields.filter((f) => f.required).map((f) => f.salesforce)).toEqual([
      'Name',
      'CurrencyIsoCode',
      'BillingCountry',
    ]);
  });
});
