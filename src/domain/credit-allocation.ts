import type { CurrencyCode } from './currency.ts';
import { fail } from './errors.ts';
import { formatMoney } from './money.ts';

/**
 * How a credit note is cut from an invoice. Amounts are in minor units and exact (bigint); a credit is
 * written like the invoice lines it credits, before tax, and each credited line gives back its tax in
 * proportion (`CREDIT_TAX_RULE`).
 */
export const CREDIT_TAX_RULE =
  'tax credited on a line = the line tax × (net credited so far ÷ line amount), rounded half-up, minus the ' +
  'tax already credited: credits of a line add up to exactly its tax once its whole amount is credited';

/** An invoice line as a credit sees it: as issued, and what earlier credit notes already took from it. */
export interface CreditableLine {
  id: bigint;
  amountMinor: bigint;
  taxMinor: bigint;
  creditedMinor: bigint;
  creditedTaxMinor: bigint;
}

/** What is left to credit on a line, before tax (negative for an adjustment line that was itself a credit). */
export function remainingCreditMinor(line: CreditableLine): bigint {
  return line.amountMinor - line.creditedMinor;
}

/** n ÷ d rounded half-up (away from zero), exactly, for any signs (d ≠ 0). */
export function roundHalfUpDiv(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (2n * an + ad) / (2n * ad);
  return negative ? -q : q;
}

/**
 * The tax a credit of `creditMinor` on `line` gives back. Rounding the cumulative credit (not each credit
 * on its own) means partial credits never drift: when the whole line is credited, the tax credited adds up
 * to the line's tax to the minor unit, however many credit notes it took.
 */
export function creditTaxMinor(line: CreditableLine, creditMinor: bigint): bigint {
  if (line.amountMinor === 0n) return 0n;
  const cumulative = roundHalfUpDiv((line.creditedMinor + creditMinor) * line.taxMinor, line.amountMinor);
  return cumulative - line.creditedTaxMinor;
}

export interface Allocation {
  id: bigint;
  amountMinor: bigint;
}

/**
 * Spreads `amountMinor` over the lines in proportion to what is left to credit on each (largest remainder
 * method): each line gets the floor of its exact share, and the minor units still missing go one each to
 * the lines with the largest fractional parts (ties: line order). The result sums exactly to the amount
 * and never exceeds a line's remainder; lines with nothing left (or a negative remainder) get nothing.
 * More than the lines have left is `credit_exceeds_invoice`.
 */
export function allocateCredit(amountMinor: bigint, lines: { id: bigint; remainingMinor: bigint }[]): Allocation[] {
  if (amountMinor <= 0n) {
    fail('validation_failed', 'A credit amount must be more than zero.', { field: 'amount' });
  }
  const open = lines.filter((l) => l.remainingMinor > 0n);
  const available = open.reduce((sum, l) => sum + l.remainingMinor, 0n);
  if (amountMinor > available) {
    fail('credit_exceeds_invoice', 'The credit is more than is left to credit on the invoice.', {
      creditableMinor: available.toString(),
    });
  }
  const shares = open.map((l, index) => {
    const exact = amountMinor * l.remainingMinor;
    return { id: l.id, index, amountMinor: exact / available, fraction: exact % available };
  });
  let missing = amountMinor - shares.reduce((sum, s) => sum + s.amountMinor, 0n);
  // A share with a fractional part is strictly below its line's remainder (amount < available), so one
  // more unit still fits; there are fewer missing units than lines with a fraction.
  const byFraction = [...shares].sort((a, b) =>
    a.fraction === b.fraction ? a.index - b.index : a.fraction > b.fraction ? -1 : 1,
  );
  for (const share of byFraction) {
    if (missing === 0n) break;
    share.amountMinor += 1n;
    missing -= 1n;
  }
  return shares.filter((s) => s.amountMinor > 0n).map((s) => ({ id: s.id, amountMinor: s.amountMinor }));
}

/** What to credit: the whole invoice, chosen lines (each in full, or an amount), or an amount spread. */
export type CreditRequest =
  | { kind: 'whole' }
  | { kind: 'lines'; lines: { id: bigint; amountMinor?: bigint }[] }
  | { kind: 'amount'; amountMinor: bigint };

export interface CreditNotePlan {
  lines: { invoiceLineId: bigint; amountMinor: bigint; taxMinor: bigint }[];
  subtotalMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
}

/**
 * The lines and totals of a credit note against an invoice whose total is `invoiceTotalMinor`, which
 * credit notes already credited by `creditedMinor` (tax included). The credits on an invoice never add up
 * to more than its total (`credit_exceeds_invoice`), nor on a line to more than the line
 * (`credit_exceeds_line`).
 */
export function planCreditNote(
  invoice: { currency: CurrencyCode; totalMinor: bigint; creditedMinor: bigint; lines: CreditableLine[] },
  request: CreditRequest,
): CreditNotePlan {
  const byId = new Map(invoice.lines.map((l) => [l.id, l]));
  const format = (minor: bigint) => formatMoney({ minor: minor > 0n ? minor : 0n, currency: invoice.currency });
  let credits: Allocation[];
  if (request.kind === 'whole') {
    // Every line's remainder, adjustment (negative) lines included, so the note is the invoice's remaining total.
    credits = invoice.lines
      .map((l) => ({ id: l.id, amountMinor: remainingCreditMinor(l) }))
      .filter((c) => c.amountMinor !== 0n);
  } else if (request.kind === 'amount') {
    const remainders = invoice.lines.map((l) => ({ id: l.id, remainingMinor: remainingCreditMinor(l) }));
    const available = remainders.reduce((sum, r) => sum + (r.remainingMinor > 0n ? r.remainingMinor : 0n), 0n);
    if (request.amountMinor > available) {
      fail(
        'credit_exceeds_invoice',
        `${format(request.amountMinor)} is more than the ${format(available)} ${invoice.currency} (before tax) left to credit on the invoice.`,
        { creditable: format(available) },
      );
    }
    credits = allocateCredit(request.amountMinor, remainders);
  } else {
    if (request.lines.length === 0) {
      fail('validation_failed', 'Name at least one invoice line to credit.', { field: 'lines' });
    }
    const seen = new Set<bigint>();
    credits = request.lines.map((wanted) => {
      const line = byId.get(wanted.id);
      if (!line) {
        fail('invoice_line_not_found', `Line ${wanted.id} is not a line of this invoice.`, {
          lineId: wanted.id.toString(),
        });
      }
      if (seen.has(wanted.id)) {
        fail('validation_failed', `Line ${wanted.id} is named twice.`, {
          field: 'lines',
          lineId: wanted.id.toString(),
        });
      }
      seen.add(wanted.id);
      const remaining = remainingCreditMinor(line);
      const amountMinor = wanted.amountMinor ?? remaining;
      if (wanted.amountMinor !== undefined && wanted.amountMinor <= 0n) {
        fail('validation_failed', `The credit on line ${wanted.id} must be more than zero.`, {
          field: 'lines',
          lineId: wanted.id.toString(),
        });
      }
      if (remaining <= 0n) {
        fail('credit_exceeds_line', `Nothing is left to credit on line ${wanted.id}.`, {
          lineId: wanted.id.toString(),
          creditable: format(0n),
        });
      }
      if (amountMinor > remaining) {
        fail(
          'credit_exceeds_line',
          `${format(amountMinor)} is more than the ${format(remaining)} ${invoice.currency} (before tax) left to credit on line ${wanted.id}.`,
          { lineId: wanted.id.toString(), creditable: format(remaining) },
        );
      }
      return { id: wanted.id, amountMinor };
    });
  }

  const lines = credits.map((c) => ({
    invoiceLineId: c.id,
    amountMinor: c.amountMinor,
    taxMinor: creditTaxMinor(byId.get(c.id)!, c.amountMinor),
  }));
  const subtotalMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0n);
  const taxMinor = lines.reduce((sum, l) => sum + l.taxMinor, 0n);
  const totalMinor = subtotalMinor + taxMinor;
  const left = invoice.totalMinor - invoice.creditedMinor;
  if (totalMinor <= 0n || totalMinor > left) {
    fail(
      'credit_exceeds_invoice',
      left <= 0n
        ? 'Nothing is left to credit on the invoice.'
        : `A credit note of ${format(totalMinor)} ${invoice.currency} (tax included) is more than the ${format(left)} left of the invoice total.`,
      { creditable: format(left), credit: format(totalMinor) },
    );
  }
  return { lines, subtotalMinor, taxMinor, totalMinor };
}
