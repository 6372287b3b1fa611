import { z } from 'zod';
import { hasControlCharacter } from '../../billing/input/text-input.ts';
import { VALUE_CODE_MAX } from '../../billing/reference-lists/reference-input.ts';
import { idJson } from '../schemas.ts';

/**
 * Schemas of billing's reference lists (bill groups, AR terms, account categories) and of the Salesforce value
 * sets made from them. A code is the Salesforce picklist value: "Net 30", "Default".
 */

export const valueCodeSchema = z.string().meta({ description: 'The Salesforce picklist value', examples: ['Default'] });

/** `/:code` of a list value (URL-encoded: `/ar-terms/Net%2030`). */
export const codeParam = z.object({
  code: z
    .string()
    .min(1)
    .max(VALUE_CODE_MAX)
    .refine((text) => !hasControlCharacter(text), 'must not hold control characters'),
});

const accounts = z
  .number()
  .int()
  .meta({ description: 'Accounts that set it themselves (inheriting ones not counted)' });

export const billGroupSchema = z.object({ code: z.string(), name: z.string(), accounts });

export const arTermSchema = z.object({ code: z.string(), days: z.number().int(), accounts });

export const accountCategorySchema = z.object({ id: idJson, code: z.string(), name: z.string(), accounts });

export const removedSchema = z.object({ removed: z.string() });

/** Adding a bill group or an account category. */
export const namedValueBody = z.strictObject({ code: valueCodeSchema, name: z.string().nullable().optional() });

export const arTermBody = z.strictObject({
  code: valueCodeSchema.meta({ examples: ['Net 90'] }),
  days: z.number().int().min(0).max(365).meta({ description: 'Whole days to pay, 0–365' }),
});

export const valueSetSchema = z
  .object({
    name: z.string().meta({ examples: ['Billing_Bill_Group'] }),
    masterLabel: z.string(),
    fields: z.array(z.string()).meta({ examples: [['Account.Bill_Group__c']] }),
    values: z.array(z.object({ value: z.string(), label: z.string() })),
  })
  .meta({ description: 'A global value set as `revbridge salesforce metadata` writes it' });
