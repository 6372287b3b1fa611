import { isValidAccountNumber } from './account-number.ts';
import { addDays } from './billing-period.ts';
import { fail } from './errors.ts';

/**
 * Invoice numbers are unique and sequential per account: the account number, a dash, and the account's
 * invoice sequence padded to at least 4 digits (`A-1001-0001`, …, `A-1001-10000`). Padding keeps the
 * first ten thousand numbers sorting in issue order as plain text.
 */
export function invoiceNumber(accountNumber: string, sequence: number): string {
  if (!isValidAccountNumber(accountNumber)) {
    fail('validation_failed', `"${accountNumber}" is not a valid account number.`, { accountNumber });
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    // Sequences come from the store, starting at 1; anything else is a bug.
    throw new RangeError(`an invoice sequence starts at 1, got ${sequence}`);
  }
  return `${accountNumber}-${String(sequence).padStart(4, '0')}`;
}

/** The AR term is net days: an invoice dated 2026-03-01 on net 30 is due 2026-03-31. */
export function dueDate(invoiceDate: string, arTermDays: number): string {
  if (!Number.isSafeInteger(arTermDays) || arTermDays < 0) {
    fail('validation_failed', `The AR term must be a whole number of days, 0 or more, got ${arTermDays}.`, {
      arTermDays,
    });
  }
  return addDays(invoiceDate, arTermDays);
}
