import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { accountHierarchy } from '../../billing/accounts/account-hierarchy.ts';
import { createAccount } from '../../billing/accounts/create-account.ts';
import { getAccount } from '../../billing/accounts/get-account.ts';
import { listAccounts } from '../../billing/accounts/list-accounts.ts';
import { updateAccount } from '../../billing/accounts/update-account.ts';
import type { ApiApp } from '../api-app.ts';
import { dateSchema } from '../schemas.ts';
import {
  accountDetailSchema,
  accountProfileFields,
  accountSchema,
  accountStatusSchema,
  accountTreeNodeSchema,
  addressSchema,
  refParam,
} from './billing.schemas.ts';

const tags = ['accounts'];
const accountParam = refParam('idOrNumber');
const ref = z
  .string()
  .min(1)
  .nullable()
  .optional()
  .meta({ description: "Account id or number; 'self' for invoicers; null to inherit" });

const settingsSchema = z.strictObject({
  name: z.string(),
  status: accountStatusSchema,
  statusEffectiveFrom: dateSchema
    .optional()
    .meta({ description: 'First day of the new status (default today): billing stops from a close date' }),
  currency: z.string(),
  parentId: ref,
  subscriptionInvoicerId: ref,
  usageInvoicerId: ref,
  taxAccountId: ref,
  ...accountProfileFields,
  address: addressSchema.partial().strict(),
});

/** Billing accounts: create, change, read (with inherited settings), page through, show the hierarchy. */
export function registerAccountsRoutes(app: ApiApp, ctx: AppContext): void {
  app.post(
    '/accounts',
    {
      schema: {
        summary: 'Create a billing account',
        tags,
        body: settingsSchema
          .partial()
          .required({ name: true, currency: true })
          .extend({ accountNumber: z.string().optional() }),
        response: { 201: accountDetailSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createAccount(ctx, request.body)),
  );

  app.get(
    '/accounts',
    {
      schema: {
        summary: 'List billing accounts a page at a time',
        tags,
        querystring: z.object({
          limit: z.coerce.number().int().optional(),
          cursor: z.string().optional(),
          search: z.string().optional(),
          parent: z.string().optional(),
          status: z.enum(['active', 'suspended', 'closed']).optional(),
        }),
        response: { 200: z.object({ accounts: z.array(accountSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => listAccounts(ctx, request.query),
  );

  app.get(
    '/accounts/:idOrNumber',
    {
      schema: {
        summary: 'A billing account with its effective (inherited) settings',
        tags,
        params: accountParam,
        response: { 200: accountDetailSchema },
      },
    },
    async (request) => getAccount(ctx, { idOrNumber: request.params.idOrNumber }),
  );

  app.patch(
    '/accounts/:idOrNumber',
    {
      schema: {
        summary: 'Change a billing account (currency, parent, invoicers, settings)',
        tags,
        params: accountParam,
        body: settingsSchema.partial(),
        response: { 200: accountDetailSchema },
      },
    },
    async (request) => updateAccount(ctx, { idOrNumber: request.params.idOrNumber, ...request.body }),
  );

  app.get(
    '/accounts/:idOrNumber/hierarchy',
    {
      schema: {
        summary: 'The whole hierarchy of an account, from its root',
        tags,
        params: accountParam,
        response: { 200: z.object({ accountId: z.string(), root: accountTreeNodeSchema }) },
      },
    },
    async (request) => accountHierarchy(ctx, { idOrNumber: request.params.idOrNumber }),
  );
}
