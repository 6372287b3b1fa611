import { describe, expect, it } from 'vitest';
import {
  type ContractStanding,
  churnDate,
  contractState,
  countsInArr,
  stageCategoryFromOrg,
} from '../../src/domain/contract-state.ts';

describe('stageCategoryFromOrg: a new stage key starts from the org’s stage metadata', () => {
  it.each([
    { stage: { isClosed: true, isWon: true }, category: 'booked' },
    { stage: { isClosed: true, isWon: false }, category: 'lost' },
    { stage: { isClosed: false, isWon: false }, category: 'forecast' },
    { stage: undefined, category: 'forecast' },
  ])('$stage → $category', ({ stage, category }) => {
    expect(stageCategoryFromOrg(stage)).toBe(category);
  });
});

describe('churnDate', () => {
  it.each([
    {
      what: 'both dates on the contract',
      own: ['2026-09-30', '2026-08-15'],
      renewalLost: false,
      lostRenewalDate: null,
      date: '2026-09-30',
    },
    {
      what: 'only the effective date, no lost renewal',
      own: ['2026-09-30', null],
      renewalLost: false,
      lostRenewalDate: null,
      date: null,
    },
    {
      what: 'only the termination date',
      own: [null, '2026-08-15'],
      renewalLost: false,
      lostRenewalDate: null,
      date: null,
    },
    {
      what: 'renewal lost, effective date on the contract',
      own: ['2026-12-31', null],
      renewalLost: true,
      lostRenewalDate: null,
      date: '2026-12-31',
    },
    {
      what: 'renewal lost, effective date on the renewal',
      own: [null, null],
      renewalLost: true,
      lostRenewalDate: '2027-01-31',
      date: '2027-01-31',
    },
    {
      what: 'renewal lost without any effective date',
      own: [null, null],
      renewalLost: true,
      lostRenewalDate: null,
      date: null,
    },
  ])('$what → $date', ({ own, renewalLost, lostRenewalDate, date }) => {
    expect(
      churnDate({
        terminatedEffectiveDate: own[0],
        terminationDate: own[1],
        renewalLost,
        lostRenewalTerminatedEffectiveDate: lostRenewalDate,
      }),
    ).toBe(date);
  });
});

const booked: ContractStanding = {
  status: 'booked',
  start: '2026-01-01',
  end: '2026-12-31',
  recurring: true,
  churnedOn: null,
  renewalBooked: false,
};

const upsell: ContractStanding = { ...booked, start: '2026-07-01' };

describe('contractState and countsInArr on a day', () => {
  it.each([
    { what: 'booked, in its term', c: booked, asOf: '2026-06-01', state: 'active', arr: true },
    { what: 'booked, before its start', c: booked, asOf: '2025-12-31', state: 'active', arr: false },
    { what: 'booked, on its last day', c: booked, asOf: '2026-12-31', state: 'active', arr: true },
    {
      what: 'booked, past its end, no renewal: overdue and still in ARR',
      c: booked,
      asOf: '2027-01-01',
      state: 'overdue',
      arr: true,
    },
    {
      what: 'past its end with a booked renewal',
      c: { ...booked, renewalBooked: true },
      asOf: '2027-01-01',
      state: 'renewed',
      arr: false,
    },
    {
      what: 'renewal booked, still in its own term',
      c: { ...booked, renewalBooked: true },
      asOf: '2026-11-01',
      state: 'active',
      arr: true,
    },
    {
      what: 'one-time only, past its end',
      c: { ...booked, recurring: false },
      asOf: '2027-01-01',
      state: 'ended',
      arr: false,
    },
    {
      what: 'churned from its effective date',
      c: { ...booked, churnedOn: '2026-09-30' },
      asOf: '2026-09-30',
      state: 'churned',
      arr: false,
    },
    {
      what: 'notice given, not yet effective',
      c: { ...booked, churnedOn: '2026-09-30' },
      asOf: '2026-09-29',
      state: 'active',
      arr: true,
    },
    {
      what: 'overdue then churned',
      c: { ...booked, churnedOn: '2027-02-01' },
      asOf: '2027-03-01',
      state: 'churned',
      arr: false,
    },
    {
      what: 'forecast, in its term',
      c: { ...booked, status: 'forecast' as const },
      asOf: '2026-06-01',
      state: 'active',
      arr: false,
    },
    {
      what: 'forecast, past its end',
      c: { ...booked, status: 'forecast' as const },
      asOf: '2027-06-01',
      state: 'ended',
      arr: false,
    },
    { what: 'lost', c: { ...booked, status: 'lost' as const }, asOf: '2026-06-01', state: 'ended', arr: false },
    {
      what: 'an amendment past its end, its contract overdue: overdue with it',
      c: { ...upsell, amends: booked },
      asOf: '2027-01-15',
      state: 'overdue',
      arr: true,
    },
    {
      what: 'an amendment past its end, its contract renewed: renewed with it',
      c: { ...upsell, amends: { ...booked, renewalBooked: true } },
      asOf: '2027-01-15',
      state: 'renewed',
      arr: false,
    },
    {
      what: 'a short amendment past its end, its contract still running: ended',
      c: { ...upsell, end: '2026-09-30', amends: booked },
      asOf: '2026-10-15',
      state: 'ended',
      arr: false,
    },
    {
      what: 'an amendment churns with its contract',
      c: { ...upsell, amends: { ...booked, churnedOn: '2026-10-01' } },
      asOf: '2026-10-01',
      state: 'churned',
      arr: false,
    },
    {
      what: 'an amendment of a forecast contract is on its own',
      c: { ...upsell, amends: { ...booked, status: 'forecast' as const } },
      asOf: '2027-01-15',
      state: 'overdue',
      arr: true,
    },
  ])('$what → $state', ({ c, asOf, state, arr }) => {
    expect(contractState(c, asOf)).toBe(state);
    expect(countsInArr(c, asOf)).toBe(arr);
  });
});
