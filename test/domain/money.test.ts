import { describe, expect, it } from 'vitest';
import type { CurrencyCode } from '../../src/domain/currency.ts';
import { add, formatMoney, money, parseMoney, subtract, sum } from '../../src/domain/money.ts';
import { errorCodeOf } from './error-code.ts';

describe('parseMoney: decimal strings to minor units', () => {
  it.each<{ text: string; currency: CurrencyCode; minor: bigint }>([
    { text: '12.50', currency: 'USD', minor: 1250n },
    { text: '12.5', currency: 'USD', minor: 1250n },
    { text: '12', currency: 'USD', minor: 1200n },
    { text: '0.01', currency: 'USD', minor: 1n },
    { text: '-3', currency: 'USD', minor: -300n },
    { text: '-0.5', currency: 'USD', minor: -50n },
    { text: ' 7.25 ', currency: 'USD', minor: 725n },
    { text: '99999999999999999.99', currency: 'USD', minor: 9999999999999999999n },
    { text: '1000', currency: 'JPY', minor: 1000n },
    { text: '1.234', currency: 'BHD', minor: 1234n },
    { text: '0.001', currency: 'KWD', minor: 1n },
  ])('"$text" $currency → $minor', ({ text, currency, minor }) => {
    expect(parseMoney(text, currency)).toEqual({ minor, currency });
  });

  it.each([
    { text: '12.345', currency: 'USD', code: 'malformed_money' }, // more decimals than cents
    { text: '1.5', currency: 'JPY', code: 'malformed_money' }, // yen have no minor unit
    { text: '1.2345', currency: 'BHD', code: 'malformed_money' },
    { text: '', currency: 'USD', code: 'malformed_money' },
    { text: 'abc', currency: 'USD', code: 'malformed_money' },
    { text: '1,000.00', currency: 'USD', code: 'malformed_money' },
    { text: '1e3', currency: 'USD', code: 'malformed_money' },
    { text: '.5', currency: 'USD', code: 'malformed_money' },
    { text: '5.', currency: 'USD', code: 'malformed_money' },
    { text: '+5', currency: 'USD', code: 'malformed_money' },
    { text: '--1', currency: 'USD', code: 'malformed_money' },
    { text: '$5', currency: 'USD', code: 'malformed_money' },
    { text: '1', currency: 'XXX', code: 'unknown_currency' },
    { text: '1', currency: 'usd', code: 'unknown_currency' },
  ])('"$text" $currency is $code', ({ text, currency, code }) => {
    expect(errorCodeOf(() => parseMoney(text, currency))).toBe(code);
  });
});

describe('formatMoney: exactly the currency minor digits', () => {
  it.each<{ minor: bigint; currency: CurrencyCode; text: string }>([
    { minor: 1250n, currency: 'USD', text: '12.50' },
    { minor: 5n, currency: 'USD', text: '0.05' },
    { minor: -5n, currency: 'USD', text: '-0.05' },
    { minor: 0n, currency: 'USD', text: '0.00' },
    { minor: 123456789n, currency: 'EUR', text: '1234567.89' },
    { minor: 1000n, currency: 'JPY', text: '1000' },
    { minor: -1000n, currency: 'JPY', text: '-1000' },
    { minor: 1234n, currency: 'BHD', text: '1.234' },
    { minor: 1n, currency: 'BHD', text: '0.001' },
  ])('$minor $currency → "$text" (and back)', ({ minor, currency, text }) => {
    expect(formatMoney(money(minor, currency))).toBe(text);
    expect(parseMoney(text, currency).minor).toBe(minor);
  });
});

describe('arithmetic stays in one currency', () => {
  it('adds, subtracts and sums exactly', () => {
    expect(add(money(10n, 'USD'), money(5n, 'USD'))).toEqual(money(15n, 'USD'));
    expect(subtract(money(10n, 'USD'), money(15n, 'USD'))).toEqual(money(-5n, 'USD'));
    expect(sum([money(1n, 'JPY'), money(2n, 'JPY'), money(3n, 'JPY')], 'JPY')).toEqual(money(6n, 'JPY'));
    expect(sum([], 'EUR')).toEqual(money(0n, 'EUR'));
  });

  it('mixing currencies is a bug', () => {
    expect(() => add(money(1n, 'USD'), money(1n, 'EUR'))).toThrow(/USD and EUR/);
    expect(() => sum([money(1n, 'USD')], 'EUR')).toThrow();
  });
});
