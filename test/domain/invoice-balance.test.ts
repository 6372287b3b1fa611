import { describe, expect, it } from 'vitest';
import { amountDueMinor, type InvoiceBalance, invoiceStatus } from '../../src/domain/invoice-balance.ts';

const open: InvoiceBalance = { totalMinor: 10000n, paidMinor: 0n, creditedMinor: 0n, voided: false };

describe('amountDueMinor and invoiceStatus: one rule for what an invoice still asks for', () => {
  it.each([
    { what: 'nothing paid or credited', invoice: open, due: 10000n, status: 'open' },
    { what: 'part paid', invoice: { ...open, paidMinor: 2500n }, due: 7500n, status: 'open' },
    { what: 'part credited', invoice: { ...open, creditedMinor: 2500n }, due: 7500n, status: 'open' },
    {
      what: 'paid and credited in full together',
      invoice: { ...open, paidMinor: 6000n, creditedMinor: 4000n },
      due: 0n,
      status: 'paid',
    },
    { what: 'credited in full', invoice: { ...open, creditedMinor: 10000n }, due: 0n, status: 'credited' },
    {
      what: 'paid, then credited in full (a refund is owed)',
      invoice: { ...open, paidMinor: 10000n, creditedMinor: 10000n },
      due: 0n,
      status: 'credited',
    },
    { what: 'overpaid', invoice: { ...open, paidMinor: 10500n }, due: 0n, status: 'paid' },
    { what: 'voided', invoice: { ...open, voided: true }, due: 0n, status: 'void' },
  ])('$what: due $due, $status', ({ invoice, due, status }) => {
    expect(amountDueMinor(invoice)).toBe(due);
    expect(invoiceStatus({ ...invoice, dueDate: '2026-03-31' }, '2026-03-31')).toBe(status);
  });

  it('is past due only after the due date, and only while something is due', () => {
    const inv = { ...open, creditedMinor: 100n, dueDate: '2026-03-31' };
    expect(invoiceStatus(inv, '2026-03-31')).toBe('open');
    expect(invoiceStatus(inv, '2026-04-01')).toBe('past_due');
    expect(invoiceStatus({ ...inv, creditedMinor: 10000n }, '2026-04-01')).toBe('credited');
    expect(invoiceStatus({ ...inv, voided: true }, '2026-04-01')).toBe('void');
  });
});
