import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney } from '../../src/domain/money.ts';
import { SERVICES_SALES_PRICE_RULE, servicesSalesPrice } from '../../src/domain/services-sales-price.ts';

const usd = (text: string) => parseMoney(text, 'USD');

describe(`servicesSalesPrice — ${SERVICES_SALES_PRICE_RULE}`, () => {
  it.each([
    { what: 'no services', services: [], price: '0.00' },
    {
      what: 'one recurring service',
      services: [{ quantity: '1', recurring: usd('49.00'), oneTime: null }],
      price: '49.00',
    },
    {
      what: 'recurring and one-time on one service, quantity 3',
      services: [{ quantity: '3', recurring: usd('10.00'), oneTime: usd('2.50') }],
      price: '37.50',
    },
    {
      what: 'a usage service (no amounts) adds nothing',
      services: [
        { quantity: '10', recurring: usd('5.00'), oneTime: null },
        { quantity: '1', recurring: null, oneTime: null },
      ],
      price: '50.00',
    },
    {
      what: 'a fractional quantity is rounded half up per service',
      services: [
        { quantity: '0.5', recurring: usd('0.25'), oneTime: null },
        { quantity: '0.5', recurring: usd('0.25'), oneTime: null },
      ],
      // 0.125 → 0.13 each, not 0.25 → 0.25 for the sum.
      price: '0.26',
    },
    {
      what: 'a discounted line: negative one-time credit',
      services: [{ quantity: '2', recurring: usd('100.00'), oneTime: usd('-20.00') }],
      price: '160.00',
    },
  ])('$what → $price', ({ services, price }) => {
    expect(formatMoney(servicesSalesPrice(services, 'USD'))).toBe(price);
  });

  it('works in a currency without minor units', () => {
    const jpy = (text: string) => parseMoney(text, 'JPY');
    expect(
      formatMoney(servicesSalesPrice([{ quantity: '1.5', recurring: jpy('333'), oneTime: jpy('1') }], 'JPY')),
    ).toBe('501');
  });
});
