import { describe, expect, it } from 'vitest';
import { isValidAccountNumber, nextAccountNumber } from '../../src/domain/account-number.ts';
import { errorCodeOf } from './error-code.ts';

describe('isValidAccountNumber: 1–40 letters, digits, "-", "_", "."', () => {
  it.each([
    { value: 'A-1001', valid: true },
    { value: '7', valid: true },
    { value: 'acme_eu.01', valid: true },
    { value: 'X'.repeat(40), valid: true },
    { value: 'X'.repeat(41), valid: false },
    { value: '', valid: false },
    { value: 'A 1001', valid: false },
    { value: 'A/1001', valid: false },
    { value: "O'Brien", valid: false },
    { value: 'Ä-1', valid: false },
    { value: 'A-1\n', valid: false },
  ])('"$value" → $valid', ({ value, valid }) => {
    expect(isValidAccountNumber(value)).toBe(valid);
  });
});

describe('nextAccountNumber: prefix + one more than the last number', () => {
  it.each([
    { last: 1000, prefix: undefined, expected: 'A-1001' },
    { last: 0, prefix: undefined, expected: 'A-1' },
    { last: 41, prefix: 'CUST-', expected: 'CUST-42' },
    { last: 9, prefix: '', expected: '10' },
  ])('after $last with prefix $prefix → $expected', ({ last, prefix, expected }) => {
    expect(nextAccountNumber(last, prefix)).toBe(expected);
  });

  it.each(['A ', 'X'.repeat(40), 'A/'])('prefix "%s" cannot make a valid number', (prefix) => {
    expect(errorCodeOf(() => nextAccountNumber(1, prefix))).toBe('validation_failed');
  });

  it.each([-1, 1.5, Number.MAX_SAFE_INTEGER + 1])('last number %s is a bug', (last) => {
    expect(() => nextAccountNumber(last)).toThrow(RangeError);
  });
});
