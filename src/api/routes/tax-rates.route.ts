import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { getTaxRate } from '../../billing/tax/get-tax-rate.ts';
import { listTaxRates } from '../../billing/tax/list-tax-rates.ts';
import { setTaxRate } from '../../billing/tax/set-tax-rate.ts';
import type { ApiApp } from '../api-app.ts';
import { dateJson, dateSchema, decimalSchema } from '../schemas.ts';
import { refParam, taxRateSchema } from './billing.schemas.ts';

const tags = ['tax'];

/** Flat tax rates per jurisdiction, effective-dated: a change adds a version, issued invoices keep theirs. */
export function registerTaxRatesRoutes(app: ApiApp, ctx: AppContext): void {
  app.get(
    '/tax-rates',
    {
      schema: {
        summary: 'Tax rate versions by jurisdiction (with `on`: the one in force that day per jurisdiction)',
        tags,
        querystring: z.object({ jurisdiction: z.string().optional(), on: dateSchema.optional() }),
        response: { 200: z.array(taxRateSchema) },
      },
    },
    async (request) => listTaxRates(ctx, request.query),
  );

  app.post(
    '/tax-rates',
    {
      schema: {
        summary: 'Set a rate from a date (adds a version; 200 when the same rate was already set that day)',
        tags,
        body: z.strictObject({
          jurisdiction: z.string().meta({ examples: ['US-CA'] }),
          rate: decimalSchema.meta({ description: 'A fraction in [0, 1), at most 6 decimals: "0.0725"' }),
          effectiveFrom: dateSchema,
          name: z.string().nullable().optional(),
        }),
        response: { 200: taxRateSchema, 201: taxRateSchema },
      },
    },
    async (request, reply) => {
      const result = await setTaxRate(ctx, request.body);
      return reply.status(result.created ? 201 : 200).send(result.taxRate);
    },
  );

  app.get(
    '/tax-rates/:jurisdiction',
    {
      schema: {
        summary: "A jurisdiction's versions and the one in force on a day (default today)",
        tags,
        params: refParam('jurisdiction'),
        querystring: z.object({ on: dateSchema.optional() }),
        response: {
          200: z.object({
            jurisdiction: z.string(),
            on: dateJson,
            current: taxRateSchema.nullable(),
            versions: z.array(taxRateSchema),
          }),
        },
      },
    },
    async (request) => getTaxRate(ctx, { jurisdiction: request.params.jurisdiction, on: request.query.on }),
  );
}
