import { rateUsage } from '../../src/domain/usage-rating.ts';
import { describe, expect, it } from 'vitest';
import type { CurrencyCode } from '../../src/domain/currency.ts';
import {
  NEGOTIATED_RATES_RULE,
  type PriceVersion,
  resolvePrice,
  stateBasedPriceMinor,
} from '../../src/domain/price-resolution.ts';
import { errorCodeOf } from './error-code.ts';

function version(fields: Partial<PriceVersion> & { effectiveFrom: string }): PriceVersion {
  return {
    recurringMinor: null,
    oneTimeMinor: null,
    usageRate: null,
    includedQuantity: null,
    overageRate: null,
    statePrices: null,
    ...fields,
  };
}

const list2025 = version({ effectiveFrom: '2025-01-01', recurringMinor: 1000n, usageRate: '0.01' });
const list2026 = version({
  effectiveFrom: '2026-01-01',
  recurringMinor: 1200n,
  usageRate: '0.012',
  oneTimeMinor: 5000n,
});
const list = [list2026, list2025]; // order of the input does not matter
const plan = version({ effectiveFrom: '2026-02-01', effectiveTo: '2026-12-31', recurringMinor: 900n });
const renewal = version({ effectiveFrom: '2026-07-01', effectiveTo: null, recurringMinor: 850n, usageRate: '0.008' });

describe('resolvePrice: an effective account price plan wins over the list price', () => {
  it.each<{
    on: string;
    plans: PriceVersion[];
    source: 'price_plan' | 'list';
    recurring: bigint;
    usage: string | null;
  }>([
    { on: '2025-06-01', plans: [plan], source: 'list', recurring: 1000n, usage: '0.01' },
    { on: '2026-01-15', plans: [plan], source: 'list', recurring: 1200n, usage: '0.012' },
    { on: '2026-02-01', plans: [plan], source: 'price_plan', recurring: 900n, usage: '0.012' },
    { on: '2026-12-31', plans: [plan], source: 'price_plan', recurring: 900n, usage: '0.012' },
    { on: '2027-01-01', plans: [plan], source: 'list', recurring: 1200n, usage: '0.012' },
    { on: '2026-06-30', plans: [plan, renewal], source: 'price_plan', recurring: 900n, usage: '0.012' },
    { on: '2026-07-01', plans: [plan, renewal], source: 'price_plan', recurring: 850n, usage: '0.008' },
    { on: '2030-01-01', plans: [renewal, plan], source: 'price_plan', recurring: 850n, usage: '0.008' },
    { on: '2026-03-01', plans: [], source: 'list', recurring: 1200n, usage: '0.012' },
  ])('on $on → $source, recurring $recurring, usage $usage', ({ on, plans, source, recurring, usage }) => {
    const resolved = resolvePrice(list, plans, on);
    expect(resolved.source).toBe(source);
    expect(resolved.price.recurringMinor).toBe(recurring);
    expect(resolved.price.usageRate).toBe(usage);
  });

  it('a plan field left null falls back to the list price of that date, a set field does not', () => {
    const { price } = resolvePrice(list, [plan], '2026-03-01');
    expect(price).toMatchObject({
      recurringMinor: 900n,
      oneTimeMinor: 5000n,
      usageRate: '0.012',
      effectiveFrom: '2026-02-01',
    });
  });

  it('a plan that sets zero keeps zero (zero is a negotiated price, not a missing one)', () => {
    const free = version({ effectiveFrom: '2026-01-01', recurringMinor: 0n });
    expect(resolvePrice(list, [free], '2026-03-01').price.recurringMinor).toBe(0n);
  });

  it('a plan applies even when the service has no list price that day', () => {
    expect(resolvePrice([], [plan], '2026-03-01')).toEqual({ source: 'price_plan', price: plan });
  });

  it.each([
    { on: '2024-12-31', plans: [], code: 'price_not_defined' },
    { on: '2026-01-31', plans: [plan], code: 'price_not_defined', list: [] },
    { on: '01/03/2026', plans: [], code: 'validation_failed' },
  ])('on $on → $code', ({ on, plans, code, list: l }) => {
    expect(errorCodeOf(() => resolvePrice(l ?? list, plans, on))).toBe(code);
  });

  it('two versions starting the same day are a bug, not a choice', () => {
    const twin = version({ effectiveFrom: '2026-01-01', recurringMinor: 1300n });
    expect(() => resolvePrice([list2026, twin], [], '2026-03-01')).toThrow(/two price versions/);
  });
});

describe(`negotiated usage rates win — ${NEGOTIATED_RATES_RULE}`, () => {
  const metered = version({
    effectiveFrom: '2025-01-01',
    usageRate: '0.01',
    includedQuantity: '1000',
    overageRate: '0.02',
  });
  const rated = (plans: PriceVersion[]) => {
    const { price } = resolvePrice([metered], plans, '2026-01-10');
    return rateUsage({
      quantity: '1500',
      includedQuantity: price.includedQuantity,
      rate: price.usageRate,
      overageRate: price.overageRate,
      currency: 'USD',
    });
  };
  it.each([
    { what: 'no plan: the list overage rate', plans: [], unit: '0.02', minor: 1000n },
    {
      what: 'a negotiated usage rate beats the list overage rate',
      plans: [version({ effectiveFrom: '2026-01-01', usageRate: '0.005' })],
      unit: '0.005',
      minor: 250n,
    },
    {
      what: 'a negotiated overage rate',
      plans: [version({ effectiveFrom: '2026-01-01', overageRate: '0.015' })],
      unit: '0.015',
      minor: 750n,
    },
    {
      what: 'a plan negotiating only the included quantity keeps the list rates',
      plans: [version({ effectiveFrom: '2026-01-01', includedQuantity: '1200' })],
      unit: '0.02',
      minor: 600n,
    },
  ])('$what: $unit', ({ plans, unit, minor }) => {
    expect(rated(plans)).toMatchObject({ unitPrice: unit, amountMinor: minor });
  });
});

describe('stateBasedPriceMinor: price by service state', () => {
  const prices = { active: '10.00', suspended: '2.50' };
  it.each<{ prices: Record<string, string> | null; state: string; currency: CurrencyCode; expected: bigint | string }>([
    { prices, state: 'active', currency: 'USD', expected: 1000n },
    { prices, state: 'suspended', currency: 'USD', expected: 250n },
    { prices: { active: '500' }, state: 'active', currency: 'JPY', expected: 500n },
    { prices: { active: '1.250' }, state: 'active', currency: 'BHD', expected: 1250n },
    { prices, state: 'closed', currency: 'USD', expected: 'price_not_defined' },
    { prices, state: 'toString', currency: 'USD', expected: 'price_not_defined' },
    { prices: null, state: 'active', currency: 'USD', expected: 'price_not_defined' },
    { prices: { active: '10.005' }, state: 'active', currency: 'USD', expected: 'malformed_money' },
    { prices: { active: '10.5' }, state: 'active', currency: 'JPY', expected: 'malformed_money' },
  ])('$state in $currency → $expected', ({ prices: p, state, currency, expected }) => {
    if (typeof expected === 'bigint') expect(stateBasedPriceMinor(p, state, currency)).toBe(expected);
    else expect(errorCodeOf(() => stateBasedPriceMinor(p, state, currency))).toBe(expected);
  });
});
