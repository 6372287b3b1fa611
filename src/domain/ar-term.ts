import { fail } from './errors.ts';

/** A named accounts-receivable term billing defines: "Net 30" gives 30 days to pay. */
export interface ArTerm {
  code: string;
  days: number;
}

/**
 * Salesforce carries an AR term as its label (the Account's AR Term picklist, "Net 30"); billing keeps the
 * days. Labels match without regard to case or surrounding spaces, as the picklist value and the list may be
 * typed differently; a label billing does not define is `ar_term_unknown`, naming the ones it does.
 */
export function arTermDays(label: string, terms: readonly ArTerm[]): number {
  const wanted = label.trim().toLowerCase();
  const found = terms.find((t) => t.code.toLowerCase() === wanted);
  if (!found) {
    fail('ar_term_unknown', `AR term "${label}" is not defined in billing; the AR terms are ${knownTerms(terms)}.`, {
      value: label,
      known: terms.map((t) => t.code),
    });
  }
  return found.days;
}

/**
 * The label to show in Salesforce for an account's days, or null when no term has those days (an account set
 * through the API may hold any whole number 0–365; the picklist is then left blank rather than guessed).
 * Days are unique in the list, so at most one term matches.
 */
export function arTermLabel(days: number, terms: readonly ArTerm[]): string | null {
  return terms.find((t) => t.days === days)?.code ?? null;
}

function knownTerms(terms: readonly ArTerm[]): string {
  return terms.length === 0 ? 'none yet' : terms.map((t) => `"${t.code}"`).join(', ');
}
