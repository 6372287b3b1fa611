import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { addArTerm } from '../../billing/reference-lists/add-ar-term.ts';
import { listArTerms } from '../../billing/reference-lists/list-ar-terms.ts';
import { removeArTerm } from '../../billing/reference-lists/remove-ar-term.ts';
import type { ApiApp } from '../api-app.ts';
import { arTermSchema, codeParam, removedSchema, valueCodeSchema } from './reference-lists.schemas.ts';

const tags = ['reference lists'];

/** Named AR terms ("Net 30" = 30 days): the labels of Salesforce's AR Term picklist for an account's days. */
export function registerArTermsRoutes(app: ApiApp, ctx: AppContext): void {
  app.get(
    '/ar-terms',
    { schema: { summary: 'Every AR term, by days', tags, response: { 200: z.array(arTermSchema) } } },
    async () => listArTerms(ctx),
  );

  app.post(
    '/ar-terms',
    {
      schema: {
        summary: 'Add an AR term (201; 200 when the same one is already there; each names different days)',
        tags,
        body: z.strictObject({
          code: valueCodeSchema.meta({ examples: ['Net 90'] }),
          days: z.number().int().min(0).max(365).meta({ description: 'Whole days to pay, 0–365' }),
        }),
        response: { 200: arTermSchema, 201: arTermSchema },
      },
    },
    async (request, reply) => {
      const { value, created } = await addArTerm(ctx, request.body);
      return reply.status(created ? 201 : 200).send(value);
    },
  );

  app.delete(
    '/ar-terms/:code',
    {
      schema: {
        summary: 'Remove an AR term while no account sets its days (409 ar_term_in_use otherwise)',
        tags,
        params: codeParam,
        response: { 200: removedSchema },
      },
    },
    async (request) => removeArTerm(ctx, request.params.code),
  );
}
