import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { addAccountCategory } from '../../billing/reference-lists/add-account-category.ts';
import { listAccountCategories } from '../../billing/reference-lists/list-account-categories.ts';
import { removeAccountCategory } from '../../billing/reference-lists/remove-account-category.ts';
import type { ApiApp } from '../api-app.ts';
import { accountCategorySchema, codeParam, removedSchema, valueCodeSchema } from './reference-lists.schemas.ts';

const tags = ['reference lists'];

/** Account categories billing defines; an account's `accountCategory` must be one of them. */
export function registerAccountCategoriesRoutes(app: ApiApp, ctx: AppContext): void {
  app.get(
    '/account-categories',
    {
      schema: { summary: 'Every account category, by code', tags, response: { 200: z.array(accountCategorySchema) } },
    },
    async () => listAccountCategories(ctx),
  );

  app.post(
    '/account-categories',
    {
      schema: {
        summary: 'Add an account category (201; 200 when the same one is already there)',
        tags,
        body: z.strictObject({ code: valueCodeSchema, name: z.string().nullable().optional() }),
        response: { 200: accountCategorySchema, 201: accountCategorySchema },
      },
    },
    async (request, reply) => {
      const { value, created } = await addAccountCategory(ctx, request.body);
      return reply.status(created ? 201 : 200).send(value);
    },
  );

  app.delete(
    '/account-categories/:code',
    {
      schema: {
        summary: 'Remove an account category no account is in (409 account_category_in_use otherwise)',
        tags,
        params: codeParam,
        response: { 200: removedSchema },
      },
    },
    async (request) => removeAccountCategory(ctx, request.params.code),
  );
}
