import { fail } from './errors.ts';

/**
 * Billing account numbers are Salesforce's unique external id for the account (Billing_Account_Number__c),
 * so they are kept to characters that survive URLs, SOQL literals and CSV untouched.
 */
const ACCOUNT_NUMBER = /^[A-Za-z0-9._-]{1,40}$/;

/** 1–40 characters: letters, digits, `-`, `_` and `.`. */
export function isValidAccountNumber(accountNumber: string): boolean {
  return ACCOUNT_NUMBER.test(accountNumber);
}

/**
 * The number for the next account the hub creates: `prefix` followed by one more than the highest
 * numeric part issued so far (`A-1000` → `A-1001`). The store guarantees uniqueness; this only proposes.
 */
export function nextAccountNumber(lastNumeric: number, prefix = 'A-'): string {
  if (!Number.isSafeInteger(lastNumeric) || lastNumeric < 0) {
    throw new RangeError(`the last account number must be a non-negative integer, got ${lastNumeric}`);
  }
  const next = `${prefix}${lastNumeric + 1}`;
  if (!isValidAccountNumber(next)) {
    fail('validation_failed', `"${next}" is not a valid account number (1–40 letters, digits, "-", "_", ".").`, {
      prefix,
    });
  }
  return next;
}
