import { describe, expect, it } from 'vitest';
import { dueDate, invoiceNumber } from '../../src/domain/invoice-numbering.ts';
import { errorCodeOf } from './error-code.ts';

describe('invoiceNumber: account number, dash, sequence of 4+ digits', () => {
  it.each([
    { account: 'A-1001', sequence: 1, expected: 'A-1001-0001' },
    { account: 'A-1001', sequence: 42, expected: 'A-1001-0042' },
    { account: 'A-1001', sequence: 9999, expected: 'A-1001-9999' },
    { account: 'A-1001', sequence: 10000, expected: 'A-1001-10000' },
    { account: 'ACME_01.eu', sequence: 7, expected: 'ACME_01.eu-0007' },
  ])('$account #$sequence → $expected', ({ account, sequence, expected }) => {
    expect(invoiceNumber(account, sequence)).toBe(expected);
  });

  it('consecutive sequences give distinct numbers that sort in issue order', () => {
    const numbers = [1, 2, 3, 10, 999].map((s) => invoiceNumber('A-7', s));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect([...numbers].sort()).toEqual(numbers);
  });

  it('an invalid account number is refused', () => {
    expect(errorCodeOf(() => invoiceNumber('has space', 1))).toBe('validation_failed');
  });

  it.each([0, -1, 1.5])('sequence %s is a bug', (sequence) => {
    expect(() => invoiceNumber('A-1', sequence)).toThrow(RangeError);
  });
});

describe('dueDate: invoice date plus the AR term in net days', () => {
  it.each([
    { date: '2026-03-01', days: 30, expected: '2026-03-31' },
    { date: '2026-01-31', days: 30, expected: '2026-03-02' },
    { date: '2026-12-15', days: 30, expected: '2027-01-14' },
    { date: '2024-02-01', days: 28, expected: '2024-02-29' },
    { date: '2026-03-01', days: 0, expected: '2026-03-01' },
    { date: '2026-03-01', days: 45, expected: '2026-04-15' },
  ])('$date net $days → $expected', ({ date, days, expected }) => {
    expect(dueDate(date, days)).toBe(expected);
  });

  it.each([
    { date: '2026-03-01', days: -1 },
    { date: '2026-03-01', days: 1.5 },
    { date: '2026-02-31', days: 30 },
  ])('$date net $days is validation_failed', ({ date, days }) => {
    expect(errorCodeOf(() => dueDate(date, days))).toBe('validation_failed');
  });
});
