import { daysInclusive } from './billing-period.ts';
import { fail } from './errors.ts';
import { MONTH_TICKS, monthTicks, type ProrationFactor } from './proration.ts';
import { roundedQuotient } from './rate.ts';

/** How long a term is, in months: the denominator of MRR (revenue for the entire term ÷ months). */
export type TermLengthRule = 'months' | 'days';
export const TERM_LENGTH_RULES = ['months', 'days'] as const satisfies readonly TermLengthRule[];

/**
 * The period-length rule, by name. `months` (the default) measures a term the way billing prorates: a whole
 * calendar month counts 1 and part of one its days over that month's days, so 1 Jan–31 Dec is 12 months and
 * so is 15 Jan–14 Jan next year, leap year or not. `days` counts the term's days (both ends) over 365/12, so a
 * 365-day term is 12 months and a leap year's 366 days are 12.03.
 */
export const TERM_LENGTH_RULE_TEXT: Readonly<Record<TermLengthRule, string>> = {
  months: 'months covered, a whole calendar month counting 1 and part of one its days over that month’s days',
  days: 'days covered (both ends counted) over 365/12',
};

/**
 * The term `start`..`end` (both counted) in months by `rule`, as an exact fraction (months =
 * numerator ÷ denominator), so revenue is divided once, exactly, and rounded once.
 */
export function termMonths(start: string, end: string, rule: TermLengthRule): ProrationFactor {
  if (rule === 'days') return { numerator: daysInclusive(start, end) * 12, denominator: 365 };
  return { numerator: monthTicks(start, end), denominator: MONTH_TICKS };
}

/** What one contract line contributes to recurring revenue, in minor units of the tenant currency. */
export interface RecurringRevenue {
  arrMinor: bigint;
  mrrMinor: bigint;
}

export interface LineRevenueInput {
  /** Revenue for the line's entire term. */
  revenueMinor: bigint;
  /** The product is sold by subscription (Product2.Is_Recurring__c); one-time revenue is in ACV only. */
  recurring: boolean;
  start: string | null;
  end: string | null;
  /** Item Assigned ARR / MRR: an admin's figures, which win over the computed ones. */
  assignedArrMinor: bigint | null;
  assignedMrrMinor: bigint | null;
}

/**
 * A line's ARR and MRR: MRR = term revenue ÷ term months, ARR = term revenue × 12 ÷ term months (each
 * rounded once, half up, so a one-year term's ARR is its revenue to the cent). Item Assigned ARR and/or
 * MRR override: one given alone sets the other (MRR = ARR ÷ 12, ARR = MRR × 12). A one-time line adds
 * nothing unless assigned. A recurring line without a term is the caller's refusal (`contractTerm`).
 */
export function lineRecurringRevenue(line: LineRevenueInput, rule: TermLengthRule): RecurringRevenue {
  const { assignedArrMinor: arr, assignedMrrMinor: mrr } = line;
  if (arr !== null && mrr !== null) return { arrMinor: arr, mrrMinor: mrr };
  if (arr !== null) return { arrMinor: arr, mrrMinor: roundedQuotient(arr, 12n) };
  if (mrr !== null) return { arrMinor: mrr * 12n, mrrMinor: mrr };
  if (!line.recurring) return { arrMinor: 0n, mrrMinor: 0n };
  if (line.start === null || line.end === null) {
    fail('revenue_term_missing', 'A recurring line has no term dates.');
  }
  // revenue ÷ (numerator ÷ denominator) months, divided once and rounded once.
  const months = termMonths(line.start, line.end, rule);
  const perMonth = line.revenueMinor * BigInt(months.denominator);
  const termLength = BigInt(months.numerator);
  return { arrMinor: roundedQuotient(perMonth * 12n, termLength), mrrMinor: roundedQuotient(perMonth, termLength) };
}

/**
 * Assigned ARR and Assigned MRR on a contract replace its computed revenue only together (the seed's rule):
 * one without the other is `revenue_assigned_incomplete`.
 */
export function contractAssignedRevenue(
  assignedArrMinor: bigint | null,
  assignedMrrMinor: bigint | null,
): RecurringRevenue | null {
  if (assignedArrMinor === null && assignedMrrMinor === null) return null;
  if (assignedArrMinor === null || assignedMrrMinor === null) {
    fail(
      'revenue_assigned_incomplete',
      `Assigned ${assignedArrMinor === null ? 'MRR' : 'ARR'} is set without Assigned ${assignedArrMinor === null ? 'ARR' : 'MRR'}; set both, or neither.`,
    );
  }
  return { arrMinor: assignedArrMinor, mrrMinor: assignedMrrMinor };
}

/** The day a line is in force on for a contract read as of `asOf`: the day itself, clamped into the term. */
export function dayWithinTerm(asOf: string, start: string, end: string): string {
  if (asOf < start) return start;
  return asOf > end ? end : asOf;
}

/** A contract line as its contract's sums need it. */
export interface SummedLine {
  start: string;
  end: string;
  recurring: boolean;
  revenueMinor: bigint;
  arrMinor: bigint;
  mrrMinor: bigint;
}

/**
 * Every line of a contract spans its whole term (none starts or ends inside it), so its ARR is the same on every day
 * of the term. A contract without lines does not.
 */
export function everyLineSpansTerm(
  term: { start: string; end: string },
  lines: ReadonlyArray<{ start: string; end: string }>,
): boolean {
  return lines.length > 0 && lines.every((l) => l.start === term.start && l.end === term.end);
}

/** What a contract keeps of its lines, so the metrics need not read them (contracts' `uniform` and sums). */
export interface ContractSums {
  /** `everyLineSpansTerm`: its ARR is the same on every day of its term. */
  uniform: boolean;
  /** Some line is recurring. */
  recurring: boolean;
  arrMinor: bigint;
  mrrMinor: bigint;
  /** Term revenue of its one-time lines. */
  oneTimeMinor: bigint;
  revenueMinor: bigint;
}

/**
 * A contract's sums of its lines: ARR, MRR, one-time and term revenue, whether any line is recurring, and whether
 * its ARR is the same on every day of its term (`everyLineSpansTerm`).
 */
export function contractSums(term: { start: string; end: string }, lines: readonly SummedLine[]): ContractSums {
  const sums: ContractSums = {
    uniform: everyLineSpansTerm(term, lines),
    recurring: false,
    arrMinor: 0n,
    mrrMinor: 0n,
    oneTimeMinor: 0n,
    revenueMinor: 0n,
  };
  for (const l of lines) {
    sums.arrMinor += l.arrMinor;
    sums.mrrMinor += l.mrrMinor;
    sums.revenueMinor += l.revenueMinor;
    if (l.recurring) sums.recurring = true;
    else sums.oneTimeMinor += l.revenueMinor;
  }
  return sums;
}
