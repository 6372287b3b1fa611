import { z } from 'zod';
import { syncRollups } from '../../sync/flows/invoice-summary/sync-rollups.ts';
import { defineTask } from '../define-task.ts';
import { addJob } from '../job-queue.repo.ts';
import { jobsSchemaOf } from '../job-settings.ts';

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
  payload: z.strictObject({
    repeatEverySeconds: z
      .number()
      .int()
      .min(60)
      .max(7 * 86_400)
      .optional(),
  }),
  run: async (ctx, payload) => {
    if (payload.repeatEverySeconds !== undefined) {
      // add_job itself (as poll_changes does): enqueueJob reads the task registry, which lists this task.
      await addJob(ctx.db, jobsSchemaOf(ctx), {
        task: 'sync_rollups',
        payload,
        jobKey: DAILY_ROLLUPS_JOB_KEY,
        runAt: new Date(ctx.clock.now().getTime() + payload.repeatEverySeconds * 1000),
        maxAttempts: 5,
      });
    }
    await syncRollups(ctx, { trigger: 'schedule' });
  },
});
