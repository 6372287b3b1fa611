import { type CurrencyCode, isCurrencyCode } from '../../domain/currency.ts';
import { fail } from '../../domain/errors.ts';

/** A currency as people type it ("usd", " EUR "): an ISO 4217 code revbridge bills in. */
export function parseCurrency(value: string | null | undefined, field = 'currency'): CurrencyCode {
  if (value != null && typeof value !== 'string') fail('validation_failed', `${field} must be text.`, { field });
  const code = value?.trim().toUpperCase() ?? '';
  if (code === '') fail('validation_failed', `${field} is required.`, { field });
  if (!isCurrencyCode(code))
    fail('unknown_currency', `"${value}" is not a currency revbridge bills in.`, { currency: value, field });
  return code;
}
