import { describe, expect, it } from 'vitest';
import { creditNoteNumber } from '../../src/domain/credit-note-numbering.ts';
import { invoiceNumber } from '../../src/domain/invoice-numbering.ts';
import { errorCodeOf } from './error-code.ts';

describe('creditNoteNumber: account number, -CN-, sequence of 4+ digits', () => {
  it.each([
    { account: 'A-1001', sequence: 1, expected: 'A-1001-CN-0001' },
    { account: 'A-1001', sequence: 42, expected: 'A-1001-CN-0042' },
    { account: 'A-1001', sequence: 9999, expected: 'A-1001-CN-9999' },
    { account: 'A-1001', sequence: 10000, expected: 'A-1001-CN-10000' },
    { account: 'ACME_01.eu', sequence: 7, expected: 'ACME_01.eu-CN-0007' },
  ])('$account #$sequence → $expected', ({ account, sequence, expected }) => {
    expect(creditNoteNumber(account, sequence)).toBe(expected);
  });

  it('consecutive sequences give distinct numbers that sort in issue order, unlike any invoice number', () => {
    const numbers = [1, 2, 3, 10, 999].map((s) => creditNoteNumber('A-7', s));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect([...numbers].sort()).toEqual(numbers);
    const invoices = [1, 2, 3, 10, 999].map((s) => invoiceNumber('A-7', s));
    expect(numbers.filter((n) => invoices.includes(n))).toEqual([]);
  });

  it('an invalid account number is refused; a sequence below 1 is a bug', () => {
    expect(errorCodeOf(() => creditNoteNumber('has space', 1))).toBe('validation_failed');
    for (const sequence of [0, -1, 1.5]) expect(() => creditNoteNumber('A-1', sequence)).toThrow(RangeError);
  });
});
