import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { toJsonView } from '../../billing/json-view.ts';
import { recordPayment } from '../../billing/payments/record-payment.ts';
import { queueRollups } from '../../jobs/queue-rollups.ts';
import type { ApiApp } from '../api-app.ts';
import { dateJson, dateSchema, idJson, moneyInputSchema, moneySchema } from '../schemas.ts';

const paymentSchema = z.object({
  id: idJson,
  accountId: idJson,
  invoiceId: idJson.nullable(),
  amount: moneySchema,
  receivedOn: dateJson,
  reference: z.string().nullable(),
  appliedTo: z.array(z.object({ invoiceId: idJson, invoiceNumber: z.string(), amount: moneySchema })),
});

/** Payments received, applied to invoices. */
export function registerPaymentsRoutes(app: ApiApp, ctx: AppContext): void {
  app.post(
    '/payments',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Record a payment (201; 200 when its reference was already recorded)',
        tags: ['payments'],
        body: z.strictObject({
          accountId: z.string().min(1).meta({ description: 'Paying account: id or number' }),
          invoiceId: z
            .string()
            .min(1)
            .nullable()
            .optional()
            .meta({ description: 'Invoice number or id; without it the open invoices are paid oldest first' }),
          amount: moneyInputSchema,
          receivedOn: dateSchema,
          reference: z.string().nullable().optional().meta({ description: 'The same reference twice records once' }),
        }),
        response: { 200: paymentSchema, 201: paymentSchema },
      },
    },
    async (request, reply) => {
      const { amount, ...rest } = request.body;
      const result = await recordPayment(ctx, { ...rest, amount: amount.amount, currency: amount.currency });
      if (result.created) await queueRollups(ctx);
      return reply.status(result.created ? 201 : 200).send(toJsonView(result.payment));
    },
  );
}
