import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { salesforceId18 } from '../../domain/salesforce-id.ts';
import type { SyncRunResult } from '../../sync/engine/recorded-run.ts';
import { syncAccounts } from '../../sync/flows/account-push/sync-accounts.ts';
import { linkAccount } from '../../sync/flows/account-push/link-account.ts';
import { pullCatalog } from '../../sync/flows/catalog-pull/pull-catalog.ts';
import { syncRollups } from '../../sync/flows/invoice-summary/sync-rollups.ts';
import { listSyncHistory } from '../../sync/history/list-sync-history.ts';
import { showMappings } from '../../sync/mappings/show-mappings.ts';
import { retrySync } from '../../sync/retry-sync.ts';
import type { ApiApp } from '../api-app.ts';
import { idJson, salesforceIdSchema } from '../schemas.ts';

const tags = ['sync'];

/**
 * Accounts one request may name: a button names one, a Flow or trigger at most a batch (Salesforce hands them
 * over 200 at a time); a sync of everything names none.
 */
const MAX_SYNC_IDS = 200;

const countsSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  deferred: z.number().int(),
});

const errorSchema = z.object({ code: z.string(), message: z.string() });
const diffSchema = z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).nullable();

export const syncRunSchema = z.object({
  runId: idJson,
  flow: z.string(),
  status: z.enum(['running', 'succeeded', 'partial', 'failed', 'deferred']),
  dryRun: z.boolean(),
  counts: countsSchema,
  objects: z.record(z.string(), countsSchema),
  apiCalls: z.number().int().meta({ description: 'Salesforce API calls the run made' }),
  error: errorSchema.optional(),
  records: z.array(
    z.object({
      object: z.string(),
      salesforceId: z.string().nullable(),
      billingId: idJson.nullable(),
      label: z.string().nullable(),
      outcome: z.enum(['created', 'updated', 'unchanged', 'skipped', 'failed', 'deferred']),
      diff: diffSchema.optional(),
      errorCode: z.string().nullable().optional(),
      errorMessage: z.string().nullable().optional(),
      warnings: z.array(z.string()).nullable().optional(),
    }),
  ),
});

const runViewSchema = z.object({
  runId: idJson,
  flow: z.string(),
  trigger: z.string(),
  dryRun: z.boolean(),
  status: z.string(),
  counts: countsSchema,
  objects: z.record(z.string(), countsSchema).optional(),
  apiCalls: z.number().int(),
  retries: z.array(
    z.object({
      operation: z.string(),
      attempt: z.number().int(),
      code: z.string(),
      message: z.string(),
      at: z.string(),
    }),
  ),
  error: errorSchema.nullable(),
  retryOf: idJson.nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

const outcomeViewSchema = z.object({
  id: idJson,
  runId: idJson,
  object: z.string(),
  salesforceId: z.string().nullable(),
  billingId: idJson.nullable(),
  label: z.string().nullable(),
  outcome: z.string(),
  diff: diffSchema,
  error: errorSchema.nullable(),
  warnings: z.array(z.string()),
  at: z.string(),
});

/** A run's result as JSON (billing ids as strings). */
export const syncRunJson = (result: SyncRunResult) => ({
  ...result,
  records: result.records.map((r) => ({ ...r, billingId: r.billingId?.toString() ?? null })),
});

/** The sync buttons, the integration history, retries and the field mappings. */
export function registerSyncRoutes(app: ApiApp, ctx: AppContext): void {
  app.post(
    '/sync/accounts',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Sync flagged Salesforce accounts (with parents) and contacts into billing now',
        description:
          'With dryRun: the same per-record plan and counts, and nothing written anywhere. With salesforceIds: ' +
          'only those accounts (flagged or not: naming one asks for it, as the "Sync to billing" button does) ' +
          'and their parents, with their contacts (and any contact named).',
        tags,
        body: z
          .strictObject({
            dryRun: z.boolean().optional(),
            salesforceIds: z.array(salesforceIdSchema).min(1).max(MAX_SYNC_IDS).optional(),
            trigger: z.enum(['api', 'button']).optional().meta({
              description: 'What the history records as the trigger: `button` from the Account page (default api)',
            }),
          })
          .optional(),
        response: { 200: syncRunSchema },
      },
    },
    async (request) => {
      const ids = request.body?.salesforceIds;
      return syncRunJson(
        await syncAccounts(ctx, {
          dryRun: request.body?.dryRun,
          trigger: request.body?.trigger ?? 'api',
          // The flow compares 18-character ids; the schema let only ids salesforceId18 accepts through.
          salesforceIds: ids && [...new Set(ids.map((id) => salesforceId18(id) ?? id))],
        }),
      );
    },
  );

  app.post(
    '/sync/catalog',
    {
      config: { access: 'operator' },
      schema: {
        summary: "Pull billing's catalog into Salesforce's integrated price book (the catalog button)",
        description:
          'Products, Product Services and price book entries, written where they differ; retired packages and services are deactivated. `dryRun` is the preview.',
        tags,
        body: z.strictObject({ dryRun: z.boolean().optional() }).optional(),
        response: { 200: syncRunSchema },
      },
    },
    async (request) => syncRunJson(await pullCatalog(ctx, { dryRun: request.body?.dryRun, trigger: 'api' })),
  );

  app.post(
    '/sync/rollups',
    {
      config: { access: 'operator' },
      schema: {
        summary: "Write billing's invoice roll-ups onto the linked Salesforce accounts whose figures changed",
        tags,
        body: z.strictObject({ dryRun: z.boolean().optional() }).optional(),
        response: { 200: syncRunSchema },
      },
    },
    async (request) => syncRunJson(await syncRollups(ctx, { dryRun: request.body?.dryRun, trigger: 'api' })),
  );

  app.post(
    '/sync/link',
    {
      config: { access: 'operator' },
      schema: {
        summary:
          'Link an existing Salesforce account to an existing billing account (the "Link billing account" button)',
        description: "Billing's primary email, billing cycle and account category overwrite the Salesforce values.",
        tags,
        body: z.strictObject({
          salesforceId: z
            .string()
            .max(18)
            .meta({ examples: ['001000000000001AAA'] }),
          account: z
            .string()
            .max(40)
            .meta({ description: 'Billing account id or number', examples: ['A-1001'] }),
        }),
        response: { 200: syncRunSchema },
      },
    },
    async (request) => syncRunJson(await linkAccount(ctx, request.body)),
  );

  app.post(
    '/sync/retry',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Sync again a failed record (Salesforce id) or a run (its failed and deferred records)',
        tags,
        body: z.strictObject({ target: z.string().max(40), dryRun: z.boolean().optional() }),
        response: { 200: syncRunSchema },
      },
    },
    async (request) => syncRunJson(await retrySync(ctx, request.body)),
  );

  app.get(
    '/sync/history',
    {
      schema: {
        summary: 'Sync runs newest first; with failed, the records that failed or were deferred; with runId, one run',
        tags,
        querystring: z.object({
          failed: z.stringbool().optional(),
          runId: z.string().max(20).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
        response: { 200: z.object({ runs: z.array(runViewSchema), records: z.array(outcomeViewSchema) }) },
      },
    },
    async (request) => listSyncHistory(ctx, request.query),
  );

  app.get(
    '/sync/mappings',
    {
      schema: {
        summary: 'The field mappings; with check, what the org is missing for them',
        tags,
        querystring: z.object({ check: z.stringbool().optional() }),
        response: {
          200: z.object({
            rows: z.array(
              z.object({
                mapping: z.string(),
                version: z.number().int(),
                salesforceObject: z.string(),
                salesforceField: z.string(),
                billingField: z.string(),
                direction: z.enum(['to_billing', 'to_salesforce']),
                transform: z.string(),
                required: z.boolean(),
                onLinkOnly: z.boolean(),
                absentInOrg: z.enum(['org_currency']).nullable(),
                orgValue: z.string().optional(),
              }),
            ),
            problems: z.array(z.string()).optional(),
          }),
        },
      },
    },
    async (request) => showMappings(ctx, request.query),
  );
}
