import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { getCreditNote } from '../../billing/credit-notes/get-credit-note.ts';
import { issueCreditNote } from '../../billing/credit-notes/issue-credit-note.ts';
import { listCreditNotes } from '../../billing/credit-notes/list-credit-notes.ts';
import { toJsonView } from '../../billing/json-view.ts';
import { fail } from '../../domain/errors.ts';
import type { ApiApp } from '../api-app.ts';
import { dateJson, idJson, moneyInputSchema, moneySchema } from '../schemas.ts';
import { refParam } from './billing.schemas.ts';

const creditNoteSchema = z.object({
  id: idJson,
  creditNoteNumber: z.string(),
  invoiceId: idJson,
  invoiceNumber: z.string(),
  accountId: idJson,
  accountNumber: z.string(),
  reason: z.string(),
  issuedOn: dateJson,
  currency: z.string(),
  subtotal: moneySchema,
  tax: moneySchema,
  total: moneySchema,
  reference: z.string().nullable(),
  lines: z.array(
    z.object({
      invoiceLineId: idJson,
      description: z.string(),
      periodStart: dateJson,
      periodEnd: dateJson,
      amount: moneySchema.meta({ description: 'Credited on the line, before tax' }),
      tax: moneySchema,
    }),
  ),
});

const issueBodySchema = z
  .strictObject({
    reason: z.string().min(1).max(500),
    lines: z
      .array(
        z.strictObject({
          lineId: z.string().min(1).meta({ description: 'An invoice line id (from GET /invoices/:idOrNumber)' }),
          amount: moneyInputSchema
            .optional()
            .meta({ description: 'Before tax; default: all that is left on the line' }),
        }),
      )
      .min(1)
      .optional()
      .meta({ description: 'Credit these lines; without lines and amount the whole invoice is credited' }),
    amount: moneyInputSchema
      .optional()
      .meta({ description: 'Credit this amount (before tax), spread over the lines in proportion' }),
    reference: z.string().min(1).optional().meta({ description: 'Idempotency key: the same reference issues once' }),
  })
  .meta({ description: 'Credit the whole invoice (no lines, no amount), some lines, or an amount' });

/** Credit notes: corrections of issued invoices without editing them. */
export function registerCreditNotesRoutes(app: ApiApp, ctx: AppContext): void {
  app.post(
    '/invoices/:idOrNumber/credit-notes',
    {
      schema: {
        summary: 'Issue a credit note against an invoice (201; 200 when its reference was already used)',
        tags: ['credit notes'],
        params: refParam('idOrNumber'),
        body: issueBodySchema,
        response: { 200: creditNoteSchema, 201: creditNoteSchema },
      },
    },
    async (request, reply) => {
      const { reason, lines, amount, reference } = request.body;
      const currencies = [
        ...new Set([amount?.currency, ...(lines ?? []).map((l) => l.amount?.currency)].filter((c) => c !== undefined)),
      ];
      if (currencies.length > 1) {
        fail('currency_mismatch', `All amounts of a credit note are in one currency; got ${currencies.join(', ')}.`, {
          currencies,
        });
      }
      const result = await issueCreditNote(ctx, {
        invoice: request.params.idOrNumber,
        reason,
        reference,
        amount: amount?.amount,
        currency: currencies[0],
        lines: lines?.map((l) => ({ lineId: l.lineId, amount: l.amount?.amount })),
      });
      return reply.status(result.created ? 201 : 200).send(toJsonView(result.creditNote));
    },
  );

  app.get(
    '/invoices/:idOrNumber/credit-notes',
    {
      schema: {
        summary: "An invoice's credit notes in issue order",
        tags: ['credit notes'],
        params: refParam('idOrNumber'),
        response: { 200: z.object({ creditNotes: z.array(creditNoteSchema) }) },
      },
    },
    async (request) => ({ creditNotes: toJsonView(await listCreditNotes(ctx, request.params.idOrNumber)) }),
  );

  app.get(
    '/credit-notes/:idOrNumber',
    {
      schema: {
        summary: 'One credit note with its lines, by number (A-1001-CN-0001) or id',
        tags: ['credit notes'],
        params: refParam('idOrNumber'),
        response: { 200: creditNoteSchema },
      },
    },
    async (request) => toJsonView(await getCreditNote(ctx, request.params.idOrNumber)),
  );
}
