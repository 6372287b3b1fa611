import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { listUsage } from '../../billing/usage/list-usage.ts';
import { recordUsage } from '../../billing/usage/record-usage.ts';
import { MAX_USAGE_BATCH, recordUsageBatch } from '../../billing/usage/record-usage-batch.ts';
import type { ApiApp } from '../api-app.ts';
import { dateSchema, decimalSchema, quantitySchema } from '../schemas.ts';
import { refParam, usageSchema } from './billing.schemas.ts';

const tags = ['usage'];
const accountParam = refParam('idOrNumber');
const usageBody = z.strictObject({
  serviceId: z.string(),
  quantity: quantitySchema,
  usedOn: dateSchema,
  externalId: z.string().nullable().optional().meta({ description: 'Sender id; the same id twice records once' }),
});

/** Usage records of an account's usage services. */
export function registerUsageRoutes(app: ApiApp, ctx: AppContext): void {
  app.post(
    '/accounts/:idOrNumber/usage',
    {
      // Metering pipelines feed usage as part of running billing: they get operator keys, not admin ones.
      config: { access: 'operator' },
      schema: {
        summary: 'Record usage (201; 200 when its externalId was already recorded)',
        tags,
        params: accountParam,
        body: usageBody,
        response: { 200: usageSchema, 201: usageSchema },
      },
    },
    async (request, reply) => {
      const result = await recordUsage(ctx, { accountId: request.params.idOrNumber, ...request.body });
      return reply.status(result.created ? 201 : 200).send(result.usage);
    },
  );

  app.post(
    '/accounts/:idOrNumber/usage/batch',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Record many usage rows in one transaction (one bad row refuses all)',
        tags,
        params: accountParam,
        body: z.strictObject({ rows: z.array(usageBody).max(MAX_USAGE_BATCH) }),
        response: { 200: z.object({ received: z.number(), recorded: z.number(), duplicates: z.number() }) },
      },
    },
    async (request) =>
      recordUsageBatch(ctx, {
        rows: request.body.rows.map((row) => ({ ...row, accountId: request.params.idOrNumber })),
      }),
  );

  app.get(
    '/accounts/:idOrNumber/usage',
    {
      schema: {
        summary: "An account's usage, a page at a time, with totals per service",
        tags,
        params: accountParam,
        querystring: z.object({
          serviceId: z.string().optional(),
          from: dateSchema.optional(),
          to: dateSchema.optional(),
          limit: z.coerce.number().int().optional(),
          cursor: z.string().optional(),
        }),
        response: {
          200: z.object({
            records: z.array(usageSchema),
            nextCursor: z.string().nullable(),
            totals: z.array(z.object({ serviceId: z.string(), serviceCode: z.string(), quantity: decimalSchema })),
          }),
        },
      },
    },
    async (request) => listUsage(ctx, { accountId: request.params.idOrNumber, ...request.query }),
  );
}
