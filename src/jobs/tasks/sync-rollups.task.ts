import { syncRollups } from '../../sync/flows/invoice-summary/sync-rollups.ts';
import { defineTask } from '../define-task.ts';
import { queueNextRun, repeatPayload } from '../repeating-task.ts';

/** The key of the daily roll-up run (past due moves with the calendar, with no billing event to queue it). */
export const DAILY_ROLLUPS_JOB_KEY = 'sync_rollups_daily';

/**
 * `syncRollups` on the queue: queued after every billing run and payment (keyed `sync_rollups`, so a burst of
 * payments writes the roll-ups once), and by the hub at start with `repeatEverySeconds` (one day), after which
 * each run queues the next under `sync_rollups_daily`.
 */
export const syncRollupsTask = defineTask({
  name: 'sync_rollups',
  description: "billing's invoice roll-ups onto the linked Salesforce accounts (syncRollups)",
  payload: repeatPayload,
  run: async (ctx, payload) => {
    await queueNextRun(ctx, 'sync_rollups', payload, DAILY_ROLLUPS_JOB_KEY);
    await syncRollups(ctx, { trigger: 'schedule' });
  },
});
