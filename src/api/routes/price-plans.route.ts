import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { toJsonView } from '../../billing/json-view.ts';
import { endPricePlan } from '../../billing/price-plans/end-price-plan.ts';
import { listPricePlans } from '../../billing/price-plans/list-price-plans.ts';
import { setPricePlan } from '../../billing/price-plans/set-price-plan.ts';
import type { ApiApp } from '../api-app.ts';
import { dateSchema } from '../schemas.ts';
import { priceInputSchema, priceInputToUseCase, pricePlanSchema, refParam } from './billing.schemas.ts';

const tags = ['price plans'];
const accountParam = refParam('idOrNumber');

/** Account price plans: negotiated prices per service, e.g. from Closed-Won opportunities. */
export function registerPricePlansRoutes(app: ApiApp, ctx: AppContext): void {
  app.post(
    '/accounts/:idOrNumber/price-plans',
    {
      schema: {
        summary: 'Set negotiated prices for a service (the same start date replaces that plan)',
        tags,
        params: accountParam,
        body: priceInputSchema.extend({
          serviceId: z.string(),
          effectiveFrom: dateSchema,
          effectiveTo: dateSchema.nullable().optional(),
          source: z.string().nullable().optional(),
        }),
        response: { 200: pricePlanSchema },
      },
    },
    async (request) => {
      const { serviceId, effectiveFrom, effectiveTo, source, ...prices } = request.body;
      const plan = await setPricePlan(ctx, {
        accountId: request.params.idOrNumber,
        serviceId,
        effectiveFrom,
        effectiveTo,
        source,
        ...priceInputToUseCase(prices),
      });
      return toJsonView(plan);
    },
  );

  app.get(
    '/accounts/:idOrNumber/price-plans',
    {
      schema: {
        summary: "An account's price plans (on a date: only those in force)",
        tags,
        params: accountParam,
        querystring: z.object({ on: dateSchema.optional() }),
        response: { 200: z.array(pricePlanSchema) },
      },
    },
    async (request) =>
      toJsonView(await listPricePlans(ctx, { accountId: request.params.idOrNumber, on: request.query.on })),
  );

  app.post(
    '/price-plans/:id/end',
    {
      schema: {
        summary: 'End a price plan on a date',
        tags,
        params: refParam('id'),
        body: z.strictObject({ effectiveTo: dateSchema }),
        response: { 200: pricePlanSchema },
      },
    },
    async (request) =>
      toJsonView(await endPricePlan(ctx, { pricePlanId: request.params.id, effectiveTo: request.body.effectiveTo })),
  );
}
