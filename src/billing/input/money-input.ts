import { type CurrencyCode, isCurrencyCode, minorUnits } from '../../domain/currency.ts';
import { fail, RevbridgeError } from '../../domain/errors.ts';
import { formatMoney, type Money, parseMoney } from '../../domain/money.ts';

/**
 * The largest amount revbridge accepts, in minor units: 15 digits (9,999,999,999,999.99 USD;
 * 999,999,999,999,999 JPY). The store's bigint holds 9.2 × 10^18, so an invoice can add thousands of
 * lines this large without overflowing; anything bigger is a typing mistake, not a price or a payment.
 */
export const MAX_AMOUNT_MINOR = 10n ** 15n - 1n;

/** The largest accepted amount in `currency`, written as people write it ("9999999999999.99"). */
export function maxAmount(currency: CurrencyCode): string {
  return formatMoney({ minor: MAX_AMOUNT_MINOR, currency });
}

/**
 * Why amount `text` in `currency` is out of range (for schemas, which phrase the field themselves), or
 * null. Malformed text and unknown currencies are left to `parseAmount`, which has codes for them.
 */
export function amountProblem(text: string, currency: string): string | null {
  const m = /^-?0*(\d*?)(?:\.\d+)?$/.exec(String(text).trim());
  if (!m || !isCurrencyCode(currency)) return null;
  if (m[1].length + minorUnits(currency) > MAX_AMOUNT_MINOR.toString().length) {
    return `must be at most ${maxAmount(currency)} ${currency}`;
  }
  return null;
}

/**
 * An amount typed by a person or sent by a system: exact in `currency` (`malformed_money` otherwise,
 * never rounded) and within `MAX_AMOUNT_MINOR` (`validation_failed` naming the field).
 */
export function parseAmount(value: string, currency: string, field: string): Money {
  if (typeof value !== 'string')
    fail('validation_failed', `${field} must be a decimal amount written as a string.`, { field });
  const problem = amountProblem(value, currency);
  if (problem !== null) fail('validation_failed', `${field} ${problem}, got "${value}".`, { field, value });
  try {
    return parseMoney(value, currency);
  } catch (error) {
    if (error instanceof RevbridgeError && error.code === 'malformed_money') {
      fail('malformed_money', `${field}: ${error.message}`, { ...error.details, field });
    }
    throw error;
  }
}
