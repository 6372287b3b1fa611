import { describe, expect, it } from 'vitest';
import { contractTerm, type TermDates, type TermLine } from '../../src/domain/contract-term.ts';
import { errorCodeOf } from './error-code.ts';

const none: TermDates = { start: null, end: null };
const recurring = (start: string | null, end: string | null): TermLine => ({
  recurring: true,
  start,
  end,
  label: 'SEATS',
});
const oneTime = (start: string | null = null, end: string | null = null): TermLine => ({
  recurring: false,
  start,
  end,
  label: 'SETUP',
});

describe('contractTerm: opportunity dates override line dates; the contract spans its lines', () => {
  it.each([
    {
      what: 'line dates only',
      opportunity: none,
      lines: [recurring('2026-01-01', '2026-12-31'), recurring('2026-03-01', '2027-02-28')],
      term: { start: '2026-01-01', end: '2027-02-28' },
      lineTerms: [
        ['2026-01-01', '2026-12-31'],
        ['2026-03-01', '2027-02-28'],
      ],
    },
    {
      what: 'opportunity dates override every line',
      opportunity: { start: '2026-02-01', end: '2027-01-31' },
      lines: [recurring('2026-01-01', '2026-12-31'), recurring(null, null)],
      term: { start: '2026-02-01', end: '2027-01-31' },
      lineTerms: [
        ['2026-02-01', '2027-01-31'],
        ['2026-02-01', '2027-01-31'],
      ],
    },
    {
      what: 'field by field: the opportunity end, the line start',
      opportunity: { start: null, end: '2026-12-31' },
      lines: [recurring('2026-04-01', null)],
      term: { start: '2026-04-01', end: '2026-12-31' },
      lineTerms: [['2026-04-01', '2026-12-31']],
    },
    {
      what: 'a one-time line without dates falls on the close date',
      opportunity: none,
      lines: [recurring('2026-01-01', '2026-12-31'), oneTime()],
      term: { start: '2026-01-01', end: '2026-12-31' },
      lineTerms: [
        ['2026-01-01', '2026-12-31'],
        ['2026-01-20', '2026-01-20'],
      ],
    },
    {
      what: 'no lines: the opportunity dates',
      opportunity: { start: '2026-01-01', end: '2026-06-30' },
      lines: [],
      term: { start: '2026-01-01', end: '2026-06-30' },
      lineTerms: [],
    },
    {
      what: 'no lines, no dates: the close date',
      opportunity: none,
      lines: [],
      term: { start: '2026-01-20', end: '2026-01-20' },
      lineTerms: [],
    },
  ])('$what', ({ opportunity, lines, term, lineTerms }) => {
    const result = contractTerm(opportunity, lines, '2026-01-20');
    expect({ start: result.start, end: result.end }).toEqual(term);
    expect(result.lines.map((l) => [l.start, l.end])).toEqual(lineTerms);
  });

  it.each([
    {
      what: 'a recurring line without an end',
      opportunity: none,
      lines: [recurring('2026-01-01', null)],
      code: 'revenue_term_missing',
    },
    {
      what: 'a recurring line without dates',
      opportunity: none,
      lines: [recurring(null, null)],
      code: 'revenue_term_missing',
    },
    {
      what: 'a line ending before it starts',
      opportunity: none,
      lines: [recurring('2026-02-01', '2026-01-31')],
      code: 'revenue_term_invalid',
    },
    {
      what: 'opportunity dates reversed',
      opportunity: { start: '2026-12-31', end: '2026-01-01' },
      lines: [oneTime()],
      code: 'revenue_term_invalid',
    },
  ])('$what → $code', ({ opportunity, lines, code }) => {
    expect(errorCodeOf(() => contractTerm(opportunity, lines, '2026-01-20'))).toBe(code);
  });

  it('the refusal names the line', () => {
    expect(() => contractTerm(none, [recurring('2026-01-01', null)], '2026-01-20')).toThrow(
      'SEATS is recurring but has no term end date',
    );
  });
});
