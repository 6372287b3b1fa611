import { describe, expect, it } from 'vitest';
import { checkContractLink, type ContractLinkKind } from '../../src/domain/contract-link.ts';
import { errorCodeOf } from './error-code.ts';

const original = { id: '1', start: '2026-01-01', end: '2026-12-31' };
const term = (start: string, end: string) => ({ id: '2', start, end });

describe('checkContractLink: renewals may not overlap; amendments start within the term', () => {
  it.each([
    { kind: 'renewal', later: term('2027-01-01', '2027-12-31'), code: null },
    { kind: 'renewal', later: term('2027-03-01', '2028-02-29'), code: null },
    { kind: 'renewal', later: term('2026-12-31', '2027-12-30'), code: 'revenue_link_overlap' },
    { kind: 'renewal', later: term('2026-06-01', '2027-05-31'), code: 'revenue_link_overlap' },
    { kind: 'renewal', later: term('2025-01-01', '2025-12-31'), code: 'revenue_link_invalid' },
    { kind: 'renewal', later: { ...original }, code: 'revenue_link_invalid' },
    { kind: 'amendment', later: term('2026-07-01', '2026-12-31'), code: null },
    { kind: 'amendment', later: term('2026-01-01', '2026-03-31'), code: null },
    { kind: 'amendment', later: term('2027-01-01', '2027-06-30'), code: 'revenue_link_invalid' },
    { kind: 'amendment', later: term('2025-12-01', '2026-06-30'), code: 'revenue_link_invalid' },
  ])('$kind $later.start – $later.end → $code', ({ kind, later, code }) => {
    expect(errorCodeOf(() => checkContractLink(kind as ContractLinkKind, original, later))).toBe(code);
  });
});
