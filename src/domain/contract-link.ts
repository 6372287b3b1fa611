import { fail } from './errors.ts';

export type ContractLinkKind = 'renewal' | 'amendment';
export const CONTRACT_LINK_KINDS = ['renewal', 'amendment'] as const satisfies readonly ContractLinkKind[];

interface Term {
  start: string;
  end: string;
}

/**
 * Whether a link made in revbridge may join `earlier` to `later` (seed 004): a renewal only when their terms do
 * not overlap and the renewal does not end before the original starts; an amendment only when it starts within
 * the term it amends. Links an import brings from Salesforce are taken as they are and never checked here.
 */
export function checkContractLink(
  kind: ContractLinkKind,
  earlier: Term & { id: string },
  later: Term & { id: string },
): void {
  if (earlier.id === later.id) fail('revenue_link_invalid', 'A contract cannot renew or amend itself.');
  if (kind === 'renewal') {
    if (later.end < earlier.start) {
      fail(
        'revenue_link_invalid',
        `The renewal ends (${later.end}) before the contract it renews starts (${earlier.start}).`,
      );
    }
    if (later.start <= earlier.end) {
      fail(
        'revenue_link_overlap',
        `The renewal starts on ${later.start}, within the term it renews (${earlier.start} to ${earlier.end}).`,
      );
    }
    return;
  }
  if (later.start < earlier.start || later.start > earlier.end) {
    fail(
      'revenue_link_invalid',
      `The amendment starts on ${later.start}, outside the term it amends (${earlier.start} to ${earlier.end}).`,
    );
  }
}
