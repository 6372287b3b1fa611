import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { runBilling } from '../../billing/billing-run/run-billing.ts';
import { queueRollups } from '../../jobs/queue-rollups.ts';
import { toJsonView } from '../../billing/json-view.ts';
import type { ApiApp } from '../api-app.ts';
import { dateJson, dateSchema, idJson, moneySchema } from '../schemas.ts';
import { untaxedSchema } from './billing.schemas.ts';

const periodSchema = z.object({ start: dateJson, end: dateJson });

export const billingRunSchema = z.object({
  runId: idJson,
  date: dateJson,
  period: periodSchema.meta({ description: 'The current period of monthly accounts (billed in advance)' }),
  periods: z.object({ monthly: periodSchema, quarterly: periodSchema, semiannual: periodSchema, annual: periodSchema }),
  invoicesCreated: z.number().int(),
  linesCreated: z.number().int(),
  lines: z
    .object({ charges: z.number().int(), adjustments: z.number().int(), lateUsage: z.number().int() })
    .meta({ description: 'New lines by type: first charges of a range, adjustments, late usage' }),
  unpricedCharges: z.number().int().meta({ description: 'Charges left out: no price on the day' }),
  untaxed: untaxedSchema,
  totalsByCurrency: z.record(
    z.string(),
    z.object({ invoices: z.number().int(), subtotal: moneySchema, tax: moneySchema, total: moneySchema }),
  ),
});

/** The billing run: invoices for every range due by the date and not yet billed. */
export function registerBillingRoutes(app: ApiApp, ctx: AppContext): void {
  app.post(
    '/billing-runs',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Run billing for a date: every due range not yet billed (running it again creates nothing new)',
        tags: ['billing'],
        body: z.strictObject({
          date: dateSchema,
          allowFutureDate: z
            .boolean()
            .optional()
            .meta({ description: 'Allow a date after today (test clocks only): refused with run_date_in_future' }),
        }),
        response: { 201: billingRunSchema },
      },
    },
    async (request, reply) => {
      const result = await runBilling(ctx, request.body);
      await queueRollups(ctx);
      return reply.status(201).send(toJsonView(result));
    },
  );
}
