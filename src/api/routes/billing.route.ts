import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { runBilling } from '../../billing/billing-run/run-billing.ts';
import { toJsonView } from '../../billing/json-view.ts';
import type { ApiApp } from '../build-api.ts';
import { dateJson, dateSchema, idJson, moneySchema } from '../schemas.ts';

const periodSchema = z.object({ start: dateJson, end: dateJson });

export const billingRunSchema = z.object({
  runId: idJson,
  date: dateJson,
  period: periodSchema.meta({ description: 'The period billed for monthly accounts' }),
  periods: z.object({ monthly: periodSchema, quarterly: periodSchema, semiannual: periodSchema, annual: periodSchema }),
  invoicesCreated: z.number().int(),
  linesCreated: z.number().int(),
  unpricedCharges: z.number().int().meta({ description: 'Charges left out: no price on the day' }),
  totalsByCurrency: z.record(
    z.string(),
    z.object({ invoices: z.number().int(), subtotal: moneySchema, tax: moneySchema, total: moneySchema }),
  ),
});

/** The billing run: invoices for every account with charges due in the period containing the date. */
export function registerBillingRoutes(app: ApiApp, ctx: AppContext): void {
  app.post(
    '/billing-runs',
    {
      schema: {
        summary: 'Run billing for a date (running the same date again creates nothing new)',
        tags: ['billing'],
        body: z.strictObject({ date: dateSchema }),
        response: { 201: billingRunSchema },
      },
    },
    async (request, reply) => reply.status(201).send(toJsonView(await runBilling(ctx, { date: request.body.date }))),
  );
}
