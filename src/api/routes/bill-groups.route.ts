import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { addBillGroup } from '../../billing/reference-lists/add-bill-group.ts';
import { listBillGroups } from '../../billing/reference-lists/list-bill-groups.ts';
import { removeBillGroup } from '../../billing/reference-lists/remove-bill-group.ts';
import type { ApiApp } from '../api-app.ts';
import { billGroupSchema, codeParam, removedSchema, valueCodeSchema } from './reference-lists.schemas.ts';

const tags = ['reference lists'];

/** Bill groups billing defines; an account's `billGroup` must be one of them. */
export function registerBillGroupsRoutes(app: ApiApp, ctx: AppContext): void {
  app.get(
    '/bill-groups',
    { schema: { summary: 'Every bill group, by code', tags, response: { 200: z.array(billGroupSchema) } } },
    async () => listBillGroups(ctx),
  );

  app.post(
    '/bill-groups',
    {
      schema: {
        summary: 'Add a bill group (201; 200 when the same one is already there)',
        tags,
        body: z.strictObject({ code: valueCodeSchema, name: z.string().nullable().optional() }),
        response: { 200: billGroupSchema, 201: billGroupSchema },
      },
    },
    async (request, reply) => {
      const { value, created } = await addBillGroup(ctx, request.body);
      return reply.status(created ? 201 : 200).send(value);
    },
  );

  app.delete(
    '/bill-groups/:code',
    {
      schema: {
        summary: 'Remove a bill group no account sets (409 bill_group_in_use otherwise)',
        tags,
        params: codeParam,
        response: { 200: removedSchema },
      },
    },
    async (request) => removeBillGroup(ctx, request.params.code),
  );
}
