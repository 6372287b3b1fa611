import { describe, expect, it } from 'vitest';
import type { CurrencyCode } from '../../src/domain/currency.ts';
import { rateUsage } from '../../src/domain/usage-rating.ts';
import { errorCodeOf } from './error-code.ts';

type Row = {
  what: string;
  quantity: string;
  included: string | null;
  rate: string | null;
  overage: string | null;
  currency?: CurrencyCode;
  billable: string;
  unit: string;
  amount: bigint;
};

describe('rateUsage: included quantity first, then the overage rate', () => {
  it.each<Row>([
    {
      what: 'overage beyond included',
      quantity: '1500',
      included: '1000',
      rate: '0.10',
      overage: '0.05',
      billable: '500',
      unit: '0.05',
      amount: 2500n,
    },
    {
      what: 'within included is free',
      quantity: '800',
      included: '1000',
      rate: '0.10',
      overage: '0.05',
      billable: '0',
      unit: '0.05',
      amount: 0n,
    },
    {
      what: 'exactly the included quantity',
      quantity: '1000',
      included: '1000',
      rate: '0.10',
      overage: '0.05',
      billable: '0',
      unit: '0.05',
      amount: 0n,
    },
    {
      what: 'no overage rate: rate beyond included',
      quantity: '1500',
      included: '1000',
      rate: '0.10',
      overage: null,
      billable: '500',
      unit: '0.1',
      amount: 5000n,
    },
    {
      what: 'no included quantity: all at the rate',
      quantity: '1500',
      included: null,
      rate: '0.10',
      overage: null,
      billable: '1500',
      unit: '0.1',
      amount: 15000n,
    },
    {
      what: 'no included quantity: all at overage',
      quantity: '1500',
      included: null,
      rate: null,
      overage: '0.02',
      billable: '1500',
      unit: '0.02',
      amount: 3000n,
    },
    {
      what: 'neither rate: nothing to charge',
      quantity: '1500',
      included: '1000',
      rate: null,
      overage: null,
      billable: '500',
      unit: '0',
      amount: 0n,
    },
    {
      what: 'half a cent rounds up',
      quantity: '1',
      included: null,
      rate: '0.005',
      overage: null,
      billable: '1',
      unit: '0.005',
      amount: 1n,
    },
    {
      what: 'just under half a cent rounds down',
      quantity: '1',
      included: null,
      rate: '0.0049',
      overage: null,
      billable: '1',
      unit: '0.0049',
      amount: 0n,
    },
    {
      what: '3 × 0.0125',
      quantity: '3',
      included: null,
      rate: '0.0125',
      overage: null,
      billable: '3',
      unit: '0.0125',
      amount: 4n,
    },
    {
      what: 'fractional quantities',
      quantity: '10.5',
      included: '0.25',
      rate: null,
      overage: '2',
      billable: '10.25',
      unit: '2',
      amount: 2050n,
    },
    {
      what: 'JPY half a yen rounds up',
      quantity: '3',
      included: null,
      rate: '0.5',
      overage: null,
      currency: 'JPY',
      billable: '3',
      unit: '0.5',
      amount: 2n,
    },
    {
      what: 'BHD three decimals',
      quantity: '7',
      included: null,
      rate: '0.0125',
      overage: null,
      currency: 'BHD',
      billable: '7',
      unit: '0.0125',
      amount: 88n,
    },
  ])('$what', ({ quantity, included, rate, overage, currency, billable, unit, amount }) => {
    const rated = rateUsage({
      quantity,
      includedQuantity: included,
      rate,
      overageRate: overage,
      currency: currency ?? 'USD',
    });
    expect(rated).toEqual({ billableQuantity: billable, unitPrice: unit, amountMinor: amount });
  });

  it.each([
    { quantity: '-1', included: null, rate: '1', code: 'negative_quantity' },
    { quantity: '1', included: '-5', rate: '1', code: 'negative_quantity' },
    { quantity: 'lots', included: null, rate: '1', code: 'malformed_rate' },
    { quantity: '1', included: null, rate: '$1', code: 'malformed_rate' },
  ])('quantity $quantity, included $included, rate $rate → $code', ({ quantity, included, rate, code }) => {
    const run = () => rateUsage({ quantity, includedQuantity: included, rate, overageRate: null, currency: 'USD' });
    expect(errorCodeOf(run)).toBe(code);
  });
});
