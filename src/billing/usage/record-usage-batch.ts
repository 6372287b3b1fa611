import type { AppContext } from '../../app-context.ts';
import { fail } from '../../domain/errors.ts';
import { assertResendsMatch } from './assert-same-usage.ts';
import { insertUsageRows } from './usage.repo.ts';
import { checkUsage, type UsageInput } from './usage-input.ts';

export interface RecordUsageBatchInput {
  rows: UsageInput[];
}

export interface RecordUsageBatchResult {
  received: number;
  recorded: number;
  /** Rows whose externalId was already stored (or repeated in the batch) for the same usage: skipped. */
  duplicates: number;
}

/** At most this many rows per call; larger feeds are split by the sender. */
export const MAX_USAGE_BATCH = 50_000;

/**
 * Records many usage rows at once: all checked first with a fixed number of queries, then written with
 * multi-row inserts in one transaction. One bad row refuses the batch (its index is in the error), so a
 * fixed feed can simply be sent again; rows already recorded by externalId are skipped when they carry
 * the same usage, and refuse the batch when they do not (`assertResendsMatch`, as for a single record).
 */
export async function recordUsageBatch(ctx: AppContext, input: RecordUsageBatchInput): Promise<RecordUsageBatchResult> {
  const rows = input.rows ?? [];
  if (rows.length > MAX_USAGE_BATCH) {
    fail('validation_failed', `A batch holds at most ${MAX_USAGE_BATCH} rows, got ${rows.length}.`, { field: 'rows' });
  }
  return ctx.db.transaction().execute(async (trx) => {
    const checked = await checkUsage(trx, rows, true, ctx.billing?.lateUsage);
    const ids = await insertUsageRows(trx, checked);
    // Every row new: nothing was skipped, so nothing can contradict what is stored.
    if (ids.length < checked.length) await assertResendsMatch(trx, checked, true);
    return { received: rows.length, recorded: ids.length, duplicates: rows.length - ids.length };
  });
}
