import { fail } from './errors.ts';

export interface TermDates {
  start: string | null;
  end: string | null;
}

export interface TermLine extends TermDates {
  recurring: boolean;
  /** How the line is named in an error (`line 00k…`, the product's code). */
  label: string;
}

/** Where an import tells a person to set a recurring line's missing dates: on the opportunity or its line item. */
export const SALESFORCE_TERM_REMEDY = 'set Term Start Date and Term End Date on the opportunity or the line item';

export interface ContractTerm {
  start: string;
  end: string;
  /** Each line's term, in the order given. */
  lines: Array<{ start: string; end: string }>;
}

/**
 * The terms of a contract and of each of its lines (seed 004). Dates on the opportunity override dates on
 * its line items, field by field. A recurring line must end up with both dates (`revenue_term_missing`); a
 * one-time line without dates falls on the opportunity's close date. No term may end before it starts
 * (`revenue_term_invalid`). The contract runs from its earliest line start to its latest line end; a contract
 * without lines takes the opportunity's dates, or its close date. `remedy` says, in the refusal, where the person
 * sets the missing dates: on the opportunity in Salesforce, or on the contract made in revbridge.
 */
export function contractTerm(
  opportunity: TermDates,
  lines: readonly TermLine[],
  closeDate: string,
  remedy: string = SALESFORCE_TERM_REMEDY,
): ContractTerm {
  const checked = (start: string, end: string, label: string) => {
    if (end < start) {
      fail('revenue_term_invalid', `The term of ${label} ends (${end}) before it starts (${start}).`, { start, end });
    }
    return { start, end };
  };
  const terms = lines.map((line) => {
    const start = opportunity.start ?? line.start;
    const end = opportunity.end ?? line.end;
    if (start !== null && end !== null) return checked(start, end, line.label);
    if (line.recurring) {
      fail(
        'revenue_term_missing',
        `${line.label} is recurring but has no term ${start === null ? 'start' : 'end'} date; ${remedy}.`,
      );
    }
    const on = start ?? end ?? closeDate;
    return checked(start ?? on, end ?? on, line.label);
  });
  if (terms.length === 0) {
    const start = opportunity.start ?? closeDate;
    return { ...checked(start, opportunity.end ?? start, 'the opportunity'), lines: [] };
  }
  const start = terms.reduce((min, t) => (t.start < min ? t.start : min), terms[0].start);
  const end = terms.reduce((max, t) => (t.end > max ? t.end : max), terms[0].end);
  return { start, end, lines: terms };
}
