import { fail, RevbridgeError } from '../../domain/errors.ts';
import { type DecimalText, parseRate } from '../../domain/rate.ts';

/**
 * Quantities and rates as exact decimal strings, checked against what the store keeps: more decimals
 * than a column's scale would be rounded by PostgreSQL without a word (0.00004 units stored as 0), and
 * more integer digits than its precision allows is an error in PostgreSQL's words. Both are refused
 * here, naming the field, before anything is written.
 */
export interface DecimalLimits {
  /** Digits after the decimal point the store keeps. */
  scale: number;
  /** Digits before it (precision − scale). */
  integerDigits: number;
}

/** `numeric(20, 4)`: product quantities, usage quantities, included quantities. */
export const QUANTITY_LIMITS: DecimalLimits = { scale: 4, integerDigits: 16 };
/** `numeric(20, 10)`: usage and overage rates (a price per unit can be a fraction of a cent). */
export const RATE_LIMITS: DecimalLimits = { scale: 10, integerDigits: 10 };

const DECIMAL = /^-?(\d+)(?:\.(\d+))?$/;

/** Why decimal `text` does not fit `limits` (for schemas, which phrase the field themselves), or null. */
export function decimalProblem(text: string, limits: DecimalLimits): string | null {
  const m = DECIMAL.exec(String(text).trim());
  if (!m) return null; // not a decimal at all: its own error (`malformed_rate`)
  const integer = m[1].replace(/^0+/, '');
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (fraction.length > limits.scale) return `has more than ${limits.scale} decimals, which would be rounded`;
  if (integer.length > limits.integerDigits) return `has more than ${limits.integerDigits} digits before the point`;
  return null;
}

/** JSON numbers are floats; an in-process caller may still pass a whole number (tests, flows). */
function decimalText(value: string | number, field: string): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      fail('validation_failed', `${field} must be a decimal number written as a string, got ${value}.`, { field });
    return String(value);
  }
  if (typeof value !== 'string')
    fail('validation_failed', `${field} must be a decimal number written as a string.`, { field });
  return value;
}

function parseDecimal(value: string | number, field: string, limits: DecimalLimits): DecimalText {
  const text = decimalText(value, field);
  let parsed: DecimalText;
  try {
    parsed = parseRate(text);
  } catch (error) {
    if (error instanceof RevbridgeError && error.code === 'malformed_rate') {
      fail('malformed_rate', `${field}: "${text}" is not a decimal number.`, { field, value: text });
    }
    throw error;
  }
  const problem = decimalProblem(text, limits);
  if (problem !== null) fail('validation_failed', `${field} ${problem}, got "${text}".`, { field, value: text });
  return parsed;
}

/** A quantity the store keeps exactly; negative quantities have their own code. */
export function parseQuantity(value: string | number, field = 'quantity'): DecimalText {
  const quantity = parseDecimal(value, field, QUANTITY_LIMITS);
  if (quantity.startsWith('-'))
    fail('negative_quantity', `${field} must not be negative, got ${quantity}.`, { field, value: quantity });
  return quantity;
}

/** A price per unit (usage or overage rate) the store keeps exactly; never negative. */
export function parseUnitRate(value: string | number, field: string): DecimalText {
  const rate = parseDecimal(value, field, RATE_LIMITS);
  if (rate.startsWith('-')) fail('malformed_rate', `${field} must not be negative, got "${rate}".`, { field });
  return rate;
}
