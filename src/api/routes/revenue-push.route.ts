import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { CONFLICT_SIDES, resolveConflicts, revenueConflicts } from '../../revenue/conflicts/resolve-conflicts.ts';
import { pushContracts } from '../../revenue/push/push-contracts.ts';
import type { ApiApp } from '../api-app.ts';
import { contractRef } from './revenue.route.ts';
import { syncRunJson, syncRunSchema } from './sync.route.ts';

const tags = ['revenue'];

const conflictSchema = z.object({
  contractId: z.string(),
  opportunityId: z.string().nullable(),
  contract: z.string(),
  field: z.string().meta({
    description:
      'The contract field: name, stage, closeDate, start, end, assignedArr, assignedMrr, or line:<id>.quantity|revenue|start|end|product',
  }),
  salesforceField: z.string().meta({ examples: ['Opportunity.Name'] }),
  synced: z.string().nullable().meta({ description: 'The value both sides last agreed on' }),
  revbridge: z.string().nullable(),
  salesforce: z.string().nullable(),
  detectedAt: z.string(),
});

/** The push of contracts changed in revbridge, and the conflicts it finds. */
export function registerRevenuePushRoutes(app: ApiApp, ctx: AppContext): void {
  app.post(
    '/revenue/push',
    {
      config: { access: 'operator' },
      schema: {
        summary: 'Push contracts made or changed in revbridge to Salesforce now',
        description:
          'New contracts become opportunities with line items on the configured price book; changed ones send the fields changed in revbridge. A field changed on both sides is a conflict (GET /revenue/conflicts), never overwritten; a refusal is in the history, on the contract and on the opportunity. `dryRun` writes nothing.',
        tags,
        body: z.strictObject({ dryRun: z.boolean().optional() }).optional(),
        response: { 200: syncRunSchema },
      },
    },
    async (request) => syncRunJson(await pushContracts(ctx, { dryRun: request.body?.dryRun, trigger: 'api' })),
  );

  app.get(
    '/revenue/conflicts',
    {
      schema: {
        summary: 'Fields changed both in revbridge and in Salesforce since they last agreed',
        tags,
        response: { 200: z.array(conflictSchema) },
      },
    },
    async () => revenueConflicts(ctx),
  );

  app.post(
    '/revenue/conflicts/:contract/resolve',
    {
      schema: {
        summary: "Resolve a contract's conflicts: keep revbridge's values (pushed next) or Salesforce's",
        tags,
        params: z.object({ contract: contractRef }),
        body: z.strictObject({ keep: z.enum(CONFLICT_SIDES) }),
        response: {
          200: z.object({ contractId: z.string(), kept: z.enum(CONFLICT_SIDES), fields: z.array(z.string()) }),
        },
      },
    },
    async (request) => resolveConflicts(ctx, request.params.contract, request.body.keep),
  );
}
