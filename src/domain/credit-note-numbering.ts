import { isValidAccountNumber } from './account-number.ts';
import { fail } from './errors.ts';

/**
 * Credit note numbers are unique and sequential per invoiced account, in a series of their own beside
 * the invoices: the account number, `-CN-`, and the account's credit note sequence padded to at least 4
 * digits (`A-1001-CN-0001`). The `CN` keeps a credit note from ever reading like an invoice number
 * (`A-1001-0001`) of the same account.
 */
export function creditNoteNumber(accountNumber: string, sequence: number): string {
  if (!isValidAccountNumber(accountNumber)) {
    fail('validation_failed', `"${accountNumber}" is not a valid account number.`, { accountNumber });
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    // Sequences come from the store, starting at 1; anything else is a bug.
    throw new RangeError(`a credit note sequence starts at 1, got ${sequence}`);
  }
  return `${accountNumber}-CN-${String(sequence).padStart(4, '0')}`;
}
