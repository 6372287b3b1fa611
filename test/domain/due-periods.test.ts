import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type BillingCycle, type BillingPeriod } from '../../src/domain/billing-period.ts';
import { billingHorizon, dueRanges, uncoveredRanges } from '../../src/domain/due-periods.ts';

const range = (start: string, end: string): BillingPeriod => ({ start, end });

describe('billingHorizon: the last day a run bills', () => {
  it.each([
    { cycle: 'monthly', date: '2026-03-15', advance: '2026-03-31', arrears: '2026-02-28' },
    { cycle: 'monthly', date: '2026-03-31', advance: '2026-03-31', arrears: '2026-03-31' }, // a month-end run
    { cycle: 'monthly', date: '2026-04-01', advance: '2026-04-30', arrears: '2026-03-31' }, // the day after
    { cycle: 'quarterly', date: '2026-05-31', advance: '2026-06-30', arrears: '2026-03-31' },
    { cycle: 'quarterly', date: '2026-06-30', advance: '2026-06-30', arrears: '2026-06-30' },
    { cycle: 'annual', date: '2026-12-31', advance: '2026-12-31', arrears: '2026-12-31' },
  ] as const)(
    '$cycle on $date: in advance to $advance, in arrears to $arrears',
    ({ cycle, date, advance, arrears }) => {
      expect(billingHorizon(cycle, date, 'in_advance')).toBe(advance);
      expect(billingHorizon(cycle, date, 'in_arrears')).toBe(arrears);
    },
  );
});

describe('uncoveredRanges', () => {
  it.each([
    { what: 'nothing covered', covered: [], gaps: [range('2026-01-01', '2026-03-31')] },
    {
      what: 'a hole in the middle (a voided invoice)',
      covered: [range('2026-01-01', '2026-01-31'), range('2026-03-01', '2026-03-31')],
      gaps: [range('2026-02-01', '2026-02-28')],
    },
    {
      what: 'all covered, out of order',
      covered: [range('2026-02-01', '2026-03-31'), range('2026-01-01', '2026-01-31')],
      gaps: [],
    },
    {
      what: 'a quarter covers later months',
      covered: [range('2025-12-01', '2026-02-28')],
      gaps: [range('2026-03-01', '2026-03-31')],
    },
    {
      what: 'coverage past the end',
      covered: [range('2026-03-15', '2026-06-30')],
      gaps: [range('2026-01-01', '2026-03-14')],
    },
  ])('$what', ({ covered, gaps }) => {
    expect(uncoveredRanges('2026-01-01', '2026-03-31', covered)).toEqual(gaps);
  });
});

describe('dueRanges', () => {
  const base = { activeTo: null, covered: [] as BillingPeriod[] };
  it.each([
    {
      what: 'in advance, catching up every missed month',
      input: { ...base, cycle: 'monthly', runDate: '2026-03-10', timing: 'in_advance', activeFrom: '2026-01-15' },
      due: [range('2026-01-15', '2026-01-31'), range('2026-02-01', '2026-02-28'), range('2026-03-01', '2026-03-31')],
    },
    {
      what: 'in arrears: only ended periods',
      input: { ...base, cycle: 'monthly', runDate: '2026-03-10', timing: 'in_arrears', activeFrom: '2026-01-01' },
      due: [range('2026-01-01', '2026-01-31'), range('2026-02-01', '2026-02-28')],
    },
    {
      what: 'quarterly after monthly: the covered months are not billed again',
      input: {
        ...base,
        cycle: 'quarterly',
        runDate: '2026-04-02',
        timing: 'in_advance',
        activeFrom: '2026-01-01',
        covered: [range('2026-01-01', '2026-01-31')],
      },
      due: [range('2026-02-01', '2026-03-31'), range('2026-04-01', '2026-06-30')],
    },
    {
      what: 'an end inside a period cuts the range',
      input: {
        ...base,
        cycle: 'monthly',
        runDate: '2026-06-30',
        timing: 'in_advance',
        activeFrom: '2026-05-01',
        activeTo: '2026-06-10',
      },
      due: [range('2026-05-01', '2026-05-31'), range('2026-06-01', '2026-06-10')],
    },
    {
      what: 'one-time: the first day, once',
      input: { ...base, cycle: 'monthly', runDate: '2026-05-20', timing: 'once', activeFrom: '2026-05-31' },
      due: [range('2026-05-31', '2026-05-31')],
    },
    {
      what: 'one-time already billed',
      input: {
        ...base,
        cycle: 'monthly',
        runDate: '2026-05-20',
        timing: 'once',
        activeFrom: '2026-05-31',
        covered: [range('2026-05-31', '2026-05-31')],
      },
      due: [],
    },
    {
      what: 'nothing before the product starts',
      input: { ...base, cycle: 'monthly', runDate: '2026-05-20', timing: 'in_advance', activeFrom: '2026-06-01' },
      due: [],
    },
  ] as const)('$what', ({ input, due }) => {
    expect(dueRanges({ ...input, covered: [...input.covered] })).toEqual(due);
  });
});

const cycles: BillingCycle[] = ['monthly', 'quarterly', 'semiannual', 'annual'];
const day = fc.integer({ min: 0, max: 700 }).map((n) => addDays('2026-01-01', n));

describe('any sequence of run dates bills each day of a product exactly once (property)', () => {
  it('in advance and in arrears, with cycle changes between runs', () => {
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 400 }),
        fc.array(fc.record({ date: day, cycle: fc.constantFrom(...cycles) }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom('in_advance', 'in_arrears'),
        (start, length, runs, timing) => {
          const end = addDays(start, length);
          const covered: BillingPeriod[] = [];
          for (const run of runs) {
            const due = dueRanges({
              cycle: run.cycle,
              runDate: run.date,
              timing,
              activeFrom: start,
              activeTo: end,
              covered,
            });
            for (const r of due) {
              // every range lies within one period of the cycle and touches nothing billed before
              expect(covered.some((c) => c.start <= r.end && r.start <= c.end)).toBe(false);
              covered.push(r);
            }
          }
          // after a final run past everything, the days billed are exactly the product's days
          const finalDate = addDays(end, 400);
          covered.push(
            ...dueRanges({
              cycle: 'monthly',
              runDate: finalDate,
              timing,
              activeFrom: start,
              activeTo: end,
              covered,
            }),
          );
          const days = covered.reduce((n, c) => n + (Date.parse(c.end) - Date.parse(c.start)) / 86_400_000 + 1, 0);
          expect(days).toBe(length + 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
