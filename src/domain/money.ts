import { type CurrencyCode, isCurrencyCode, minorUnits } from './currency.ts';
import { fail } from './errors.ts';

/** An exact amount: integer minor units (cents) of one currency. Never a float. */
export interface Money {
  readonly minor: bigint;
  readonly currency: CurrencyCode;
}

export function money(minor: bigint, currency: CurrencyCode): Money {
  return { minor, currency };
}

export function zero(currency: CurrencyCode): Money {
  return { minor: 0n, currency };
}

/**
 * Parses a decimal string ("12.50", "-3", "0.5") into minor units of `currency`. More decimals than
 * the currency has is `malformed_money`, not a silent rounding.
 */
export function parseMoney(text: string, currency: string): Money {
  if (!isCurrencyCode(currency)) fail('unknown_currency', `Unknown currency "${currency}".`, { currency });
  const digits = minorUnits(currency);
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m || (m[3] ?? '').length > digits) {
    fail('malformed_money', `"${text}" is not an amount in ${currency} (at most ${digits} decimals).`, { value: text });
  }
  const minor = BigInt(m[2] + (m[3] ?? '').padEnd(digits, '0'));
  return { minor: m[1] ? -minor : minor, currency };
}

/** The decimal string of an amount, with exactly the currency's minor digits ("1234.50"). */
export function formatMoney(amount: Money): string {
  const digits = minorUnits(amount.currency);
  const negative = amount.minor < 0n;
  const abs = (negative ? -amount.minor : amount.minor).toString().padStart(digits + 1, '0');
  const text = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return negative ? `-${text}` : text;
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new Error(`cannot combine ${a.currency} and ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { minor: a.minor + b.minor, currency: a.currency };
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { minor: a.minor - b.minor, currency: a.currency };
}

export function sum(amounts: Money[], currency: CurrencyCode): Money {
  return amounts.reduce((acc, m) => add(acc, m), zero(currency));
}
