import { isCurrencyCode } from '../domain/currency.ts';
import { formatMoney, type Money } from '../domain/money.ts';

/** Money as it leaves the hub (API and `--json`): a decimal string and its currency, never a float. */
export interface MoneyJson {
  amount: string;
  currency: string;
}

/** A billing view with every `Money` replaced by `MoneyJson`. */
export type JsonView<T> = T extends Money
  ? MoneyJson
  : T extends readonly (infer U)[]
    ? JsonView<U>[]
    : T extends Date
      ? string
      : T extends object
        ? { [K in keyof T]: JsonView<T[K]> }
        : T;

function isMoney(value: object): value is Money {
  const v = value as Partial<Money>;
  return (
    typeof v.minor === 'bigint' &&
    typeof v.currency === 'string' &&
    isCurrencyCode(v.currency) &&
    Object.keys(value).length === 2
  );
}

/** Turns a use-case result into JSON-ready data: money as `{ amount, currency }`, bigints as strings. */
export function toJsonView<T>(value: T): JsonView<T> {
  return convert(value) as JsonView<T>;
}

function convert(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(convert);
  if (isMoney(value)) return { amount: formatMoney(value), currency: value.currency };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v)]));
}
