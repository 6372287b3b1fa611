import { describe, expect, it } from 'vitest';
import { type ArTerm, arTermDays, arTermLabel } from '../../src/domain/ar-term.ts';
import { errorCodeOf } from './error-code.ts';

const TERMS: ArTerm[] = [
  { code: 'Net 0', days: 0 },
  { code: 'Net 15', days: 15 },
  { code: 'Net 30', days: 30 },
  { code: 'Net 45', days: 45 },
  { code: 'Due on receipt + 7', days: 7 },
];

describe('arTermDays — the Salesforce AR Term label to the days billing keeps', () => {
  it.each([
    { label: 'Net 30', days: 30 },
    { label: 'Net 0', days: 0 },
    { label: 'net 15', days: 15 },
    { label: '  NET 45 ', days: 45 },
    { label: 'Due on receipt + 7', days: 7 },
  ])('"$label" → $days', ({ label, days }) => {
    expect(arTermDays(label, TERMS)).toBe(days);
  });

  it.each(['Net 31', 'Net30', '30', ''])('"%s" is ar_term_unknown', (label) => {
    expect(errorCodeOf(() => arTermDays(label, TERMS))).toBe('ar_term_unknown');
  });

  it('names the terms that exist, or says there are none', () => {
    expect(() => arTermDays('Net 90', TERMS)).toThrow(/"Net 0", "Net 15", "Net 30", "Net 45"/);
    expect(() => arTermDays('Net 30', [])).toThrow(/none yet/);
  });
});

describe('arTermLabel — the days an account holds to the label Salesforce shows', () => {
  it.each([
    { days: 30, label: 'Net 30' },
    { days: 0, label: 'Net 0' },
    { days: 7, label: 'Due on receipt + 7' },
    // Any whole number 0–365 is a valid AR term in billing; the picklist is left blank when none names it.
    { days: 31, label: null },
    { days: 365, label: null },
  ])('$days days → $label', ({ days, label }) => {
    expect(arTermLabel(days, TERMS)).toBe(label);
  });

  it('round-trips every named term', () => {
    for (const term of TERMS) expect(arTermDays(arTermLabel(term.days, TERMS)!, TERMS)).toBe(term.days);
  });
});
