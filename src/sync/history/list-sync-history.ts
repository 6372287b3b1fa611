import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { findRun, listOutcomes, listRuns } from './history.repo.ts';
import { type SyncOutcomeView, type SyncRunView, toOutcomeView, toRunView } from './sync-history.views.ts';

export interface ListSyncHistoryInput {
  /** Only runs that did not fully succeed, and only failed or deferred records. */
  failed?: boolean;
  /** One run and its records. */
  runId?: string;
  limit?: number;
}

export interface SyncHistory {
  runs: SyncRunView[];
  /** Records of the run asked for, or the latest failed/deferred records across runs. */
  records: SyncOutcomeView[];
}

/** The integration history: runs newest first, with the records that need attention. */
export async function listSyncHistory(ctx: AppContext, input: ListSyncHistoryInput = {}): Promise<SyncHistory> {
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 500);
  const failedOnly = input.failed ?? false;
  if (input.runId !== undefined) {
    const id = /^\d{1,18}$/.test(input.runId) ? BigInt(input.runId) : undefined;
    const run = id === undefined ? undefined : await findRun(ctx.db, id);
    if (!run) fail('sync_run_not_found', `No sync run has id "${input.runId}".`);
    const records = await listOutcomes(ctx.db, { runId: run.id, failedOnly, limit: 10 * limit });
    return { runs: [toRunView(run)], records: records.map(toOutcomeView) };
  }
  const runs = await listRuns(ctx.db, { limit, failedOnly });
  const records = failedOnly ? await listOutcomes(ctx.db, { failedOnly: true, limit }) : [];
  return { runs: runs.map(toRunView), records: records.map(toOutcomeView) };
}
