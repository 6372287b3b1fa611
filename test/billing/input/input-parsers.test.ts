import { describe, expect, it } from 'vitest';
import { DATE_RANGE, parseDate } from '../../../src/billing/input/date-input.ts';
import {
  decimalProblem,
  parseQuantity,
  parseUnitRate,
  QUANTITY_LIMITS,
} from '../../../src/billing/input/decimal-input.ts';
import { isId } from '../../../src/billing/input/id-input.ts';
import { MAX_AMOUNT_MINOR, parseAmount } from '../../../src/billing/input/money-input.ts';
import { requireText } from '../../../src/billing/input/text-input.ts';
import { RevbridgeError } from '../../../src/domain/errors.ts';
import { errorCodeOf } from '../../domain/error-code.ts';

/** The field a refusal names (details.field), so a table can check it beside the code. */
function refusal(run: () => unknown): { code: string; field: unknown } | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof RevbridgeError) return { code: error.code, field: error.details.field };
    throw error;
  }
}

describe('quantities: exactly what numeric(20, 4) keeps, never rounded', () => {
  it.each([
    ['0.0001', '0.0001'],
    ['1.50000', '1.5'], // trailing zeros are not precision
    ['0009', '9'],
    ['9999999999999999.9999', '9999999999999999.9999'],
    [12, '12'],
  ])('%s is %s', (input, expected) => {
    expect(parseQuantity(input, 'quantity')).toBe(expected);
  });

  it.each([
    ['0.00004', 'validation_failed'], // would be stored as 0
    ['1.00001', 'validation_failed'],
    ['1'.repeat(32), 'validation_failed'],
    ['12345678901234567', 'validation_failed'],
    ['-1', 'negative_quantity'],
    ['1e3', 'malformed_rate'],
    ['ten', 'malformed_rate'],
    [0.5, 'validation_failed'], // a JSON float: decimals travel as strings
    [Number.MAX_SAFE_INTEGER * 2, 'validation_failed'],
  ])('%s is refused with %s naming the field', (input, code) => {
    expect(refusal(() => parseQuantity(input, 'rows[2].quantity'))).toEqual({ code, field: 'rows[2].quantity' });
  });

  it('decimalProblem explains the limit', () => {
    expect(decimalProblem('0.00004', QUANTITY_LIMITS)).toBe('has more than 4 decimals, which would be rounded');
    expect(decimalProblem('1'.repeat(17), QUANTITY_LIMITS)).toBe('has more than 16 digits before the point');
    expect(decimalProblem('not a number', QUANTITY_LIMITS)).toBeNull();
  });
});

describe('rates: exactly what numeric(20, 10) keeps', () => {
  it.each([
    ['0.0000000001', null],
    ['9999999999.9999999999', null],
    ['0.00000000001', 'validation_failed'],
    ['12345678901', 'validation_failed'],
    ['-0.5', 'malformed_rate'],
    ['cheap', 'malformed_rate'],
  ])('%s → %s', (input, code) => {
    expect(errorCodeOf(() => parseUnitRate(input, 'overageRate'))).toBe(code);
  });
});

describe('amounts: exact in the currency and at most 15 digits of minor units', () => {
  it.each([
    ['9999999999999.99', 'USD', null],
    ['10000000000000.00', 'USD', 'validation_failed'],
    ['-10000000000000', 'USD', 'validation_failed'],
    ['1'.repeat(32), 'USD', 'validation_failed'],
    ['999999999999999', 'JPY', null],
    ['1000000000000000', 'JPY', 'validation_failed'],
    ['999999999999.999', 'KWD', null],
    ['12.345', 'USD', 'malformed_money'],
    ['12', 'XXX', 'unknown_currency'],
  ])('%s %s → %s', (amount, currency, code) => {
    expect(errorCodeOf(() => parseAmount(amount, currency, 'amount'))).toBe(code);
  });

  it('the limit is 15 digits of minor units, well inside bigint', () => {
    expect(parseAmount('9999999999999.99', 'USD', 'amount').minor).toBe(MAX_AMOUNT_MINOR);
    expect(refusal(() => parseAmount('1'.repeat(32), 'USD', 'recurring'))).toEqual({
      code: 'validation_failed',
      field: 'recurring',
    });
  });
});

describe('dates: real days from 1900-01-01 to 4000-12-31', () => {
  it.each([
    [DATE_RANGE.min, null],
    [DATE_RANGE.max, null],
    ['2024-02-29', null],
    ['0000-01-31', 'validation_failed'], // PostgreSQL has no year 0
    ['1899-12-31', 'validation_failed'],
    ['2026-02-30', 'validation_failed'],
    ['4001-01-01', 'validation_failed'], // Salesforce holds no later date
    ['10000-01-01', 'validation_failed'],
    ['2026-1-5', 'validation_failed'],
  ])('%s → %s', (date, code) => {
    expect(errorCodeOf(() => parseDate(date, 'startDate'))).toBe(code);
  });
});

describe('ids and text', () => {
  it.each([
    ['1', true],
    ['9223372036854775807', true],
    ['9223372036854775808', false], // past bigint: not a row, and no PostgreSQL error either
    ['9999999999999999999', false],
    ['0', false],
    ['A-1', false],
  ])('isId(%s) is %s', (value, expected) => {
    expect(isId(value)).toBe(expected);
  });

  it('refuses control characters (PostgreSQL refuses a NUL byte in text)', () => {
    expect(refusal(() => requireText('Acme\u0000', 'name'))).toEqual({ code: 'validation_failed', field: 'name' });
    expect(requireText('  Acme  ', 'name')).toBe('Acme');
  });
});
