import { describe, expect, it } from 'vitest';
import { toCorporateCurrency } from '../../src/domain/currency-conversion.ts';
import { formatMoney, parseMoney } from '../../src/domain/money.ts';
import { errorCodeOf } from './error-code.ts';

describe('toCorporateCurrency: amount ÷ the org’s conversion rate, rounded half up once', () => {
  it.each([
    { amount: '1000.00', currency: 'USD', rate: undefined, result: '1000.00 USD' },
    { amount: '920.00', currency: 'EUR', rate: '0.92', result: '1000.00 USD' },
    { amount: '100.00', currency: 'EUR', rate: '0.9', result: '111.11 USD' },
    { amount: '100.00', currency: 'GBP', rate: '0.787402', result: '127.00 USD' },
    { amount: '15000', currency: 'JPY', rate: '150', result: '100.00 USD' },
    { amount: '-50.00', currency: 'EUR', rate: '0.8', result: '-62.50 USD' },
  ])('$amount $currency at $rate → $result', ({ amount, currency, rate, result }) => {
    const converted = toCorporateCurrency(parseMoney(amount, currency), rate, 'USD');
    expect(`${formatMoney(converted)} ${converted.currency}`).toBe(result);
  });

  it('a currency without a rate is revenue_currency_unknown', () => {
    expect(errorCodeOf(() => toCorporateCurrency(parseMoney('1.00', 'EUR'), undefined, 'USD'))).toBe(
      'revenue_currency_unknown',
    );
  });
});
