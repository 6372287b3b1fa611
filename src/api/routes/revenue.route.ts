import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { CONTRACT_LINK_KINDS } from '../../domain/contract-link.ts';
import { CONTRACT_STATES, STAGE_CATEGORIES } from '../../domain/contract-state.ts';
import { linkContracts } from '../../revenue/contracts/link-contracts.ts';
import { createContract, deleteContract, updateContract } from '../../revenue/contracts/manage-contracts.ts';
import { contractPage } from '../../revenue/contracts/list-contracts.ts';
import { importContracts } from '../../revenue/import/import-contracts.ts';
import { revenueMetrics } from '../../revenue/metrics/revenue-metrics.ts';
import { revenueProducts } from '../../revenue/products/list-revenue-products.ts';
import { reconcile } from '../../revenue/reconcile/reconcile.ts';
import { mapStage, revenueStages } from '../../revenue/stages/map-stage.ts';
import { queueRevenuePush } from '../../jobs/queue-revenue-push.ts';
import type { ApiApp } from '../api-app.ts';
import { dateSchema, quantitySchema, salesforceIdSchema } from '../schemas.ts';
import { syncRunJson, syncRunSchema } from './sync.route.ts';

const tags = ['revenue'];

const amount = z.string().meta({ description: 'A decimal amount in the tenant currency', examples: ['12000.00'] });

const contractSchema = z.object({
  contractId: z.string(),
  opportunityId: z.string().nullable(),
  name: z.string(),
  account: z.object({ salesforceId: z.string().nullable(), name: z.string().nullable() }),
  stage: z.string(),
  status: z.enum(STAGE_CATEGORIES),
  state: z.enum(CONTRACT_STATES),
  closeDate: z.string(),
  start: z.string(),
  end: z.string(),
  currency: z.string(),
  arr: amount,
  mrr: amount,
  acv: amount,
  totalArr: amount.meta({ description: "ARR with the contract's amendments in force on the day" }),
  totalMrr: amount,
  renews: z.string().nullable(),
  renewedBy: z.string().nullable(),
  amends: z.string().nullable(),
  amendedBy: z.array(z.string()),
  archived: z.boolean(),
  pushPending: z.boolean(),
  pushError: z.string().nullable(),
  lines: z.array(
    z.object({
      product: z.string(),
      quantity: z.string(),
      start: z.string(),
      end: z.string(),
      revenue: amount,
      arr: amount,
      mrr: amount,
      recurring: z.boolean(),
    }),
  ),
});

/** A contract named by its revbridge id or its opportunity's Salesforce id. */
export const contractRef = z
  .string()
  .regex(/^(\d{1,18}|[A-Za-z0-9]{15}|[A-Za-z0-9]{18})$/, 'must be a contract id or a Salesforce opportunity id')
  .meta({ examples: ['42', '006000000000001AAA'] });

const stageSchema = z.object({
  stage: z.string(),
  category: z.enum(STAGE_CATEGORIES),
  mappedBy: z.enum(['org', 'admin']),
});

/** Revenue management: the import, contracts, and what each stage means. */
export function registerRevenueRoutes(app: ApiApp, ctx: AppContext): void {
  app.post(
    '/revenue/import',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Import opportunities passing the import filter into contracts now',
        description:
          'What changed since the last import (or everything with `full`); each opportunity is a contract or a coded refusal, in the history and on its Revenue_Sync_Error__c. `dryRun` writes nothing.',
        tags,
        body: z.strictObject({ dryRun: z.boolean().optional(), full: z.boolean().optional() }).optional(),
        response: { 200: syncRunSchema },
      },
    },
    async (request) =>
      syncRunJson(
        await importContracts(ctx, { dryRun: request.body?.dryRun, full: request.body?.full, trigger: 'api' }),
      ),
  );

  app.get(
    '/revenue/contracts',
    {
      schema: {
        summary: 'Contracts as of a day, a page at a time',
        tags,
        querystring: z.object({
          limit: z.coerce.number().int().optional(),
          cursor: z.string().optional(),
          asOf: dateSchema.optional(),
          account: salesforceIdSchema.optional(),
          archived: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: z.object({ contracts: z.array(contractSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => contractPage(ctx, { ...request.query, archived: request.query.archived === 'true' }),
  );

  const lineInput = z.strictObject({
    product: z.string().min(1).max(255),
    quantity: quantitySchema.optional(),
    revenue: z
      .string()
      .meta({ description: 'Revenue for the line’s whole term, in the tenant currency', examples: ['12000.00'] }),
    start: dateSchema.optional(),
    end: dateSchema.optional(),
  });
  const contractFields = {
    account: salesforceIdSchema,
    accountName: z.string().max(255).optional(),
    name: z.string().min(1).max(120),
    stage: z.string().min(1).max(255),
    closeDate: dateSchema,
    start: dateSchema.optional(),
    end: dateSchema.optional(),
    assignedArr: z.string().optional(),
    assignedMrr: z.string().optional(),
    lines: z.array(lineInput).min(1).max(200),
  };
  app.post(
    '/revenue/contracts',
    {
      schema: {
        summary: 'A contract made in revbridge (a renewal or an upsell recorded outside Salesforce)',
        tags,
        body: z.strictObject(contractFields),
        response: { 200: contractSchema },
      },
    },
    async (request) => {
      const created = await createContract(ctx, request.body);
      await queueRevenuePush(ctx);
      return created;
    },
  );
  app.patch(
    '/revenue/contracts/:contract',
    {
      schema: {
        summary: 'Change a contract (lines given replace its lines; one in Salesforce is pending until pushed)',
        tags,
        params: z.object({ contract: contractRef }),
        body: z.strictObject(contractFields).partial(),
        response: { 200: contractSchema },
      },
    },
    async (request) => {
      const updated = await updateContract(ctx, request.params.contract, request.body);
      await queueRevenuePush(ctx);
      return updated;
    },
  );
  app.delete(
    '/revenue/contracts/:contract',
    {
      schema: {
        summary: 'Delete a contract made in revbridge and not yet pushed (nothing is ever deleted in Salesforce)',
        tags,
        params: z.object({ contract: contractRef }),
        response: { 200: z.object({ contractId: z.string(), deleted: z.literal(true) }) },
      },
    },
    async (request) => deleteContract(ctx, request.params.contract),
  );

  app.post(
    '/revenue/links',
    {
      schema: {
        summary: 'Link two contracts: the later one renews or amends the earlier (a renewal may not overlap it)',
        tags,
        body: z.strictObject({
          kind: z.enum(CONTRACT_LINK_KINDS),
          earlier: contractRef,
          later: contractRef,
        }),
        response: {
          200: z.object({ kind: z.enum(CONTRACT_LINK_KINDS), earlier: contractSchema, later: contractSchema }),
        },
      },
    },
    async (request) => {
      const linked = await linkContracts(ctx, request.body.kind, request.body.earlier, request.body.later);
      await queueRevenuePush(ctx);
      return linked;
    },
  );

  app.get(
    '/revenue/metrics',
    {
      schema: {
        summary: 'ARR, MRR, ACV, bookings, renewals due, overdue, churned ARR, NRR and GRR on a day',
        tags,
        querystring: z.object({ asOf: dateSchema.optional() }),
        response: {
          200: z.object({
            asOf: z.string(),
            currency: z.string(),
            arr: amount,
            mrr: amount,
            acv: amount,
            bookings: amount,
            renewalsDue: amount,
            overdue: z.object({ count: z.number().int(), arr: amount }),
            churnedArr: amount,
            nrr: z.string().nullable().meta({ description: 'A ratio, e.g. "1.0850"; null without ARR a year before' }),
            grr: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => revenueMetrics(ctx, request.query.asOf),
  );

  const reconciledSchema = z.object({
    salesforceId: z.string().nullable(),
    name: z.string().nullable(),
    billingAccount: z.string().nullable(),
    arr: amount,
    booked: amount,
    billed: z.string().meta({ description: "In the billing account's currency" }),
    difference: z.string().meta({ description: 'billed − booked; empty when the currencies differ' }),
    status: z.enum([
      'matched',
      'missing_invoice',
      'amount_differs',
      'contract_missing',
      'not_in_billing',
      'currency_differs',
    ]),
    detail: z.string(),
  });
  app.get(
    '/revenue/reconcile',
    {
      schema: {
        summary: 'Booked vs billed: per account, contract revenue in the period against what billing invoiced',
        description:
          'Each booked contract line cut to the period the way billing prorates, against invoice lines for service in the period (voided invoices out, credit notes off). Default period: the 12 months up to today.',
        tags,
        querystring: z.object({ from: dateSchema.optional(), to: dateSchema.optional() }),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            currency: z.string(),
            totals: z.object({ booked: amount, billed: amount, difference: amount }),
            accounts: z.array(reconciledSchema),
            differences: z.array(reconciledSchema),
          }),
        },
      },
    },
    async (request) => reconcile(ctx, request.query),
  );

  app.get(
    '/revenue/products',
    {
      schema: {
        summary: 'The revenue product list: Product2 rows the import read, and the default product',
        tags,
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              code: z.string().nullable(),
              name: z.string(),
              salesforceId: z.string().nullable(),
              active: z.boolean(),
              recurring: z.boolean(),
              packageId: z.string().nullable(),
              isDefault: z.boolean(),
            }),
          ),
        },
      },
    },
    async () => revenueProducts(ctx),
  );

  app.get(
    '/revenue/stages',
    {
      schema: {
        summary: 'Each imported stage and what it means: booked, lost or forecast',
        tags,
        response: { 200: z.array(stageSchema) },
      },
    },
    async () => revenueStages(ctx),
  );

  app.put(
    '/revenue/stages/:stage',
    {
      schema: {
        summary: "Map a stage to booked, lost or forecast (every contract's status follows at once)",
        tags,
        params: z.object({ stage: z.string().min(1).max(255) }),
        body: z.strictObject({ category: z.enum(STAGE_CATEGORIES) }),
        response: { 200: stageSchema },
      },
    },
    async (request) => mapStage(ctx, request.params.stage, request.body.category),
  );
}
