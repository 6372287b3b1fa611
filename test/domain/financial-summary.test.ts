import { describe, expect, it } from 'vitest';
import { type InvoiceForSummary, financialSummary } from '../../src/domain/financial-summary.ts';

const jan: InvoiceForSummary = {
  invoiceDate: '2026-01-01',
  dueDate: '2026-01-31',
  totalMinor: 10000n,
  paidMinor: 10000n,
  creditedMinor: 0n,
  voided: false,
};
const feb: InvoiceForSummary = {
  invoiceDate: '2026-02-01',
  dueDate: '2026-03-03',
  totalMinor: 12000n,
  paidMinor: 2000n,
  creditedMinor: 0n,
  voided: false,
};
const mar: InvoiceForSummary = {
  invoiceDate: '2026-03-01',
  dueDate: '2026-03-31',
  totalMinor: 15000n,
  paidMinor: 0n,
  creditedMinor: 0n,
  voided: false,
};

describe('financialSummary: the invoice roll-ups of seed 003', () => {
  it.each([
    {
      what: 'no invoices yet',
      invoices: [],
      today: '2026-03-15',
      expected: { total: 0n, first: null, latest: null, due: 0n, pastDue: 0n },
    },
    {
      what: 'one paid, one part-paid and overdue, one open',
      invoices: [jan, feb, mar],
      today: '2026-03-15',
      expected: {
        total: 37000n,
        first: ['2026-01-01', 10000n],
        latest: ['2026-03-01', 15000n],
        due: 25000n,
        pastDue: 10000n,
      },
    },
    {
      what: 'on the due date an invoice is not yet past due',
      invoices: [jan, feb, mar],
      today: '2026-03-31',
      expected: {
        total: 37000n,
        first: ['2026-01-01', 10000n],
        latest: ['2026-03-01', 15000n],
        due: 25000n,
        pastDue: 10000n,
      },
    },
    {
      what: 'the day after, it is',
      invoices: [jan, feb, mar],
      today: '2026-04-01',
      expected: {
        total: 37000n,
        first: ['2026-01-01', 10000n],
        latest: ['2026-03-01', 15000n],
        due: 25000n,
        pastDue: 25000n,
      },
    },
    {
      what: 'input order does not decide first and latest',
      invoices: [mar, jan, feb],
      today: '2026-03-15',
      expected: {
        total: 37000n,
        first: ['2026-01-01', 10000n],
        latest: ['2026-03-01', 15000n],
        due: 25000n,
        pastDue: 10000n,
      },
    },
    {
      what: 'two invoices on one date: the later-issued is the latest',
      invoices: [jan, { ...jan, totalMinor: 700n, paidMinor: 0n }],
      today: '2026-01-15',
      expected: { total: 10700n, first: ['2026-01-01', 10000n], latest: ['2026-01-01', 700n], due: 700n, pastDue: 0n },
    },
    {
      what: 'an overpaid invoice leaves nothing due and does not offset others',
      invoices: [{ ...jan, paidMinor: 10500n }, mar],
      today: '2026-04-15',
      expected: {
        total: 25000n,
        first: ['2026-01-01', 10000n],
        latest: ['2026-03-01', 15000n],
        due: 15000n,
        pastDue: 15000n,
      },
    },
    {
      what: 'a voided invoice counts for nothing: not billed, not first or latest, not due',
      invoices: [{ ...jan, paidMinor: 0n, voided: true }, feb, { ...mar, voided: true }],
      today: '2026-04-15',
      expected: {
        total: 12000n,
        first: ['2026-02-01', 12000n],
        latest: ['2026-02-01', 12000n],
        due: 10000n,
        pastDue: 10000n,
        count: 1,
      },
    },
    {
      what: 'credit notes come off billed, due and past due; first and latest keep the amount issued',
      invoices: [jan, { ...feb, creditedMinor: 3000n }, { ...mar, creditedMinor: 15000n }],
      today: '2026-04-15',
      expected: {
        total: 19000n,
        credited: 18000n,
        first: ['2026-01-01', 10000n],
        latest: ['2026-03-01', 15000n],
        due: 7000n,
        pastDue: 7000n,
      },
    },
    {
      what: 'a credit on a paid amount leaves nothing due and does not offset other invoices',
      invoices: [{ ...jan, creditedMinor: 4000n }, mar],
      today: '2026-03-15',
      expected: {
        total: 21000n,
        credited: 4000n,
        first: ['2026-01-01', 10000n],
        latest: ['2026-03-01', 15000n],
        due: 15000n,
        pastDue: 0n,
      },
    },
  ])('$what', ({ invoices, today, expected }) => {
    const mark = (m: (string | bigint)[] | null) => m && { date: m[0], amountMinor: m[1] };
    const e = expected as typeof expected & { credited?: bigint; count?: number };
    expect(financialSummary(invoices, 'USD', today)).toEqual({
      currency: 'USD',
      totalBilledMinor: expected.total,
      totalCreditedMinor: e.credited ?? 0n,
      invoiceCount: e.count ?? invoices.length,
      firstInvoice: mark(expected.first),
      latestInvoice: mark(expected.latest),
      dueMinor: expected.due,
      pastDueMinor: expected.pastDue,
    });
  });
});
