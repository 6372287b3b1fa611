import { describe, expect, it } from 'vitest';
import {
  allocateCredit,
  type CreditableLine,
  creditTaxMinor,
  planCreditNote,
  roundHalfUpDiv,
} from '../../src/domain/credit-allocation.ts';
import { errorCodeOf } from './error-code.ts';

const lines = (...remaining: bigint[]) => remaining.map((r, i) => ({ id: BigInt(i + 1), remainingMinor: r }));
const amounts = (allocation: { id: bigint; amountMinor: bigint }[]) =>
  allocation.map((a) => [Number(a.id), a.amountMinor]);

describe('allocateCredit: an amount spread over lines in proportion, exactly', () => {
  it.each([
    { what: 'one line', amount: 500n, remaining: [1000n], expected: [[1, 500n]] },
    {
      what: 'in proportion',
      amount: 300n,
      remaining: [1000n, 2000n],
      expected: [
        [1, 100n],
        [2, 200n],
      ],
    },
    {
      what: 'a third each: the leftover unit goes to the first of equal fractions',
      amount: 100n,
      remaining: [300n, 300n, 300n],
      expected: [
        [1, 34n],
        [2, 33n],
        [3, 33n],
      ],
    },
    {
      what: 'the leftover goes to the largest fraction, not the first line',
      amount: 10n,
      remaining: [1n, 6n, 6n],
      // exact shares 10/13, 60/13 (4.615), 60/13: floors 0, 4, 4 leave 2 units; fractions 10, 8, 8 (/13)
      expected: [
        [1, 1n],
        [2, 5n],
        [3, 4n],
      ],
    },
    {
      what: 'everything that is left',
      amount: 3001n,
      remaining: [1000n, 2001n],
      expected: [
        [1, 1000n],
        [2, 2001n],
      ],
    },
    {
      what: 'lines with nothing left (or a negative remainder) get nothing',
      amount: 50n,
      remaining: [0n, 100n, -40n, 100n],
      expected: [
        [2, 25n],
        [4, 25n],
      ],
    },
    {
      what: 'a line whose share rounds to zero is left out',
      amount: 1n,
      remaining: [1n, 1000n],
      expected: [[2, 1n]],
    },
  ])('$what', ({ amount, remaining, expected }) => {
    expect(amounts(allocateCredit(amount, lines(...remaining)))).toEqual(expected);
  });

  it.each([
    { amount: 0n, remaining: [100n], code: 'validation_failed' },
    { amount: -5n, remaining: [100n], code: 'validation_failed' },
    { amount: 101n, remaining: [60n, 40n], code: 'credit_exceeds_invoice' },
    { amount: 1n, remaining: [0n, -10n], code: 'credit_exceeds_invoice' },
  ])('$amount over $remaining is $code', ({ amount, remaining, code }) => {
    expect(errorCodeOf(() => allocateCredit(amount, lines(...remaining)))).toBe(code);
  });

  it('on 2,000 generated cases sums exactly to the amount and never exceeds a line', () => {
    let seed = 20260315;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const remaining = Array.from({ length: 1 + random(8) }, () => BigInt(random(4) === 0 ? 0 : random(1_000_000)));
      const available = remaining.reduce((s, r) => s + r, 0n);
      if (available === 0n) continue;
      const amount = 1n + (BigInt(random(2 ** 30)) % available);
      const allocation = allocateCredit(amount, lines(...remaining));
      expect(allocation.reduce((s, a) => s + a.amountMinor, 0n)).toBe(amount);
      for (const a of allocation) {
        expect(a.amountMinor).toBeGreaterThan(0n);
        expect(a.amountMinor).toBeLessThanOrEqual(remaining[Number(a.id) - 1]);
      }
    }
  });
});

describe('roundHalfUpDiv: half up, away from zero, exact', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [5n, -2n, -3n],
    [7n, 3n, 2n],
    [8n, 3n, 3n],
    [0n, 7n, 0n],
    [999999999999999999999n, 2000000000000000000000n, 0n],
    [1000000000000000000000n, 2000000000000000000000n, 1n],
  ])('%s / %s = %s', (n, d, q) => {
    expect(roundHalfUpDiv(n, d)).toBe(q);
  });
});

const line = (over: Partial<CreditableLine> = {}): CreditableLine => ({
  id: 1n,
  amountMinor: 1000n,
  taxMinor: 83n, // 8.25 % of 10.00, rounded
  creditedMinor: 0n,
  creditedTaxMinor: 0n,
  ...over,
});

describe('creditTaxMinor: tax given back in proportion, rounded on the cumulative credit', () => {
  it.each([
    { what: 'the whole line', l: line(), credit: 1000n, tax: 83n },
    { what: 'half (41.5 rounds up)', l: line(), credit: 500n, tax: 42n },
    {
      what: 'the other half after it',
      l: line({ creditedMinor: 500n, creditedTaxMinor: 42n }),
      credit: 500n,
      tax: 41n,
    },
    { what: 'a cent', l: line(), credit: 1n, tax: 0n },
    { what: 'no tax on the line', l: line({ taxMinor: 0n }), credit: 300n, tax: 0n },
    {
      what: 'an adjustment line credited back in full',
      l: line({ amountMinor: -400n, taxMinor: -33n }),
      credit: -400n,
      tax: -33n,
    },
  ])('$what → $tax', ({ l, credit, tax }) => {
    expect(creditTaxMinor(l, credit)).toBe(tax);
  });

  it('three credits of a line in thirds give back exactly its tax', () => {
    let l = line({ amountMinor: 1001n, taxMinor: 100n });
    let total = 0n;
    for (const credit of [333n, 334n, 334n]) {
      const tax = creditTaxMinor(l, credit);
      total += tax;
      l = { ...l, creditedMinor: l.creditedMinor + credit, creditedTaxMinor: l.creditedTaxMinor + tax };
    }
    expect(total).toBe(100n);
  });
});

describe('planCreditNote: whole, lines or amount; never beyond a line or the invoice', () => {
  // Two lines: 100.00 + 8.25 tax and 50.00 + 4.13 tax; total 162.38.
  const invoiceLines: CreditableLine[] = [
    line({ id: 11n, amountMinor: 10000n, taxMinor: 825n }),
    line({ id: 12n, amountMinor: 5000n, taxMinor: 413n }),
  ];
  const invoice = { currency: 'USD' as const, totalMinor: 16238n, creditedMinor: 0n, lines: invoiceLines };
  const plain = (plan: ReturnType<typeof planCreditNote>) => ({
    lines: plan.lines.map((l) => [Number(l.invoiceLineId), l.amountMinor, l.taxMinor]),
    totals: [plan.subtotalMinor, plan.taxMinor, plan.totalMinor],
  });

  it.each([
    {
      what: 'the whole invoice',
      request: { kind: 'whole' as const },
      expected: {
        lines: [
          [11, 10000n, 825n],
          [12, 5000n, 413n],
        ],
        totals: [15000n, 1238n, 16238n],
      },
    },
    {
      what: 'one line in full',
      request: { kind: 'lines' as const, lines: [{ id: 12n }] },
      expected: { lines: [[12, 5000n, 413n]], totals: [5000n, 413n, 5413n] },
    },
    {
      what: 'part of a line',
      request: { kind: 'lines' as const, lines: [{ id: 11n, amountMinor: 2500n }] },
      expected: { lines: [[11, 2500n, 206n]], totals: [2500n, 206n, 2706n] },
    },
    {
      what: 'an amount, spread in proportion',
      request: { kind: 'amount' as const, amountMinor: 3000n },
      expected: {
        lines: [
          [11, 2000n, 165n],
          [12, 1000n, 83n],
        ],
        totals: [3000n, 248n, 3248n],
      },
    },
  ])('$what', ({ request, expected }) => {
    expect(plain(planCreditNote(invoice, request))).toEqual(expected);
  });

  it('after earlier credits, the whole form credits what is left, to the cent', () => {
    const credited = {
      ...invoice,
      creditedMinor: 2706n,
      lines: [{ ...invoiceLines[0], creditedMinor: 2500n, creditedTaxMinor: 206n }, invoiceLines[1]],
    };
    expect(plain(planCreditNote(credited, { kind: 'whole' }))).toEqual({
      lines: [
        [11, 7500n, 619n],
        [12, 5000n, 413n],
      ],
      totals: [12500n, 1032n, 13532n],
    });
  });

  it('a whole credit on an invoice with an adjustment line credits exactly its total', () => {
    const adjusted = {
      currency: 'USD' as const,
      totalMinor: 10825n - 2165n,
      creditedMinor: 0n,
      lines: [
        line({ id: 1n, amountMinor: 10000n, taxMinor: 825n }),
        line({ id: 2n, amountMinor: -2000n, taxMinor: -165n }),
      ],
    };
    expect(planCreditNote(adjusted, { kind: 'whole' }).totalMinor).toBe(8660n);
    // Spreading the full positive remainder would credit more than the invoice total.
    expect(errorCodeOf(() => planCreditNote(adjusted, { kind: 'amount', amountMinor: 10000n }))).toBe(
      'credit_exceeds_invoice',
    );
  });

  it.each([
    {
      what: 'an amount above what is left',
      request: { kind: 'amount', amountMinor: 15001n },
      code: 'credit_exceeds_invoice',
    },
    { what: 'a zero amount', request: { kind: 'amount', amountMinor: 0n }, code: 'validation_failed' },
    {
      what: 'a line beyond its amount',
      request: { kind: 'lines', lines: [{ id: 12n, amountMinor: 5001n }] },
      code: 'credit_exceeds_line',
    },
    {
      what: 'a line credited for nothing',
      request: { kind: 'lines', lines: [{ id: 12n, amountMinor: 0n }] },
      code: 'validation_failed',
    },
    {
      what: 'a line of another invoice',
      request: { kind: 'lines', lines: [{ id: 99n }] },
      code: 'invoice_line_not_found',
    },
    {
      what: 'a line named twice',
      request: { kind: 'lines', lines: [{ id: 11n }, { id: 11n }] },
      code: 'validation_failed',
    },
    { what: 'no line', request: { kind: 'lines', lines: [] }, code: 'validation_failed' },
  ] as const)('$what is $code', ({ request, code }) => {
    expect(errorCodeOf(() => planCreditNote(invoice, request as Parameters<typeof planCreditNote>[1]))).toBe(code);
  });

  it('a fully credited invoice has nothing left, in any form', () => {
    const done = {
      ...invoice,
      creditedMinor: 16238n,
      lines: invoiceLines.map((l) => ({ ...l, creditedMinor: l.amountMinor, creditedTaxMinor: l.taxMinor })),
    };
    expect(errorCodeOf(() => planCreditNote(done, { kind: 'whole' }))).toBe('credit_exceeds_invoice');
    expect(errorCodeOf(() => planCreditNote(done, { kind: 'amount', amountMinor: 1n }))).toBe('credit_exceeds_invoice');
    expect(errorCodeOf(() => planCreditNote(done, { kind: 'lines', lines: [{ id: 11n }] }))).toBe(
      'credit_exceeds_line',
    );
  });
});
