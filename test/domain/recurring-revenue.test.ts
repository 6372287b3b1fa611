import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from '../../src/domain/money.ts';
import { decimal } from '../../src/domain/rate.ts';
import {
  contractAssignedRevenue,
  contractSums,
  everyLineSpansTerm,
  dayWithinTerm,
  type LineRevenueInput,
  lineRecurringRevenue,
  TERM_LENGTH_RULE_TEXT,
  termMonths,
} from '../../src/domain/recurring-revenue.ts';
import { errorCodeOf } from './error-code.ts';

const usd = (text: string) => parseMoney(text, 'USD').minor;
const text = (minor: bigint) => formatMoney({ minor, currency: 'USD' });

describe(`termMonths — months: ${TERM_LENGTH_RULE_TEXT.months}; days: ${TERM_LENGTH_RULE_TEXT.days}`, () => {
  it.each([
    { start: '2026-01-01', end: '2026-12-31', months: '12', days: '12' },
    { start: '2028-01-01', end: '2028-12-31', months: '12', days: '12.0328767123' },
    { start: '2026-01-15', end: '2027-01-14', months: '12', days: '12' },
    { start: '2026-02-01', end: '2026-02-28', months: '1', days: '0.920547945205' },
    {
      start: '2026-01-01',
      end: '2026-03-15',
      months: '2.48387096774',
      days: '2.43287671233',
    },
    { start: '2026-06-01', end: '2029-05-31', months: '36', days: '36.0328767123' },
    {
      start: '2026-03-10',
      end: '2026-03-10',
      months: '0.0322580645161',
      days: '0.0328767123288',
    },
  ])('$start – $end: $months months by months, $days by days', ({ start, end, months, days }) => {
    const months12 = (rule: 'months' | 'days') => {
      const { numerator, denominator } = termMonths(start, end, rule);
      return decimal(numerator).dividedBy(denominator).toSignificantDigits(12).toFixed();
    };
    expect(months12('months')).toBe(months);
    expect(months12('days')).toBe(days);
  });
});

const line = (over: Partial<LineRevenueInput>): LineRevenueInput => ({
  revenueMinor: usd('12000.00'),
  recurring: true,
  start: '2026-01-01',
  end: '2026-12-31',
  assignedArrMinor: null,
  assignedMrrMinor: null,
  ...over,
});

describe('lineRecurringRevenue: ARR = term revenue × 12 ÷ months, MRR = ÷ months, each rounded half up once', () => {
  it.each([
    { what: 'a one-year term: ARR is the revenue', line: line({}), arr: '12000.00', mrr: '1000.00' },
    {
      what: 'a three-year term',
      line: line({ revenueMinor: usd('36000.00'), start: '2026-06-01', end: '2029-05-31' }),
      arr: '12000.00',
      mrr: '1000.00',
    },
    {
      what: 'a half month of 1,000.00: ARR 24,000.00 (MRR 2,000.00)',
      line: line({ revenueMinor: usd('1000.00'), start: '2026-04-01', end: '2026-04-15' }),
      arr: '24000.00',
      mrr: '2000.00',
    },
    {
      what: '1,000.00 over 7 months: rounded once each',
      line: line({ revenueMinor: usd('1000.00'), start: '2026-01-01', end: '2026-07-31' }),
      arr: '1714.29',
      mrr: '142.86',
    },
    {
      what: 'a downsell of 1,000.00 over 7 months: rounded away from zero, as the upsell',
      line: line({ revenueMinor: -usd('1000.00'), start: '2026-01-01', end: '2026-07-31' }),
      arr: '-1714.29',
      mrr: '-142.86',
    },
    {
      what: 'a one-time product adds nothing',
      line: line({ recurring: false, start: null, end: null }),
      arr: '0.00',
      mrr: '0.00',
    },
    {
      what: 'a downsell: negative revenue, negative ARR',
      line: line({ revenueMinor: usd('-600.00') }),
      arr: '-600.00',
      mrr: '-50.00',
    },
    {
      what: 'Item Assigned ARR alone: MRR is a twelfth',
      line: line({ assignedArrMinor: usd('1000.00') }),
      arr: '1000.00',
      mrr: '83.33',
    },
    {
      what: 'Item Assigned MRR alone: ARR is twelve times',
      line: line({ assignedMrrMinor: usd('99.99') }),
      arr: '1199.88',
      mrr: '99.99',
    },
    {
      what: 'both assigned: both as given, however they compare',
      line: line({ assignedArrMinor: usd('5000.00'), assignedMrrMinor: usd('450.00') }),
      arr: '5000.00',
      mrr: '450.00',
    },
    {
      what: 'assigned on a line with no term still counts',
      line: line({ start: null, end: null, assignedArrMinor: usd('120.00') }),
      arr: '120.00',
      mrr: '10.00',
    },
  ])('$what', ({ line: input, arr, mrr }) => {
    const result = lineRecurringRevenue(input, 'months');
    expect([text(result.arrMinor), text(result.mrrMinor)]).toEqual([arr, mrr]);
  });

  it('the days rule: a leap year of 12,000.00 is 11,967.21 ARR', () => {
    const leap = line({ start: '2028-01-01', end: '2028-12-31' });
    expect(text(lineRecurringRevenue(leap, 'days').arrMinor)).toBe('11967.21');
    expect(text(lineRecurringRevenue(leap, 'months').arrMinor)).toBe('12000.00');
  });

  it('a recurring line without a term is revenue_term_missing', () => {
    expect(errorCodeOf(() => lineRecurringRevenue(line({ end: null }), 'months'))).toBe('revenue_term_missing');
  });

  it('rounded to whole minor units, whatever they are (yen have no minor digits)', () => {
    const yen = { ...line({ start: '2026-01-01', end: '2026-07-31' }), revenueMinor: 1000n };
    expect(lineRecurringRevenue(yen, 'months')).toEqual({ arrMinor: 1714n, mrrMinor: 143n });
  });
});

describe('contractAssignedRevenue: Assigned ARR and Assigned MRR only together', () => {
  it.each([
    { arr: null, mrr: null, result: null, code: null },
    { arr: 1200n, mrr: 100n, result: { arrMinor: 1200n, mrrMinor: 100n }, code: null },
    { arr: 1200n, mrr: null, result: undefined, code: 'revenue_assigned_incomplete' },
    { arr: null, mrr: 100n, result: undefined, code: 'revenue_assigned_incomplete' },
  ])('ARR $arr, MRR $mrr → $code', ({ arr, mrr, result, code }) => {
    expect(errorCodeOf(() => contractAssignedRevenue(arr, mrr))).toBe(code);
    if (code === null) expect(contractAssignedRevenue(arr, mrr)).toEqual(result);
  });
});

describe('dayWithinTerm: a contract read as of a day outside its term is read at its nearest end', () => {
  it.each([
    ['2025-06-01', '2026-01-01'],
    ['2026-05-05', '2026-05-05'],
    ['2027-03-01', '2026-12-31'],
  ])('%s → %s', (asOf, day) => {
    expect(dayWithinTerm(asOf, '2026-01-01', '2026-12-31')).toBe(day);
  });
});

describe('contractSums — what a contract keeps of its lines, so the metrics need not read them', () => {
  const term = { start: '2026-01-01', end: '2026-12-31' };
  const line = (start: string, end: string, recurring: boolean, revenue: string, arr: string, mrr: string) => ({
    start,
    end,
    recurring,
    revenueMinor: usd(revenue),
    arrMinor: usd(arr),
    mrrMinor: usd(mrr),
  });
  it.each([
    {
      name: 'every line spans the term: uniform',
      lines: [
        line('2026-01-01', '2026-12-31', true, '12000.00', '12000.00', '1000.00'),
        line('2026-01-01', '2026-12-31', false, '1500.00', '0.00', '0.00'),
      ],
      sums: {
        uniform: true,
        recurring: true,
        arr: '12000.00',
        mrr: '1000.00',
        oneTime: '1500.00',
        revenue: '13500.00',
      },
    },
    {
      name: 'a line starting inside the term: not uniform',
      lines: [
        line('2026-01-01', '2026-12-31', true, '12000.00', '12000.00', '1000.00'),
        line('2026-07-01', '2026-12-31', true, '3000.00', '6000.00', '500.00'),
      ],
      sums: { uniform: false, recurring: true, arr: '18000.00', mrr: '1500.00', oneTime: '0.00', revenue: '15000.00' },
    },
    {
      name: 'a line ending before the term ends: not uniform',
      lines: [line('2026-01-01', '2026-06-30', true, '6000.00', '12000.00', '1000.00')],
      sums: { uniform: false, recurring: true, arr: '12000.00', mrr: '1000.00', oneTime: '0.00', revenue: '6000.00' },
    },
    {
      name: 'a negative line (a credit) counts against the sums',
      lines: [
        line('2026-01-01', '2026-12-31', true, '12000.00', '12000.00', '1000.00'),
        line('2026-01-01', '2026-12-31', true, '-1200.00', '-1200.00', '-100.00'),
      ],
      sums: { uniform: true, recurring: true, arr: '10800.00', mrr: '900.00', oneTime: '0.00', revenue: '10800.00' },
    },
    {
      name: 'one-time lines only: not recurring',
      lines: [line('2026-01-01', '2026-12-31', false, '2500.00', '0.00', '0.00')],
      sums: { uniform: true, recurring: false, arr: '0.00', mrr: '0.00', oneTime: '2500.00', revenue: '2500.00' },
    },
    {
      name: 'no lines: nothing, and not uniform',
      lines: [],
      sums: { uniform: false, recurring: false, arr: '0.00', mrr: '0.00', oneTime: '0.00', revenue: '0.00' },
    },
  ])('$name', ({ lines, sums }) => {
    const got = contractSums(term, lines);
    expect({
      uniform: got.uniform,
      recurring: got.recurring,
      arr: text(got.arrMinor),
      mrr: text(got.mrrMinor),
      oneTime: text(got.oneTimeMinor),
      revenue: text(got.revenueMinor),
    }).toEqual(sums);
  });
});

describe('everyLineSpansTerm — a contract whose ARR is the same on every day of its term', () => {
  const term = { start: '2026-01-01', end: '2026-12-31' };
  it.each([
    { lines: [{ start: '2026-01-01', end: '2026-12-31' }], spans: true },
    {
      lines: [
        { start: '2026-01-01', end: '2026-12-31' },
        { start: '2026-01-01', end: '2026-12-31' },
      ],
      spans: true,
    },
    {
      lines: [
        { start: '2026-01-01', end: '2026-12-31' },
        { start: '2026-04-01', end: '2026-12-31' },
      ],
      spans: false,
    },
    { lines: [{ start: '2026-01-01', end: '2026-09-30' }], spans: false },
    { lines: [], spans: false },
  ])('$lines.length line(s) → $spans', ({ lines, spans }) => {
    expect(everyLineSpansTerm(term, lines)).toBe(spans);
  });
});
