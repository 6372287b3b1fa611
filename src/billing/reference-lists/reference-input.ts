import { fail } from '../../domain/errors.ts';
import { optionalText, requireText } from '../input/text-input.ts';

/** Longest code of a bill group, AR term or account category (a Salesforce picklist value, as people read it). */
export const VALUE_CODE_MAX = 80;

/**
 * A code is the value the Salesforce picklist stores, so it keeps to what a picklist value can hold as it is
 * in SFDX source: letters, digits, spaces and _ . - (no commas, quotes or slashes, which the Metadata API
 * would have to encode), starting with a letter or digit.
 */
export function parseValueCode(value: string | null | undefined, field = 'code'): string {
  const code = requireText(value, field, VALUE_CODE_MAX);
  if (!/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u.test(code)) {
    fail('validation_failed', `${field} may hold letters, digits, spaces and _ . - only, got "${code}".`, {
      field,
    });
  }
  return code;
}

/** The label people see in Salesforce; the code when absent. */
export function parseValueName(value: string | null | undefined, code: string, field = 'name'): string {
  return optionalText(value, field, 200) ?? code;
}

/** The known codes for an error message: enough to choose from, never a wall of text. */
export function listedCodes(codes: readonly string[]): string {
  if (codes.length === 0) return 'none yet';
  const shown = codes.slice(0, 20).map((c) => `"${c}"`);
  return codes.length > 20 ? `${shown.join(', ')} and ${codes.length - 20} more` : shown.join(', ');
}

/**
 * Days to pay an invoice: any whole number 0–365, whether or not an AR term names it (the named terms are what
 * Salesforce's picklist offers; an account set through the API or CLI may need another).
 */
export function parseArTermDays(days: number, field: string): number {
  if (!(Number.isInteger(days) && days >= 0 && days <= 365)) {
    fail('validation_failed', `${field} must be a whole number of days from 0 to 365, got ${days}.`, { field });
  }
  return days;
}
