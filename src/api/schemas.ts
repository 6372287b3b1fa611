import { z } from 'zod';
import { dateProblem } from '../billing/input/date-input.ts';
import { MAX_ID } from '../billing/input/id-input.ts';
import { type DecimalLimits, decimalProblem, QUANTITY_LIMITS, RATE_LIMITS } from '../billing/input/decimal-input.ts';
import { amountProblem } from '../billing/input/money-input.ts';
import { isCurrencyCode } from '../domain/currency.ts';
import type { ErrorCode } from '../domain/errors.ts';
import { formatMoney, type Money, parseMoney } from '../domain/money.ts';

/**
 * Shared zod schemas for API contracts. Conventions: money is `{ amount: "12.50", currency: "USD" }`
 * (a decimal string, never a JSON number), rates and quantities are decimal strings, dates are
 * `YYYY-MM-DD`, ids are decimal strings (int8 does not fit a JSON number).
 *
 * Request schemas (`dateSchema`, `quantitySchema`, `rateSchema`, `moneyInputSchema`, `idSchema`) refuse
 * what the store cannot keep exactly, with the same rules (from src/billing/input/) the use-cases apply
 * for the CLI, so a bad value is a 400 naming its field (`body.quantity`), never a 500 or a silent
 * rounding. Response schemas (`dateJson`, `decimalSchema`, `moneySchema`, `idJson`) only describe.
 * Bodies are `z.strictObject`s: an unknown field (a typo such as `parnet`) is refused, not dropped.
 */

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** A rate or quantity in a response: an exact decimal string, "3", "0.0125", "-2.5". */
export const decimalSchema = z
  .string()
  .regex(DECIMAL_TEXT, 'must be a decimal number written as a string, e.g. "0.0125"')
  .meta({ description: 'Exact decimal number as a string', examples: ['0.0125'] });

function decimalInput(limits: DecimalLimits, description: string, example: string) {
  return z
    .string('must be a decimal number written as a string, e.g. "0.0125"')
    .regex(DECIMAL_TEXT, 'must be a decimal number written as a string, e.g. "0.0125"')
    .superRefine((text, ctx) => {
      const problem = decimalProblem(text, limits);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: text });
    })
    .meta({ description, examples: [example] });
}

/** A quantity in a request: a decimal string with at most 4 decimals and 16 integer digits (`numeric(20, 4)`). */
export const quantitySchema = decimalInput(
  QUANTITY_LIMITS,
  'Quantity as an exact decimal string: at most 16 digits before the point and 4 after',
  '10',
);

/** A per-unit rate in a request: a decimal string with at most 10 decimals and 10 integer digits (`numeric(20, 10)`). */
export const rateSchema = decimalInput(
  RATE_LIMITS,
  'Rate as an exact decimal string: at most 10 digits before the point and 10 after',
  '0.0125',
);

const moneyFields = {
  amount: z
    .string('must be a decimal amount written as a string, e.g. "12.50"')
    .regex(DECIMAL_TEXT, 'must be a decimal amount written as a string, e.g. "12.50"')
    .meta({ examples: ['12.50'] }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in capitals, e.g. "USD"')
    .meta({ examples: ['USD'] }),
};

/** An amount with its currency, in a response. */
export const moneySchema = z.object(moneyFields).meta({ description: 'An exact amount of one currency' });

/**
 * An amount with its currency, in a request. The shape and the range (`MAX_AMOUNT_MINOR`) are checked
 * here; `fromMoneyJson` checks the amount against the currency's minor units (`malformed_money`) and
 * the currency itself (`unknown_currency`).
 */
export const moneyInputSchema = z
  .strictObject(moneyFields)
  .superRefine((money, ctx) => {
    const problem = amountProblem(money.amount, money.currency);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, path: ['amount'], input: money.amount });
  })
  .meta({ description: 'An exact amount of one currency' });

export type MoneyJson = z.infer<typeof moneySchema>;

/** A calendar date in a request: `YYYY-MM-DD`, a real date (2026-02-30 is refused) within `DATE_RANGE`. */
export const dateSchema = z
  .string('must be a date written YYYY-MM-DD')
  .superRefine((text, ctx) => {
    const problem = dateProblem(text);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: text });
  })
  .meta({ format: 'date', examples: ['2026-03-01'] });

/** A calendar date in a response, `YYYY-MM-DD`. */
export const dateJson = z.iso.date().meta({ examples: ['2026-03-01'] });

/** A database id in a path, query or body: a decimal string, parsed to `bigint`. */
export const idSchema = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, 'must be a positive integer id, e.g. "42"')
  // Checks run on after a failed one: only compare what is digits.
  .refine((s) => !/^\d+$/.test(s) || BigInt(s) <= MAX_ID, 'is too large to be an id')
  .transform((s) => BigInt(s));

/**
 * A Salesforce record id in a request: 15 or 18 letters and digits (the forms `salesforceId18` accepts).
 * Nothing else passes, so an id is safe to put in SOQL, a URL or a page as it is.
 */
export const salesforceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/, 'must be a Salesforce record id (15 or 18 letters and digits)')
  .meta({ examples: ['001000000000001AAA'] });

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
