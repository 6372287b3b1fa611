import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { addListValue } from '../../billing/reference-lists/add-list-value.ts';
import { listValues } from '../../billing/reference-lists/list-values.ts';
import type { ListRow, ListValueInput, ReferenceList } from '../../billing/reference-lists/reference-list.ts';
import { ACCOUNT_CATEGORIES, AR_TERMS, BILL_GROUPS } from '../../billing/reference-lists/reference-lists.ts';
import { removeListValue } from '../../billing/reference-lists/remove-list-value.ts';
import type { ApiApp } from '../api-app.ts';
import {
  accountCategorySchema,
  arTermBody,
  arTermSchema,
  billGroupSchema,
  codeParam,
  namedValueBody,
  removedSchema,
} from './reference-lists.schemas.ts';

/** What the API says of one reference list: the schema of its values, what an add takes, and the summaries. */
interface ListRoutes<View> {
  list: ReferenceList<ListRow, View>;
  value: z.ZodType<View>;
  body: z.ZodType<ListValueInput>;
  summaries: { list: string; add: string; remove: string };
}

const tags = ['reference lists'];

/**
 * Billing's reference lists, each at its own path (`/bill-groups`, `/ar-terms`, `/account-categories`): an
 * account's bill group and category must be one of theirs, and they are the values of Salesforce's picklists.
 */
export function registerReferenceListsRoutes(app: ApiApp, ctx: AppContext): void {
  registerListRoutes(app, ctx, {
    list: BILL_GROUPS,
    value: billGroupSchema,
    body: namedValueBody,
    summaries: {
      list: 'Every bill group, by code',
      add: 'Add a bill group (201; 200 when the same one is already there)',
      remove: 'Remove a bill group no account sets (409 bill_group_in_use otherwise)',
    },
  });
  registerListRoutes(app, ctx, {
    list: AR_TERMS,
    value: arTermSchema,
    body: arTermBody,
    summaries: {
      list: 'Every AR term, by days',
      add: 'Add an AR term (201; 200 when the same one is already there; each names different days)',
      remove: 'Remove an AR term while no account sets its days (409 ar_term_in_use otherwise)',
    },
  });
  registerListRoutes(app, ctx, {
    list: ACCOUNT_CATEGORIES,
    value: accountCategorySchema,
    body: namedValueBody,
    summaries: {
      list: 'Every account category, by code',
      add: 'Add an account category (201; 200 when the same one is already there)',
      remove: 'Remove an account category no account is in (409 account_category_in_use otherwise)',
    },
  });
}

/** `View` ties the list's values to the schema that documents them; Fastify is given the schema alone. */
function registerListRoutes<View>(app: ApiApp, ctx: AppContext, routes: ListRoutes<View>): void {
  const { list, body, summaries } = routes;
  const value: z.ZodType = routes.value;
  app.get(list.path, { schema: { summary: summaries.list, tags, response: { 200: z.array(value) } } }, async () =>
    listValues(ctx, list),
  );

  app.post(
    list.path,
    { schema: { summary: summaries.add, tags, body, response: { 200: value, 201: value } } },
    async (request, reply) => {
      const added = await addListValue(ctx, list, request.body);
      return reply.status(added.created ? 201 : 200).send(added.value);
    },
  );

  app.delete(
    `${list.path}/:code`,
    { schema: { summary: summaries.remove, tags, params: codeParam, response: { 200: removedSchema } } },
    async (request) => removeListValue(ctx, list, request.params.code),
  );
}
