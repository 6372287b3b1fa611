import { z } from 'zod';
import { isCurrencyCode } from '../domain/currency.ts';
import type { ErrorCode } from '../domain/errors.ts';
import { formatMoney, type Money, parseMoney } from '../domain/money.ts';

/**
 * Shared zod schemas for API contracts. Conventions: money is `{ amount: "12.50", currency: "USD" }`
 * (a decimal string, never a JSON number), rates and quantities are decimal strings, dates are
 * `YYYY-MM-DD`, ids are decimal strings (int8 does not fit a JSON number).
 */

/** A rate or quantity as an exact decimal string: "3", "0.0125", "-2.5". */
export const decimalSchema = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number written as a string, e.g. "0.0125"')
  .meta({ description: 'Exact decimal number as a string', examples: ['0.0125'] });

/**
 * An amount with its currency. The shape is checked here; `fromMoneyJson` checks the amount against
 * the currency's minor units (`malformed_money`) and the currency itself (`unknown_currency`).
 */
export const moneySchema = z
  .object({
    amount: z
      .string()
      .regex(/^-?\d+(\.\d+)?$/, 'must be a decimal amount written as a string, e.g. "12.50"')
      .meta({ examples: ['12.50'] }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, e.g. "USD"')
      .meta({ examples: ['USD'] }),
  })
  .meta({ description: 'An exact amount of one currency' });

export type MoneyJson = z.infer<typeof moneySchema>;

/** A calendar date, `YYYY-MM-DD` (a real date: 2026-02-30 is refused). */
export const dateSchema = z.iso.date('must be a date written YYYY-MM-DD').meta({ examples: ['2026-03-01'] });

const MAX_INT8 = 9223372036854775807n;

/** A database id in a path, query or body: a decimal string, parsed to `bigint`. */
export const idSchema = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, 'must be a positive integer id, e.g. "42"')
  // Checks run on after a failed one: only compare what is digits.
  .refine((s) => !/^\d+$/.test(s) || BigInt(s) <= MAX_INT8, 'is too large to be an id')
  .transform((s) => BigInt(s));

/** Path parameters of `/<resource>/:id`. */
export const idParam = z.object({ id: idSchema });

/** A database id in a response (send `String(id)`). */
export const idJson = z
  .string()
  .regex(/^\d+$/)
  .meta({ description: 'Id (decimal string)', examples: ['42'] });

/** Minor units of a currency as API JSON: `toMoneyJson(1250n, 'USD')` → `{ amount: "12.50", currency: "USD" }`. */
export function toMoneyJson(minor: bigint, currency: string): MoneyJson {
  // Stored currencies were checked on the way in; an unknown one here is a bug, not bad input.
  if (!isCurrencyCode(currency)) throw new Error(`cannot format an amount in unknown currency "${currency}"`);
  return { amount: formatMoney({ minor, currency }), currency };
}

/** API JSON money to domain money; `malformed_money` or `unknown_currency` when it is not exact. */
export function fromMoneyJson(json: MoneyJson): Money {
  return parseMoney(json.amount, json.currency);
}

/** Codes the API answers with: the domain catalog plus the HTTP-level ones. */
export type ApiErrorCode =
  ErrorCode | 'not_found' | 'bad_request' | 'payload_too_large' | 'unsupported_media_type' | 'internal_error';

/** The body of every error response. */
export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ examples: ['account_not_found'] }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .meta({ description: 'An error: a stable code, a sentence for people, and details (e.g. the field)' });

export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
