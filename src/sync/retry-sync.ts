import type { AppContext } from '../app-context.ts';
import { fail } from '../domain/errors.ts';
import { salesforceId18 } from '../domain/salesforce-id.ts';
import type { SyncOptions } from './engine/sync-context.ts';
import type { SyncRunResult } from './engine/recorded-run.ts';
import { syncAccounts } from './flows/account-push/sync-accounts.ts';
import { pullCatalog } from './flows/catalog-pull/pull-catalog.ts';
import { pushOpportunity } from './flows/opportunity-push/push-opportunity.ts';
import { syncRollups } from './flows/invoice-summary/sync-rollups.ts';
import { findRun, listOutcomes } from './history/history.repo.ts';

export interface RetrySyncInput {
  /** A run id (its failed and deferred records are synced again) or a Salesforce record id. */
  target: string;
  dryRun?: boolean;
  onProgress?: SyncOptions['onProgress'];
}

/**
 * Retries one failed record, or a run: its failed and deferred records, or all of it when the run
 * stopped before reaching records (Salesforce unreachable, budget low). The new run names the one it
 * retries in the history. Account runs retry their records; a roll-up or catalog run is run again whole
 * (each writes only what differs, so that is the retry of its failures and costs nothing more).
 */
export async function retrySync(ctx: AppContext, input: RetrySyncInput): Promise<SyncRunResult> {
  const target = input.target.trim();
  const options = { trigger: 'retry' as const, dryRun: input.dryRun, onProgress: input.onProgress };
  if (/^\d{1,18}$/.test(target)) {
    const run = await findRun(ctx.db, BigInt(target));
    if (!run) fail('sync_run_not_found', `No sync run has id "${target}".`);
    const stuck = await listOutcomes(ctx.db, { runId: run.id, failedOnly: true, limit: 100_000 });
    if (run.flow !== 'accounts') {
      const ids = stuck.map((o) => o.salesforce_id).filter((id) => id !== null);
      return rerun(ctx, run.flow, ids[0] ?? null, { ...options, retryOf: run.id });
    }
    // The failed accounts (with their contacts) and contacts; a run that stopped before any record is run whole.
    const ids = [...new Set(stuck.filter((o) => o.salesforce_id).map((o) => o.salesforce_id!))];
    return syncAccounts(ctx, { ...options, retryOf: run.id, salesforceIds: ids.length > 0 ? ids : undefined });
  }
  const salesforceId = salesforceId18(target);
  if (salesforceId) {
    const last = await ctx.db
      .selectFrom('sync_outcomes')
      .innerJoin('sync_runs', 'sync_runs.id', 'sync_outcomes.run_id')
      .select(['sync_outcomes.run_id', 'sync_runs.flow'])
      .where('sync_outcomes.salesforce_id', '=', salesforceId)
      .orderBy('sync_outcomes.id', 'desc')
      .executeTakeFirst();
    if (last && last.flow !== 'accounts')
      return rerun(ctx, last.flow, salesforceId, { ...options, retryOf: last.run_id });
    return syncAccounts(ctx, { ...options, retryOf: last?.run_id ?? null, salesforceIds: [salesforceId] });
  }
  fail(
    'validation_failed',
    `"${target}" is neither a sync run id (digits) nor a Salesforce record id (15 or 18 characters).`,
    {
      field: 'target',
    },
  );
}

/**
 * A flow whose records are not retried one by one: a roll-up or catalog run again whole, a push of the
 * opportunity it failed on again.
 */
function rerun(
  ctx: AppContext,
  flow: string,
  salesforceId: string | null,
  options: SyncOptions,
): Promise<SyncRunResult> {
  if (flow === 'rollups') return syncRollups(ctx, options);
  if (flow === 'catalog') return pullCatalog(ctx, options);
  if (flow === 'opportunity_push' && salesforceId) return pushOpportunity(ctx, salesforceId, options);
  fail(
    'sync_run_not_retryable',
    flow === 'opportunity_services'
      ? 'A pricing run is not retried (its changes are not kept): price the opportunity again (`revbridge opportunity price <OpportunityId>`).'
      : `A ${flow} run that names no record is not retried: start it again with the command or button that made it.`,
    { flow },
  );
}
