import { isIsoDate } from '../../domain/billing-period.ts';
import { type CurrencyCode, isCurrencyCode } from '../../domain/currency.ts';
import { fail } from '../../domain/errors.ts';
import { parseRate } from '../../domain/rate.ts';

/**
 * Input checks every billing use-case shares. Each one throws a coded `RevbridgeError` naming the field,
 * so the API, the CLI and the sync history all show the same sentence for the same mistake.
 */

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 does not). */
export function parseDate(value: string, field: string): string {
  if (typeof value !== 'string' || !isIsoDate(value))
    fail('validation_failed', `${field} must be a date written YYYY-MM-DD, got "${value}".`, { field });
  return value;
}

export function parseOptionalDate(value: string | null | undefined, field: string): string | null {
  return value == null ? null : parseDate(value, field);
}

/** The end of a period may equal its start (a one-day period) but never precede it. */
export function assertPeriod(start: string, end: string | null): void {
  if (end !== null && end < start) {
    fail('invalid_period', `The end date ${end} is before the start date ${start}.`, { start, end });
  }
}

/** Ids travel as decimal strings (JSON has no bigint); anything else cannot name a row. */
export function isId(value: string): boolean {
  return /^[1-9]\d{0,18}$/.test(value);
}

export function requireText(value: string | null | undefined, field: string, max = 255): string {
  const text = value?.trim() ?? '';
  if (text === '') fail('validation_failed', `${field} is required.`, { field });
  if (text.length > max) fail('validation_failed', `${field} is longer than ${max} characters.`, { field });
  return text;
}

export function optionalText(value: string | null | undefined, field: string, max = 255): string | null {
  if (value == null || value.trim() === '') return null;
  return requireText(value, field, max);
}

export function parseCurrency(value: string | null | undefined): CurrencyCode {
  const code = value?.trim().toUpperCase() ?? '';
  if (code === '') fail('validation_failed', 'currency is required.', { field: 'currency' });
  if (!isCurrencyCode(code))
    fail('unknown_currency', `"${value}" is not a currency revbridge bills in.`, { currency: value });
  return code;
}

/** A quantity as an exact decimal string; negative quantities have their own code. */
export function parseQuantity(value: string | number, field = 'quantity'): string {
  const text = parseRate(String(value));
  if (text.startsWith('-')) fail('negative_quantity', `${field} must not be negative, got ${text}.`, { field });
  return text;
}

export const FREQUENCIES = ['monthly', 'quarterly', 'semiannual', 'annual'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export function parseFrequency(value: string | null | undefined, field: string): Frequency {
  const found = FREQUENCIES.find((f) => f === value);
  if (!found) fail('validation_failed', `${field} must be one of ${FREQUENCIES.join(', ')}.`, { field, value });
  return found;
}

/** PostgreSQL's unique_violation, so a race lost to a concurrent writer still ends in a coded error. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/** Codes are what Salesforce external ids and CLI users type: short, no spaces. */
export function parseCode(value: string | null | undefined, field = 'code'): string {
  const code = requireText(value, field, 64);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/.test(code)) {
    fail('validation_failed', `${field} may hold letters, digits and _ . : - only, got "${code}".`, { field });
  }
  return code;
}
