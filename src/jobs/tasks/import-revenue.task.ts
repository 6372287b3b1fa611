import { importContracts } from '../../revenue/import/import-contracts.ts';
import { defineTask } from '../define-task.ts';
import { queueNextRun, repeatPayload } from '../repeating-task.ts';

/** The key of the scheduled revenue import: a second schedule folds into it, never runs beside it. */
export const SCHEDULED_REVENUE_IMPORT_JOB_KEY = 'import_revenue_scheduled';

/**
 * `importContracts` on the queue: queued by the hub at start with `repeatEverySeconds`
 * (`REVBRIDGE_REVENUE_IMPORT_SECONDS`), after which each run queues the next under the same key. Each run reads
 * what changed since the last one (the cursor lives in the store), so changes made while revbridge was stopped
 * are caught up by the first run after it starts; one with nothing to read costs a few queries.
 */
export const importRevenueTask = defineTask({
  name: 'import_revenue',
  description:
    'opportunities passing the revenue filter into contracts, what changed since the last import (importContracts)',
  payload: repeatPayload,
  run: async (ctx, payload) => {
    await queueNextRun(ctx, 'import_revenue', payload, SCHEDULED_REVENUE_IMPORT_JOB_KEY);
    await importContracts(ctx, { trigger: 'schedule' });
  },
});
