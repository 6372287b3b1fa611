import { describe, expect, it } from 'vitest';
import {
  changedFields,
  type ContractSnapshot,
  contractSnapshot,
  type FieldConflict,
  fieldConflicts,
  fieldOfKey,
  lineOfKey,
  settledAgreement,
} from '../../src/domain/contract-snapshot.ts';

describe('fieldConflicts: a field changed on both sides since they last agreed, to different values', () => {
  const agreed: ContractSnapshot = { name: 'Acme 2026', stage: 'Closed Won', 'line:00k1.quantity': '10' };
  it.each<{ what: string; revbridge: ContractSnapshot; salesforce: ContractSnapshot; conflicts: FieldConflict[] }>([
    { what: 'nothing changed', revbridge: agreed, salesforce: agreed, conflicts: [] },
    { what: 'revbridge alone changed it', revbridge: { ...agreed, name: 'A' }, salesforce: agreed, conflicts: [] },
    { what: 'Salesforce alone changed it', revbridge: agreed, salesforce: { ...agreed, name: 'S' }, conflicts: [] },
    {
      what: 'both changed it to the same value',
      revbridge: { ...agreed, name: 'Same' },
      salesforce: { ...agreed, name: 'Same' },
      conflicts: [],
    },
    {
      what: 'both changed it differently',
      revbridge: { ...agreed, name: 'A' },
      salesforce: { ...agreed, name: 'S' },
      conflicts: [{ field: 'name', synced: 'Acme 2026', revbridge: 'A', salesforce: 'S' }],
    },
    {
      what: 'each changed another field',
      revbridge: { ...agreed, name: 'A' },
      salesforce: { ...agreed, stage: 'Closed Lost' },
      conflicts: [],
    },
    {
      what: 'one cleared it, the other changed it',
      revbridge: { name: 'Acme 2026', stage: 'Closed Won' },
      salesforce: { ...agreed, 'line:00k1.quantity': '11' },
      conflicts: [{ field: 'line:00k1.quantity', synced: '10', revbridge: null, salesforce: '11' }],
    },
    {
      what: 'both set a field that was empty',
      revbridge: { ...agreed, assignedArr: '100' },
      salesforce: { ...agreed, assignedArr: '200' },
      conflicts: [{ field: 'assignedArr', synced: null, revbridge: '100', salesforce: '200' }],
    },
  ])('$what', ({ revbridge, salesforce, conflicts }) => {
    expect(fieldConflicts(agreed, revbridge, salesforce)).toEqual(conflicts);
  });
});

describe('settledAgreement: Salesforce’s value of each field in conflict becomes the agreed one', () => {
  const agreed: ContractSnapshot = { name: 'Acme 2026', 'line:00k1.quantity': '10', assignedArr: '100' };
  it.each<{ what: string; conflicts: Array<Pick<FieldConflict, 'field' | 'salesforce'>>; settled: ContractSnapshot }>([
    { what: 'no conflict', conflicts: [], settled: agreed },
    {
      what: 'a changed value',
      conflicts: [{ field: 'name', salesforce: 'Acme FY26' }],
      settled: { ...agreed, name: 'Acme FY26' },
    },
    {
      what: 'a value Salesforce cleared',
      conflicts: [{ field: 'assignedArr', salesforce: null }],
      settled: { name: 'Acme 2026', 'line:00k1.quantity': '10' },
    },
    {
      what: 'a field that was empty',
      conflicts: [{ field: 'assignedMrr', salesforce: '9' }],
      settled: { ...agreed, assignedMrr: '9' },
    },
    {
      what: 'several at once, the rest untouched',
      conflicts: [
        { field: 'line:00k1.quantity', salesforce: '13' },
        { field: 'assignedArr', salesforce: null },
      ],
      settled: { name: 'Acme 2026', 'line:00k1.quantity': '13' },
    },
  ])('$what', ({ conflicts, settled }) => {
    expect(settledAgreement(agreed, conflicts)).toEqual(settled);
    expect(agreed).toEqual({ name: 'Acme 2026', 'line:00k1.quantity': '10', assignedArr: '100' });
  });
});

describe('contractSnapshot', () => {
  it('flattens a contract: amounts in minor units, quantities canonical, lines by key', () => {
    expect(
      contractSnapshot({
        name: 'Acme',
        stage: 'Closed Won',
        closeDate: '2026-01-10',
        start: '2026-01-01',
        end: '2026-12-31',
        assignedArrMinor: null,
        assignedMrrMinor: 100n,
        lines: [
          {
            key: '00k1',
            productId: 7n,
            quantity: '10.000',
            start: '2026-01-01',
            end: '2026-12-31',
            revenueMinor: 1200000n,
          },
        ],
      }),
    ).toEqual({
      name: 'Acme',
      stage: 'Closed Won',
      closeDate: '2026-01-10',
      start: '2026-01-01',
      end: '2026-12-31',
      assignedMrr: '100',
      'line:00k1.product': '7',
      'line:00k1.quantity': '10',
      'line:00k1.start': '2026-01-01',
      'line:00k1.end': '2026-12-31',
      'line:00k1.revenue': '1200000',
    });
  });

  it.each([
    ['name', 'name', undefined],
    ['line:00k1.quantity', 'line.quantity', '00k1'],
    ['line:3f2a-9c.revenue', 'line.revenue', '3f2a-9c'],
  ])('%s is the field %s of line %s', (key, field, line) => {
    expect(fieldOfKey(key)).toBe(field);
    expect(lineOfKey(key)).toBe(line);
  });

  it('changedFields lists what differs, present on one side only included', () => {
    expect(changedFields({ a: '1', b: '2', c: '3' }, { a: '1', b: '9', d: '4' })).toEqual(['b', 'c', 'd']);
  });
});
