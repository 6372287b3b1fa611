import { z } from 'zod';
import { hasControlCharacter } from '../../billing/input/text-input.ts';
import { fail } from '../../domain/errors.ts';
import {
  dateJson,
  decimalSchema,
  idJson,
  moneyInputSchema,
  moneySchema,
  quantitySchema,
  rateSchema,
} from '../schemas.ts';

/**
 * Response (and shared request) schemas of the billing resources: catalog, accounts, contacts, price
 * plans, products, usage. They mirror the use-cases' views after `toJsonView` (money as `{ amount,
 * currency }`), so the OpenAPI document describes exactly what the routes send.
 */

const nullableDecimal = decimalSchema.nullable();

export const priceSchema = z.object({
  recurring: moneySchema.nullable(),
  oneTime: moneySchema.nullable(),
  usageRate: nullableDecimal,
  includedQuantity: nullableDecimal,
  overageRate: nullableDecimal,
  statePrices: z.record(z.string(), moneySchema).nullable(),
});

/** Prices in a request: money as `{ amount, currency }`, all of one currency (the package's). */
export const priceInputSchema = z.strictObject({
  recurring: moneyInputSchema.optional(),
  oneTime: moneyInputSchema.optional(),
  usageRate: rateSchema.optional(),
  includedQuantity: quantitySchema.optional(),
  overageRate: rateSchema.optional(),
  statePrices: z.record(z.string(), moneyInputSchema).optional(),
});

export const frequencySchema = z.enum(['monthly', 'quarterly', 'semiannual', 'annual']);
export const serviceKindSchema = z.enum(['recurring', 'one_time', 'usage', 'state_based']);

export const packageSchema = z.object({
  id: idJson,
  code: z.string(),
  name: z.string(),
  currency: z.string(),
  frequency: frequencySchema,
  active: z.boolean(),
});

export const serviceSchema = z.object({
  id: idJson,
  packageId: idJson,
  code: z.string(),
  name: z.string(),
  kind: serviceKindSchema,
  unit: z.string().nullable(),
  active: z.boolean(),
});

export const priceVersionSchema = priceSchema.extend({ id: idJson, serviceId: idJson, effectiveFrom: dateJson });

export const packageDetailSchema = packageSchema.extend({
  services: z.array(
    serviceSchema.extend({ prices: z.array(priceVersionSchema), currentPrice: priceVersionSchema.nullable() }),
  ),
});

export const priceBookSchema = z.object({
  id: idJson,
  code: z.string(),
  name: z.string(),
  currency: z.string(),
  active: z.boolean(),
  packageCodes: z.array(z.string()),
});

export const catalogPackagesSchema = z.object({
  on: dateJson,
  packages: z.array(
    packageSchema.extend({ services: z.array(serviceSchema.extend({ price: priceVersionSchema.nullable() })) }),
  ),
});

export const accountStatusSchema = z.enum(['active', 'suspended', 'closed']);

/** An account's own settings that read back exactly as they are written (null: inherit or unknown). */
export const accountProfileFields = {
  billGroup: z.string().nullable(),
  arTermDays: z.number().int().nullable(),
  billingCycle: frequencySchema.nullable(),
  accountCategory: z.string().nullable(),
  primaryEmail: z.string().nullable(),
};

/** A postal address, each line null when unknown (in a request: `.partial().strict()`). */
export const addressSchema = z.object({
  street: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
});

export const accountSchema = z.object({
  id: idJson,
  accountNumber: z.string(),
  name: z.string(),
  status: accountStatusSchema,
  currency: z.string(),
  parentId: idJson.nullable(),
  subscriptionInvoicerId: idJson.nullable(),
  usageInvoicerId: idJson.nullable(),
  taxAccountId: idJson.nullable(),
  ...accountProfileFields,
  address: addressSchema,
  syncedAt: z.string().nullable(),
});

export const effectiveSettingsSchema = z
  .object({
    subscriptionInvoicerId: idJson,
    usageInvoicerId: idJson,
    taxAccountId: idJson,
    arTermDays: z.number().int(),
    billingCycle: frequencySchema,
    billGroup: z.string().nullable(),
  })
  .meta({ description: 'The settings billing uses: the account’s own, else the nearest ancestor’s, else defaults' });

export const accountDetailSchema = accountSchema.extend({
  effective: effectiveSettingsSchema,
  currencyLocked: z.boolean(),
});

interface TreeNode extends z.infer<typeof accountSchema> {
  effective: z.infer<typeof effectiveSettingsSchema>;
  children: TreeNode[];
}

export const accountTreeNodeSchema: z.ZodType<TreeNode> = accountSchema.extend({
  effective: effectiveSettingsSchema,
  get children() {
    return z.array(accountTreeNodeSchema);
  },
});

export const contactSchema = z.object({
  id: idJson,
  firstName: z.string().nullable(),
  lastName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});

export const accountContactSchema = contactSchema.extend({
  accountId: idJson,
  roles: z.array(z.string()),
  isPrimary: z.boolean(),
  accountIds: z.array(idJson),
});

export const pricePlanSchema = priceSchema.extend({
  id: idJson,
  accountId: idJson,
  serviceId: idJson,
  serviceCode: z.string(),
  packageCode: z.string(),
  effectiveFrom: dateJson,
  effectiveTo: dateJson.nullable(),
  source: z.string().nullable(),
});

export const productSchema = z.object({
  id: idJson,
  accountId: idJson,
  packageId: idJson,
  packageCode: z.string(),
  packageName: z.string(),
  currency: z.string(),
  frequency: frequencySchema,
  quantity: decimalSchema,
  serviceState: z.string(),
  startDate: dateJson,
  endDate: dateJson.nullable(),
});

export const pricedProductSchema = productSchema.extend({
  services: z.array(
    z.object({
      serviceId: idJson,
      code: z.string(),
      name: z.string(),
      kind: serviceKindSchema,
      unit: z.string().nullable(),
      quantity: decimalSchema
        .nullable()
        .meta({ description: 'How many of this service the product counts on the date; null for usage' }),
      price: priceSchema.nullable(),
      source: z.enum(['price_plan', 'list']).nullable(),
    }),
  ),
});

export const usageSchema = z.object({
  id: idJson,
  accountId: idJson,
  serviceId: idJson,
  serviceCode: z.string(),
  quantity: decimalSchema,
  usedOn: dateJson,
  externalId: z.string().nullable(),
});

/** `:idOrCode` / `:idOrNumber` path parameters: an id, a package code or an account number. */
export const refParam = (name: string) =>
  z.object({
    [name]: z
      .string()
      .min(1)
      .max(64)
      .refine((text) => !hasControlCharacter(text), 'must not hold control characters'),
  });

/** Money fields of a price input as the use-cases take them: amounts, plus the one currency they share. */
export function priceInputToUseCase(input: z.infer<typeof priceInputSchema>) {
  const moneys = [input.recurring, input.oneTime, ...Object.values(input.statePrices ?? {})].filter(
    (m) => m !== undefined,
  );
  const currencies = [...new Set(moneys.map((m) => m.currency))];
  if (currencies.length > 1) {
    fail('currency_mismatch', `All amounts of a price are in one currency; got ${currencies.join(', ')}.`, {
      currencies,
    });
  }
  return {
    recurring: input.recurring?.amount,
    oneTime: input.oneTime?.amount,
    usageRate: input.usageRate,
    includedQuantity: input.includedQuantity,
    overageRate: input.overageRate,
    statePrices:
      input.statePrices === undefined
        ? undefined
        : Object.fromEntries(Object.entries(input.statePrices).map(([state, m]) => [state, m.amount])),
    currency: currencies[0],
  };
}

/** A billing run's accounts whose lines were issued without tax (no country, or no rate on the run date). */
export const untaxedSchema = z
  .object({
    accounts: z.number().int(),
    examples: z.array(
      z.object({
        accountNumber: z.string(),
        taxAccountNumber: z.string(),
        reason: z.enum(['no_country', 'no_rate']),
        jurisdiction: z.string().nullable(),
      }),
    ),
  })
  .meta({ description: 'Accounts invoiced without tax: how many, and the first 10 by account number' });

/** One version of a jurisdiction's flat tax rate. */
export const taxRateSchema = z.object({
  jurisdiction: z.string().meta({ examples: ['US-CA'] }),
  effectiveFrom: dateJson,
  effectiveTo: dateJson.nullable().meta({ description: 'Last day in force; null while it is the latest' }),
  rate: decimalSchema.meta({ description: 'A fraction: "0.0725" is 7.25 %' }),
  name: z.string().nullable(),
});
