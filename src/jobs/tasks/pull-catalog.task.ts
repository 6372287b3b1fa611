import { z } from 'zod';
import { pullCatalog } from '../../sync/flows/catalog-pull/pull-catalog.ts';
import { defineTask } from '../define-task.ts';
import { addJob } from '../job-queue.repo.ts';
import { jobsSchemaOf } from '../job-settings.ts';

/** The key of the scheduled catalog pull: a second schedule folds into it, never runs beside it. */
export const SCHEDULED_CATALOG_PULL_JOB_KEY = 'pull_catalog_scheduled';

/**
 * `pullCatalog` on the queue: queued by the hub at start with `repeatEverySeconds`
 * (`REVBRIDGE_CATALOG_PULL_SECONDS`), after which each run queues the next under the same key. Queued first,
 * then pulled, so a pull that fails (Salesforce down) does not end the schedule. An unchanged catalog costs
 * its reads and no write, so a daily pull is cheap.
 */
export const pullCatalogTask = defineTask({
  name: 'pull_catalog',
  description: "billing's catalog into Salesforce's integrated price book (pullCatalog)",
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
      // add_job itself, as poll_changes does: enqueueJob reads the task registry, which lists this task.
      await addJob(ctx.db, jobsSchemaOf(ctx), {
        task: 'pull_catalog',
        payload,
        jobKey: SCHEDULED_CATALOG_PULL_JOB_KEY,
        runAt: new Date(ctx.clock.now().getTime() + payload.repeatEverySeconds * 1000),
        maxAttempts: 5,
      });
    }
    await pullCatalog(ctx, { trigger: 'schedule' });
  },
});
